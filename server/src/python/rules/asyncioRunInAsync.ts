import { asyncioRunInAsync } from "../../catalogue/AL401-asyncio-run-in-async";
import type { Node } from "web-tree-sitter";
import type { Fix } from "../../engine/types";
import { givesAsyncioAdvice } from "../eventLoopLibrary";
import type { Scope } from "../moduleModel";
import { LOOP_RUNNERS } from "../knownApis";
import { awaitText, insideGeneratorExpression, isPrimary, replaceNode } from "../pythonEdits";
import { calleeLabel, fixable, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/** True when the call is in the body of a `try` of its own scope with a handler: an `except` may be catching the RuntimeError on purpose. */
function insideTryWithHandler(node: Node, scope: Scope): boolean {
  for (let n: Node | null = node, parent = node.parent; parent && parent.id !== scope.node.id; n = parent, parent = parent.parent) {
    if (parent.type === "try_statement" && parent.childForFieldName("body")?.id === n.id && parent.namedChildren.some((c) => c?.type === "except_clause" || c?.type === "except_group_clause")) {
      return true;
    }
  }
  return false;
}

/** AL401: `asyncio.run` / `run_until_complete` where a loop is already running. */
export const asyncioRunInAsyncRule: PythonRule = {
  meta: asyncioRunInAsync,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    // Under trio or anyio's trio backend no asyncio loop runs, so `asyncio.run` does not raise there.
    if (!givesAsyncioAdvice(context.model.eventLoop)) return reports;
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
        const edits = [replaceNode(context.lines, site.node, awaitText(site.node, coroutine))];
        // The call always raises where a loop runs, so awaiting instead changes nothing a working program does, unless it catches that error.
        if (insideTryWithHandler(site.node, site.scope)) {
          fixes.push({ title: t("Replace `{0}(…)` with `await` (the surrounding `except` no longer sees a RuntimeError)", calleeLabel(site)), edits, safe: false });
        } else {
          fixes.push({ title: t("Replace `{0}(…)` with `await`", calleeLabel(site)), edits, safe: true });
        }
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
