import { unawaitedCoroutine } from "../../catalogue/AL301-unawaited-coroutine";
import type { Fix } from "../../engine/types";
import { givesAsyncioAdvice, type EventLoopLibrary } from "../eventLoopLibrary";
import { ASYNCIO_ONLY_MODULES } from "../knownApis";
import { insideGeneratorExpression } from "../pythonEdits";
import { calleeLabel, fixable, valueUse, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/** How to run the coroutine, in the library that drives the module. */
function adviceFor(library: EventLoopLibrary, canAwait: boolean): string {
  switch (library) {
    case "trio":
      return canAwait
        ? t("Add `await`, or start it in a nursery with `nursery.start_soon(…)` (given the function and its arguments).")
        : t("Call it from a coroutine with `await`, or run it with `trio.run(…)` (given the function and its arguments).");
    case "anyio":
      return canAwait
        ? t("Add `await`, or start it in a task group with `start_soon(…)` (given the function and its arguments).")
        : t("Call it from a coroutine with `await`, or run it with `anyio.run(…)` (given the function and its arguments).");
    default:
      return canAwait
        ? t("Add `await`, or schedule it with `asyncio.create_task` and keep the task.")
        : t("Call it from a coroutine with `await`, or run it with `asyncio.run(…)`.");
  }
}

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
        const edits = [{ range: { start: at, end: at }, newText: "await " }];
        // Awaiting an asyncio coroutine where trio (or anyio's trio backend) runs the code raises: not a repair to apply blindly.
        if (!givesAsyncioAdvice(context.model.eventLoop) && ASYNCIO_ONLY_MODULES.some((prefix) => name.startsWith(prefix))) {
          fixes.push({ title: t("Add `await` (an asyncio coroutine: it raises unless asyncio runs this code)"), edits, safe: false });
        } else {
          fixes.push({ title: t("Add `await`"), edits, safe: true });
        }
      }
      const label = calleeLabel(site);
      const advice = adviceFor(context.model.eventLoop.library, canAwait);
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
