import { blockingSleep } from "../../catalogue/AL101-blocking-sleep";
import type { Fix } from "../../engine/types";
import { BLOCKING_SLEEPS } from "../knownApis";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, replaceNode } from "../pythonEdits";
import { callsInCoroutines, fixable, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { offloaded } from "./offloaded";
import { t } from "../../engine/l10n";

/** AL101: `time.sleep` in a coroutine. */
export const blockingSleepRule: PythonRule = {
  meta: blockingSleep,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const site of callsInCoroutines(context)) {
      const name = context.symbols.callName(site);
      if (!name || !BLOCKING_SLEEPS.has(name) || offloaded(context, site)) continue;
      const fixes: Fix[] = [];
      const args = argumentsText(site.node);
      if (args !== undefined && fixable(context, site.node) && !insideGeneratorExpression(site.node, site.scope.node)) {
        const asyncio = ensureModuleImport(context.model, context.lines, "asyncio");
        fixes.push({
          title: t("Replace with `await asyncio.sleep(…)`"),
          edits: [replaceNode(context.lines, site.node, awaitText(site.node, `${asyncio.name}.sleep(${args})`)), ...asyncio.edits],
          safe: true,
        });
      }
      reports.push({
        node: site.node,
        message: t("`{0}` blocks the event loop in {1}: every other task waits. Use `await asyncio.sleep(…)`.", site.callee.text, scopeLabel(site.scope)),
        fixes,
      });
    }
    return reports;
  },
};
