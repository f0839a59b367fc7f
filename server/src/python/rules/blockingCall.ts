import { blockingCall } from "../../catalogue/AL102-blocking-call";
import { pythonAtLeast } from "../../engine/settings";
import type { Fix } from "../../engine/types";
import { BLOCKING_CALLS, type BlockingCall } from "../knownApis";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, replaceNode } from "../pythonEdits";
import { callsInCoroutines, calleeLabel, fixable, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { offloaded } from "./offloaded";
import { localizable, t } from "../../engine/l10n";

const USER_LISTED: BlockingCall = { instead: localizable("an async alternative, or `await asyncio.to_thread(…)`") };

/** AL102: processes, HTTP, SSH/Telnet clients and `input()` called in a coroutine. */
export const blockingCallRule: PythonRule = {
  meta: blockingCall,
  check(context: PythonRuleContext): PythonReport[] {
    const extra = new Set(context.settings.python.extraBlockingCalls);
    const reports: PythonReport[] = [];
    for (const site of callsInCoroutines(context)) {
      const name = context.symbols.callName(site);
      if (!name) continue;
      const known = BLOCKING_CALLS.get(name) ?? (extra.has(name) ? USER_LISTED : undefined);
      if (!known || offloaded(context, site)) continue;
      const fixes: Fix[] = [];
      const args = argumentsText(site.node);
      if (
        args !== undefined &&
        pythonAtLeast(context.settings, "3.9") &&
        fixable(context, site.node) &&
        !insideGeneratorExpression(site.node, site.scope.node)
      ) {
        const asyncio = ensureModuleImport(context.model, context.lines, "asyncio");
        const rest = args.trim() === "" ? "" : `, ${args}`;
        fixes.push({
          title: t("Run `{0}` in a thread with `await asyncio.to_thread(…)`", calleeLabel(site)),
          edits: [replaceNode(context.lines, site.node, awaitText(site.node, `${asyncio.name}.to_thread(${site.callee.text}${rest})`)), ...asyncio.edits],
          safe: false,
        });
      }
      reports.push({
        node: site.node,
        message: t("`{0}` blocks the event loop in {1}. Use {2}.", calleeLabel(site), scopeLabel(site.scope), t(known.instead)),
        fixes,
      });
    }
    return reports;
  },
};
