import ts from "typescript";
import { blockingCall as meta } from "../../catalogue/AL102-blocking-call";
import { localizable, t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { needsParenthesesAsOperand, runsInAsyncFunction } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";
import { namedImport, nodeModuleSpellings, replaceNode, withImportMadeUnused } from "../tsEdits";
import { reportBlockingHelper } from "../blockingHelpers";
import { resolveNodeCall, sleepCommandSeconds, SYNC_PROCESS_FUNCTIONS, type FileQuestions, type NodeCall } from "./nodeCalls";

const CHILD_PROCESS_SYNC = SYNC_PROCESS_FUNCTIONS;
const mayBlock = (name: string) => name.endsWith("Sync");

/** `fs` functions whose `fs/promises` twin takes the same arguments and resolves to what the sync one returns. */
const FS_PROMISE_TWINS = new Set([
  "readFile",
  "writeFile",
  "appendFile",
  "readdir",
  "stat",
  "lstat",
  "mkdir",
  "mkdtemp",
  "rm",
  "rmdir",
  "unlink",
  "rename",
  "copyFile",
  "access",
  "realpath",
  "readlink",
  "symlink",
  "link",
  "chmod",
  "chown",
  "utimes",
  "truncate",
]);

function isBlocking(resolved: NodeCall): boolean {
  switch (resolved.module) {
    case "fs":
    case "zlib":
      return resolved.name.endsWith("Sync") && resolved.name.length > 4;
    case "child_process":
      return CHILD_PROCESS_SYNC.has(resolved.name);
    default:
      return false;
  }
}

function promiseFix(call: ts.CallExpression, resolved: NodeCall, context: TsRuleContext): Fix | undefined {
  if (resolved.module !== "fs") return undefined;
  const twin = resolved.name.slice(0, -"Sync".length);
  if (!FS_PROMISE_TWINS.has(twin) || call.typeArguments) return undefined;
  const { sourceFile, lines } = context;
  const argumentsText = sourceFile.text.slice(call.arguments.pos, call.arguments.end);
  const awaited = (callText: string) => (needsParenthesesAsOperand(call) ? `(await ${callText})` : `await ${callText}`);
  if (resolved.form === "namespace") {
    const replacement = awaited(`${resolved.moduleText}.promises.${twin}(${argumentsText})`);
    return { title: t("Use `await {0}(…)`", `${resolved.moduleText}.promises.${twin}`), edits: [replaceNode(call, sourceFile, lines, replacement)], safe: true };
  }
  if (resolved.origin?.via !== "import") return undefined;
  const imported = namedImport(sourceFile, lines, nodeModuleSpellings(sourceFile, "fs/promises"), twin);
  if (!imported) return undefined;
  const edits = [...imported.edits, replaceNode(call, sourceFile, lines, awaited(`${imported.localName}(${argumentsText})`))];
  return {
    title: t("Use `await {0}(…)` from `fs/promises`", imported.localName),
    // The sync function's import goes when this was its last use.
    edits: ts.isIdentifier(call.expression) ? withImportMadeUnused(sourceFile, lines, call.expression, edits, imported.edits.length > 0) : edits,
    safe: true,
  };
}

/** One whole sentence per module ({0} is the call, `fs.readFileSync`), translated where it is shown. */
const BLOCKING_MESSAGE: Record<string, string> = {
  fs: localizable("`{0}` blocks the event loop until the file system answers; every other task waits meanwhile. Use the promise API instead."),
  zlib: localizable("`{0}` blocks the event loop until the whole buffer is (de)compressed; every other task waits meanwhile. Use the promise API instead."),
  child_process: localizable("`{0}` blocks the event loop until the process exits; every other task waits meanwhile. Use `execFile`/`spawn` (promisified) instead."),
};

/** The node call AL102 reports when it is written in an async function (wherever it is written: helpers ask too). */
export function blockingNodeCall(call: ts.CallExpression, context: FileQuestions): NodeCall | undefined {
  const resolved = resolveNodeCall(call, context, mayBlock);
  if (!resolved || !isBlocking(resolved)) return undefined;
  // `execSync("sleep 1")` is a blocking sleep (AL101), not reported twice.
  return sleepCommandSeconds(call, resolved) === undefined ? resolved : undefined;
}

/** The sentence's remedy for a helper that reaches the call ({0} the helper's call, {1} where it runs, {2} the chain). */
export const BLOCKING_THROUGH_HELPER_MESSAGE: Record<string, string> = {
  fs: localizable("`{0}` blocks the event loop in {1}: it calls {2}, which waits until the file system answers; every other task waits meanwhile. Use the promise API in the helper and await it."),
  zlib: localizable("`{0}` blocks the event loop in {1}: it calls {2}, which waits until the whole buffer is (de)compressed; every other task waits meanwhile. Use the promise API in the helper and await it."),
  child_process: localizable("`{0}` blocks the event loop in {1}: it calls {2}, which waits until the process exits; every other task waits meanwhile. Use `execFile`/`spawn` (promisified) in the helper and await it."),
};

export const blockingCall: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isCallExpression(node) || !runsInAsyncFunction(node)) return;
    const resolved = blockingNodeCall(node, context);
    if (!resolved) {
      reportBlockingHelper(node, context, "AL102");
      return;
    }
    const fix = promiseFix(node, resolved, context);
    context.report(node.expression, t(BLOCKING_MESSAGE[resolved.module], `${resolved.module}.${resolved.name}`), fix ? [fix] : []);
  },
};
