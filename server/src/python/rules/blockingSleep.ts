import type { Node } from "web-tree-sitter";
import { blockingSleep } from "../../catalogue/AL101-blocking-sleep";
import type { Fix } from "../../engine/types";
import { remediesOf, surelyRunsOn } from "../eventLoopLibrary";
import { BLOCKING_SLEEPS } from "../knownApis";
import type { Scope } from "../moduleModel";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, mergeInsertIntoDeletion, removeImportMadeUnused, replaceNode } from "../pythonEdits";
import { callsInCoroutines, fixable, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { reportHandedToRunner } from "./offloaded";
import { throughHelperReports } from "./throughHelpers";
import { t } from "../../engine/l10n";

/** True when the call sits in a plain `with` block of its coroutine: a lock taken there would stay held while other tasks run. */
function insideSyncWith(node: Node, scope: Scope): boolean {
  for (let n = node.parent; n && n.id !== scope.node.id; n = n.parent) {
    if (n.type === "with_statement" && n.firstChild?.type !== "async") return true;
  }
  return false;
}

/** AL101: `time.sleep` in a coroutine. */
export const blockingSleepRule: PythonRule = {
  meta: blockingSleep,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    const loop = context.model.eventLoop;
    const remedies = remediesOf(loop.library);
    const sleep = `${remedies.module}.${remedies.sleep}`;
    // A notebook's loop is IPython's asyncio loop; elsewhere the fix is only sure where the module shows its library.
    const sure = surelyRunsOn(loop) || (context.notebook && loop.library === "unknown");
    const offered = sure || loop.library === "unknown";
    for (const site of callsInCoroutines(context)) {
      const name = context.symbols.callName(site);
      if (!name || !BLOCKING_SLEEPS.has(name)) continue;
      const fixes: Fix[] = [];
      const args = argumentsText(site.node);
      if (offered && args !== undefined && fixable(context, site.node) && !insideGeneratorExpression(site.node, site.scope.node)) {
        const module = ensureModuleImport(context.model, context.lines, remedies.module);
        // `import time` (or `from time import sleep`) goes when this was the last use of the name.
        const named = site.callee.type === "attribute" ? site.callee.childForFieldName("object") : site.callee;
        const unused = named ? removeImportMadeUnused(context.model, context.lines, named.text, named) : undefined;
        const replaced = replaceNode(context.lines, site.node, awaitText(site.node, `${module.name}.${remedies.sleep}(${args})`));
        const edits = mergeInsertIntoDeletion([replaced, ...module.edits, ...(unused ? [unused] : [])]);
        if (insideSyncWith(site.node, site.scope)) {
          fixes.push({ title: t("Replace with `await {0}(…)` (other tasks run while the `with` block is open; a lock it holds stays held)", sleep), edits, safe: false });
        } else if (!sure) {
          fixes.push({ title: t("Replace with `await asyncio.sleep(…)` (assumes asyncio runs this code; nothing in the module says so)"), edits, safe: false });
        } else {
          fixes.push({ title: remedies.module === "asyncio" ? t("Replace with `await asyncio.sleep(…)`") : t("Replace with `await {0}(…)`", sleep), edits, safe: true });
        }
      }
      reports.push({
        node: site.node,
        message:
          remedies.module === "asyncio"
            ? t("`{0}` blocks the event loop in {1}: every other task waits. Use `await asyncio.sleep(…)`.", site.callee.text, scopeLabel(site.scope))
            : t("`{0}` blocks the event loop in {1}: every other task waits. Use `await {2}(…)`.", site.callee.text, scopeLabel(site.scope), sleep),
        fixes,
      });
    }
    reports.push(...throughHelperReports(context, "AL101"));
    return reportHandedToRunner(context, reports);
  },
};
