import * as path from "node:path";
import type { Node } from "web-tree-sitter";
import { t } from "../../engine/l10n";
import { pythonAtLeast } from "../../engine/settings";
import type { Fix } from "../../engine/types";
import { remediesOf, surelyRunsOn } from "../eventLoopLibrary";
import { FILE_IO_FUNCTIONS, FILE_OPENERS } from "../fileSystemApis";
import { boundReceiver, firstBlocking, type BlockingChain, type ResolvedHelper } from "../helperChains";
import { literalArguments, type BlockingCode } from "../helperFacts";
import { BLOCKING_CALLS, BLOCKING_SLEEPS } from "../knownApis";
import { LocalHelpers } from "../localHelpers";
import type { CallSite } from "../moduleModel";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, replaceNode } from "../pythonEdits";
import { callsInCoroutines, calleeLabel, fixable, scopeLabel, type PythonReport, type PythonRuleContext } from "../pythonRule";
import { STANDARD_LIBRARY } from "../standardLibrary";
import { LOCAL } from "../symbols";

/** Per analysis: the module's own helpers, read once for the three rules that ask. */
const helpersOf = new WeakMap<PythonRuleContext, LocalHelpers>();

function localHelpers(context: PythonRuleContext): LocalHelpers {
  let helpers = helpersOf.get(context);
  if (!helpers) helpersOf.set(context, (helpers = new LocalHelpers(context.model, context.filePath, context.workspace, context.lines)));
  return helpers;
}

/** Names the blocking rules report themselves where they are called: never followed into (a library's own body would be). */
function reportedDirectly(name: string): boolean {
  return BLOCKING_SLEEPS.has(name) || BLOCKING_CALLS.has(name) || FILE_OPENERS.has(name) || FILE_IO_FUNCTIONS.has(name);
}

/** What the call in a coroutine reaches: a helper of this module or of another (through the workspace), and whether it binds the receiver. */
function calledHelper(context: PythonRuleContext, site: CallSite): { helper: ResolvedHelper; bound: boolean } | undefined {
  const name = context.symbols.callName(site);
  if (name === undefined || reportedDirectly(name)) return undefined;
  if (name.startsWith(LOCAL)) {
    const local = name.slice(LOCAL.length);
    const construction = !local.includes(".") && context.model.classes.has(local);
    const helper = localHelpers(context).helper(construction ? `${local}.__init__` : local);
    return helper ? { helper, bound: construction || boundReceiver(helper.params) } : undefined;
  }
  // The standard library's blocking calls are the rules' own; nothing under it is a workspace helper.
  if (!context.workspace?.helper || !name.includes(".") || STANDARD_LIBRARY.has(name.slice(0, name.indexOf(".")))) return undefined;
  const helper = context.workspace.helper(context.filePath, name);
  // A class's helper is its `__init__`, whose `self` the construction binds.
  return helper ? { helper, bound: boundReceiver(helper.params) } : undefined;
}

/** Where the chain ends, for the message: `requests.get` through `fetch_json()` (inventory.py:12). */
function chainText(chain: BlockingChain, fromFile: string | undefined): string {
  const where = chain.file !== undefined && chain.file !== (fromFile && path.resolve(fromFile)) ? ` (${path.basename(chain.file)}:${chain.range.start.line + 1})` : "";
  if (chain.via.length === 0) return t("it calls `{0}`{1}", chain.call, where);
  return t("it calls `{0}` through {1}{2}", chain.call, chain.via.map((name) => `\`${name}()\``).join(", "), where);
}

/** Per analysis: each call in a coroutine that reaches a blocking call through a helper, found once for the three rules that report them. */
const chainsOf = new WeakMap<PythonRuleContext, Array<{ site: CallSite; chain: BlockingChain }>>();

function blockingChains(context: PythonRuleContext): Array<{ site: CallSite; chain: BlockingChain }> {
  let chains = chainsOf.get(context);
  if (!chains) {
    chains = [];
    for (const site of callsInCoroutines(context)) {
      if (site.node.parent?.type === "await") continue;
      const called = calledHelper(context, site);
      if (!called) continue;
      const chain = firstBlocking(called.helper, literalArguments(site.node), called.bound);
      if (chain) chains.push({ site, chain });
    }
    chainsOf.set(context, chains);
  }
  return chains;
}

/**
 * AL101/AL102/AL103 at the call of a plain sync function or method that reaches the rule's
 * blocking call in its body, directly or through further helpers (same module, other modules,
 * `self.` methods, a class's `__init__`). Not for an awaited call (the function returns an
 * awaitable: its body is a wrapper), a helper passed to a thread runner (that is no call), nor
 * when the blocking call sits behind an `if` on a parameter the call's literal arguments rule out.
 */
export function throughHelperReports(context: PythonRuleContext, code: BlockingCode): PythonReport[] {
  if (context.helperMode) return [];
  const reports: PythonReport[] = [];
  const loop = context.model.eventLoop;
  const remedies = remediesOf(loop.library);
  const toThread = `${remedies.module}.${remedies.toThread}`;
  const offered = remedies.module === "asyncio" ? pythonAtLeast(context.settings, "3.9") : surelyRunsOn(loop);
  for (const { site, chain } of blockingChains(context)) {
    if (chain.code !== code) continue;
    const label = `${calleeLabel(site)}()`;
    const fixes: Fix[] = [];
    const args = argumentsText(site.node);
    if (args !== undefined && offered && (remedies.toThreadTakesKeywords || !hasKeywordArguments(site.node)) && fixable(context, site.node) && !insideGeneratorExpression(site.node, site.scope.node)) {
      const module = ensureModuleImport(context.model, context.lines, remedies.module);
      const rest = args.trim() === "" ? "" : `, ${args}`;
      fixes.push({
        title: t("Run `{0}` in a thread with `await {1}(…)` (other tasks run meanwhile, and its code then runs off the event loop's thread)", label, toThread),
        edits: [replaceNode(context.lines, site.node, awaitText(site.node, `${module.name}.${remedies.toThread}(${site.callee.text}${rest})`)), ...module.edits],
        safe: false,
      });
    }
    const blocksHere = t("`{0}` blocks the event loop here, called from {1}", chain.call, scopeLabel(site.scope));
    const report: PythonReport = {
      node: site.node,
      message: t("`{0}` blocks the event loop in {1}: {2}. Run it in a thread with `await {3}(…)`, or make what it calls async.", label, scopeLabel(site.scope), chainText(chain, context.filePath), toThread),
      fixes,
    };
    if (chain.file === undefined) report.relatedInModule = [{ helper: chain.helper, call: chain.call, nth: chain.nth, message: blocksHere }];
    else report.related = [{ file: chain.file, range: chain.range, message: blocksHere }];
    reports.push(report);
  }
  return reports;
}

function hasKeywordArguments(call: Node): boolean {
  const args = call.childForFieldName("arguments");
  return args?.type === "argument_list" && args.namedChildren.some((arg) => arg?.type === "keyword_argument" || arg?.type === "dictionary_splat");
}
