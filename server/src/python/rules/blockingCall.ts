import type { Node } from "web-tree-sitter";
import { blockingCall } from "../../catalogue/AL102-blocking-call";
import { pythonAtLeast } from "../../engine/settings";
import type { Fix } from "../../engine/types";
import { remediesOf, surelyRunsOn } from "../eventLoopLibrary";
import { BLOCKING_CALLS, type BlockingCall } from "../knownApis";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, replaceNode } from "../pythonEdits";
import { callsInCoroutines, calleeLabel, fixable, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { blocksHere } from "./blockingWhen";
import { reportHandedToRunner } from "./offloaded";
import { throughHelperReports } from "./throughHelpers";
import { localizable, t } from "../../engine/l10n";

const USER_LISTED: BlockingCall = { instead: localizable("an async alternative, or `await asyncio.to_thread(…)`") };

/** True when a call passes a keyword argument (or `**kwargs`): trio's and anyio's thread runners take positional arguments only. */
function hasKeywordArguments(call: Node): boolean {
  const args = call.childForFieldName("arguments");
  return args?.type === "argument_list" && args.namedChildren.some((arg) => arg?.type === "keyword_argument" || arg?.type === "dictionary_splat");
}

/** AL102: processes, HTTP, DNS, sockets, SSH/Telnet/SMTP/FTP clients and `input()` called in a coroutine. */
export const blockingCallRule: PythonRule = {
  meta: blockingCall,
  check(context: PythonRuleContext): PythonReport[] {
    const extra = new Set(context.settings.python.extraBlockingCalls);
    const reports: PythonReport[] = [];
    const loop = context.model.eventLoop;
    const remedies = remediesOf(loop.library);
    const toThread = `${remedies.module}.${remedies.toThread}`;
    // asyncio's runner is offered where asyncio may drive the module (as before: the fix is unsafe anyway); trio's and anyio's only where the module surely runs on them.
    const offered = remedies.module === "asyncio" ? pythonAtLeast(context.settings, "3.9") : surelyRunsOn(loop);
    const userListed = new Set<number>();
    for (const site of callsInCoroutines(context)) {
      const name = context.symbols.callName(site);
      if (!name) continue;
      const known = BLOCKING_CALLS.get(name) ?? (extra.has(name) ? USER_LISTED : undefined);
      if (!known) continue;
      if (known.when && !blocksHere(context, site, known.when)) continue;
      if (known === USER_LISTED) userListed.add(site.node.id);
      const fixes: Fix[] = [];
      const args = argumentsText(site.node);
      if (
        args !== undefined &&
        offered &&
        (remedies.toThreadTakesKeywords || !hasKeywordArguments(site.node)) &&
        fixable(context, site.node) &&
        !insideGeneratorExpression(site.node, site.scope.node)
      ) {
        const module = ensureModuleImport(context.model, context.lines, remedies.module);
        const rest = args.trim() === "" ? "" : `, ${args}`;
        fixes.push({
          title:
            remedies.module === "asyncio"
              ? t("Run `{0}` in a thread with `await asyncio.to_thread(…)`", calleeLabel(site))
              : t("Run `{0}` in a thread with `await {1}(…)`", calleeLabel(site), toThread),
          edits: [replaceNode(context.lines, site.node, awaitText(site.node, `${module.name}.${remedies.toThread}(${site.callee.text}${rest})`)), ...module.edits],
          safe: false,
        });
      }
      const instead = remedies.module === "asyncio" ? t(known.instead) : (remedies.module === "trio" ? known.trio : known.anyio) ?? `\`await ${toThread}(…)\``;
      reports.push({
        node: site.node,
        message: t("`{0}` blocks the event loop in {1}. Use {2}.", calleeLabel(site), scopeLabel(site.scope), instead),
        fixes,
      });
    }
    // What a user-listed call returns is unknown: it may be the function meant to run in the thread.
    reports.push(...throughHelperReports(context, "AL102"));
    return reportHandedToRunner(context, reports, (node) => userListed.has(node.id));
  },
};
