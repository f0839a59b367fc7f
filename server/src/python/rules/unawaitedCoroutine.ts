import { unawaitedCoroutine } from "../../catalogue/AL301-unawaited-coroutine";
import type { Fix } from "../../engine/types";
import { insideGeneratorExpression } from "../pythonEdits";
import { calleeLabel, fixable, valueUse, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/** AL301: a coroutine created and never awaited. */
export const unawaitedCoroutineRule: PythonRule = {
  meta: unawaitedCoroutine,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const site of context.model.calls) {
      const name = context.symbols.callName(site);
      if (!name || !context.symbols.isCoroutineFunction(name)) continue;
      const use = valueUse(context, site);
      if (use === "used") continue;
      const canAwait = site.scope.isAsync || (context.notebook && site.scope.kind === "module");
      const fixes: Fix[] = [];
      if (canAwait && fixable(context, site.node) && !insideGeneratorExpression(site.node, site.scope.node)) {
        const at = context.lines.positionAt(site.node.startIndex);
        fixes.push({ title: t("Add `await`"), edits: [{ range: { start: at, end: at }, newText: "await " }], safe: true });
      }
      const label = calleeLabel(site);
      const advice = canAwait
        ? t("Add `await`, or schedule it with `asyncio.create_task` and keep the task.")
        : t("Call it from a coroutine with `await`, or run it with `asyncio.run(…)`.");
      const message =
        use === "dropped"
          ? t("The coroutine from `{0}(…)` is never awaited, so `{0}` never runs. {1}", label, advice)
          : t("The coroutine from `{0}(…)` is bound to `{1}` and never used, so `{0}` never runs. {2}", label, site.node.parent?.childForFieldName("left")?.text ?? "", advice);
      reports.push({
        node: site.node,
        message,
        fixes,
      });
    }
    return reports;
  },
};
