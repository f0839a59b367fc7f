import { asyncioRunInAsync } from "../../catalogue/AL401-asyncio-run-in-async";
import type { Fix } from "../../engine/types";
import { LOOP_RUNNERS } from "../knownApis";
import { awaitText, insideGeneratorExpression, isPrimary, replaceNode } from "../pythonEdits";
import { calleeLabel, fixable, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/** AL401: `asyncio.run` / `run_until_complete` where a loop is already running. */
export const asyncioRunInAsyncRule: PythonRule = {
  meta: asyncioRunInAsync,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const site of context.model.calls) {
      const inRunningLoop = site.scope.isAsync || (context.notebook && site.scope.kind === "module");
      if (!inRunningLoop) continue;
      const name = context.symbols.callName(site);
      const isRunner = name !== undefined && (LOOP_RUNNERS.has(name) || name.endsWith(".run_until_complete"));
      if (!isRunner) continue;
      const fixes: Fix[] = [];
      const args = site.node.childForFieldName("arguments");
      const onlyArgument = args?.type === "argument_list" && args.namedChildCount === 1 ? args.namedChildren[0] : null;
      if (
        onlyArgument &&
        onlyArgument.type !== "keyword_argument" &&
        onlyArgument.type !== "list_splat" &&
        onlyArgument.type !== "dictionary_splat" &&
        fixable(context, site.node) &&
        !insideGeneratorExpression(site.node, site.scope.node)
      ) {
        const coroutine = isPrimary(onlyArgument) ? onlyArgument.text : `(${onlyArgument.text})`;
        fixes.push({
          title: t("Replace `{0}(…)` with `await`", calleeLabel(site)),
          edits: [replaceNode(context.lines, site.node, awaitText(site.node, coroutine))],
          safe: true,
        });
      }
      const message = site.scope.isAsync
        ? t("`{0}(…)` inside a coroutine raises RuntimeError (an event loop is already running). `await` the coroutine instead.", calleeLabel(site))
        : t("`{0}(…)` in a notebook raises RuntimeError (its event loop is already running). `await` the coroutine instead.", calleeLabel(site));
      reports.push({
        node: site.node,
        message,
        fixes,
      });
    }
    return reports;
  },
};
