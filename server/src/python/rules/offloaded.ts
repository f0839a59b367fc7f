import type { Node } from "web-tree-sitter";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import type { CallSite } from "../moduleModel";
import { argumentsText, ensureModuleImport, replaceNode } from "../pythonEdits";
import { calleeLabel, fixable, scopeLabel, type PythonReport, type PythonRuleContext } from "../pythonRule";

/**
 * Thread runners, the position of the function they run among their positional arguments, and
 * whether they pass keyword arguments on to it (`run_in_executor` and trio's/anyio's `run_sync` do not).
 */
const RUNNERS = new Map<string, { position: number; takesKeywords: boolean }>([
  ["asyncio.to_thread", { position: 0, takesKeywords: true }],
  ["asyncio.AbstractEventLoop.run_in_executor", { position: 1, takesKeywords: false }],
  ["trio.to_thread.run_sync", { position: 0, takesKeywords: false }],
  ["anyio.to_thread.run_sync", { position: 0, takesKeywords: false }],
]);

function runnerOf(name: string | undefined): { position: number; takesKeywords: boolean } | undefined {
  if (name === undefined) return undefined;
  return RUNNERS.get(name) ?? (name.endsWith(".run_in_executor") ? RUNNERS.get("asyncio.AbstractEventLoop.run_in_executor") : undefined);
}

/** A thread runner's call whose function argument is itself a call: `asyncio.to_thread(time.sleep(1))`. */
interface RunnerGivenResult {
  runner: CallSite;
  /** The runner's arguments before the function (`None` of `run_in_executor(None, …)`). */
  before: Node[];
  /** Whether the call is the runner's last argument, so that its own arguments can take its place. */
  last: boolean;
  takesKeywords: boolean;
}

/** Per analysis: the runner calls, by the node id of the call written where their function belongs. */
const givenResults = new WeakMap<PythonRuleContext, Map<number, RunnerGivenResult>>();

function runnersGivenResults(context: PythonRuleContext): Map<number, RunnerGivenResult> {
  let found = givenResults.get(context);
  if (!found) {
    found = new Map();
    for (const runner of context.model.calls) {
      const args = runner.node.childForFieldName("arguments");
      if (args?.type !== "argument_list") continue;
      // `loop.run_in_executor` on a loop whose type is not known (a parameter): no other API has that name and shape.
      const unresolvedExecutor = runner.callee.type === "attribute" && runner.callee.childForFieldName("attribute")?.text === "run_in_executor" ? ".run_in_executor" : undefined;
      const known = runnerOf(context.symbols.canonical(runner.callee, runner.scope, runner.ownerClass) ?? unresolvedExecutor);
      if (!known) continue;
      const all = args.namedChildren.filter((arg): arg is Node => arg !== null && arg.type !== "comment");
      const positional: Node[] = [];
      for (const arg of all) {
        if (arg.type === "list_splat" || arg.type === "keyword_argument" || arg.type === "dictionary_splat") break;
        positional.push(arg);
      }
      const fn = positional[known.position];
      if (fn?.type !== "call") continue;
      found.set(fn.id, { runner, before: positional.slice(0, known.position), last: all.length === known.position + 1, takesKeywords: known.takesKeywords });
    }
    givenResults.set(context, found);
  }
  return found;
}

function hasKeywordArguments(call: Node): boolean {
  const args = call.childForFieldName("arguments");
  return args?.type === "argument_list" && args.namedChildren.some((arg) => arg?.type === "keyword_argument" || arg?.type === "dictionary_splat");
}

/** The fix: the function and its arguments in the runner's call (through `functools.partial` where the runner passes no keywords). */
function passFunctionFix(context: PythonRuleContext, site: CallSite, given: RunnerGivenResult, runnerName: string): Fix | undefined {
  const args = site.node.childForFieldName("arguments");
  // A lone generator argument (`f(x for x in y)`) needs its own parentheses among others; so does nothing else.
  if (!given.last || args?.type !== "argument_list" || !fixable(context, given.runner.node)) return undefined;
  const text = argumentsText(site.node);
  if (text === undefined) return undefined;
  const rest = text.trim() === "" ? "" : `, ${text}`;
  const edits = [];
  let passed = `${site.callee.text}${rest}`;
  if (!given.takesKeywords && hasKeywordArguments(site.node)) {
    const functools = ensureModuleImport(context.model, context.lines, "functools");
    passed = `${functools.name}.partial(${site.callee.text}${rest})`;
    edits.push(...functools.edits);
  }
  edits.unshift(replaceNode(context.lines, site.node, passed));
  return {
    title: t("Pass `{0}` and its arguments to `{1}` (the call then runs in the thread: other tasks run until it finishes)", calleeLabel(site), runnerName),
    edits,
    safe: false,
  };
}

/**
 * A blocking call written as a thread runner's function (`await asyncio.to_thread(time.sleep(1))`,
 * `loop.run_in_executor(None, requests.get(url))`) is not offloaded: Python calls it on the event
 * loop first and hands the runner its result, which is no function. Each blocking-call rule passes
 * its reports through here: such a report says so, and its fix passes the function and its
 * arguments instead of the rule's own fix (which would edit inside the runner's arguments).
 * `resultMayBeCallable` marks calls whose result is unknown (user-listed APIs): they are still
 * reported, but with no fix, since their result may be the function meant to run in the thread.
 */
export function reportHandedToRunner(context: PythonRuleContext, reports: PythonReport[], resultMayBeCallable: (node: Node) => boolean = () => false): PythonReport[] {
  // Reading helpers keeps only where the blocking calls are, not what is said of them.
  if (reports.length === 0 || context.helperMode) return reports;
  const given = runnersGivenResults(context);
  if (given.size === 0) return reports;
  const sites = new Map(context.model.calls.map((site) => [site.node.id, site]));
  return reports.map((report) => {
    const found = given.get(report.node.id);
    const site = sites.get(report.node.id);
    if (!found || !site) return report;
    const runnerName = found.runner.callee.text.replace(/\s+/g, "");
    const fix = resultMayBeCallable(report.node) ? undefined : passFunctionFix(context, site, found, runnerName);
    const before = found.before.map((arg) => `${arg.text}, `).join("");
    return {
      ...report,
      message: t(
        "`{0}` runs on the event loop in {1} before `{2}` gets its result: every other task waits, and the thread is handed what it returned instead of a function. Pass the function and its arguments: `{3}`.",
        calleeLabel(site),
        scopeLabel(site.scope),
        runnerName,
        `${runnerName}(${before}${calleeLabel(site)}, …)`,
      ),
      fixes: fix ? [fix] : [],
    };
  });
}
