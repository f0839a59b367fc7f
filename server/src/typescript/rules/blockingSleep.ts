import ts from "typescript";
import { blockingSleep as meta } from "../../catalogue/AL101-blocking-sleep";
import { localizable, t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { acceptsPrefixOperator, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";
import { replaceNode, withImportMadeUnused } from "../tsEdits";
import { reportBlockingHelper } from "../blockingHelpers";
import { awaitedSleep, isGlobalMethod, resolveNodeCall, sleepCommandSeconds, SYNC_PROCESS_FUNCTIONS, type FileQuestions } from "./nodeCalls";

const mayRunSleep = (name: string) => SYNC_PROCESS_FUNCTIONS.has(name);

/** `Date.now()`, `performance.now()`, `new Date()` (and `.getTime()` on it): reads of the clock. */
function isClockRead(node: ts.Node, context: FileQuestions): boolean {
  if (ts.isCallExpression(node)) return isGlobalMethod(node, "Date", "now", context) || isGlobalMethod(node, "performance", "now", context);
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date" && context.types.isLibraryName(node.expression);
}

function readsClock(condition: ts.Node, context: FileQuestions): boolean {
  const visit = (node: ts.Node): boolean => isClockRead(node, context) || (!ts.isFunctionLike(node) && (ts.forEachChild(node, visit) ?? false));
  return visit(condition);
}

function isEmptyBody(statement: ts.Statement): boolean {
  return ts.isEmptyStatement(statement) || (ts.isBlock(statement) && statement.statements.length === 0);
}

/** The loop's condition when the loop does nothing but test it. */
function busyWaitCondition(node: ts.Node): ts.Expression | undefined {
  if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return isEmptyBody(node.statement) ? node.expression : undefined;
  if (ts.isForStatement(node) && !node.initializer && !node.incrementor && node.condition) return isEmptyBody(node.statement) ? node.condition : undefined;
  return undefined;
}

function operand(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = expression.getText(sourceFile);
  return acceptsPrefixOperator(expression) || ts.isLiteralExpression(expression) ? text : `(${text})`;
}

/** `while (Date.now() < end) {}` -> a pause of `end - Date.now()` milliseconds. */
function busyWaitFix(loop: ts.Statement, condition: ts.Expression, context: TsRuleContext): Fix | undefined {
  const test = skipOuterExpressions(condition);
  if (!ts.isWhileStatement(loop) || !ts.isBinaryExpression(test) || test.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return undefined;
  const clock = skipOuterExpressions(test.left);
  if (!ts.isCallExpression(clock) || !isClockRead(clock, context)) return undefined;
  const { sourceFile, lines } = context;
  const sleep = awaitedSleep(`${operand(test.right, sourceFile)} - ${clock.getText(sourceFile)}`, context);
  return { title: t("Replace the busy-wait with an awaited timer"), edits: [...sleep.edits, replaceNode(loop, sourceFile, lines, `${sleep.text};`)], safe: true };
}

/** What AL101 reports when written in an async function: a call (`Atomics.wait`, a `sleep` run synchronously) or a busy-wait loop. */
export type BlockingSleep = { kind: "atomics"; call: ts.CallExpression } | { kind: "sleep"; call: ts.CallExpression; seconds: number } | { kind: "busy"; loop: ts.Statement; condition: ts.Expression };

/** The blocking sleep `node` is, wherever it is written (helpers ask too). */
export function blockingSleepAt(node: ts.Node, context: FileQuestions): BlockingSleep | undefined {
  if (ts.isCallExpression(node)) {
    if (isGlobalMethod(node, "Atomics", "wait", context)) return { kind: "atomics", call: node };
    const resolved = resolveNodeCall(node, context, mayRunSleep);
    const seconds = resolved ? sleepCommandSeconds(node, resolved) : undefined;
    return seconds === undefined ? undefined : { kind: "sleep", call: node, seconds };
  }
  const condition = busyWaitCondition(node);
  return condition && readsClock(condition, context) ? { kind: "busy", loop: node as ts.Statement, condition } : undefined;
}

/** The sentence for a helper that reaches a blocking sleep, by kind ({0} the helper's call, {1} where it runs, {2} the chain). */
export const SLEEP_THROUGH_HELPER_MESSAGE: Record<BlockingSleep["kind"], string> = {
  atomics: localizable("`{0}` blocks the event loop in {1}: it calls {2}, which blocks the thread until it is notified or times out; no other task runs meanwhile. Use `Atomics.waitAsync` in the helper and await it."),
  sleep: localizable("`{0}` blocks the event loop in {1}: it runs {2}, a synchronous `sleep`; every other task waits for the whole pause. Use an awaited timer in the helper and await it."),
  busy: localizable("`{0}` blocks the event loop in {1}: it reaches {2}, a loop that spins until a time has passed; no other task runs meanwhile. Use an awaited timer in the helper and await it."),
};

export const blockingSleep: TsRule = {
  meta,
  visit(node, context) {
    if (ts.isCallExpression(node)) {
      if (!runsInAsyncFunction(node)) return;
      const found = blockingSleepAt(node, context);
      if (!found) {
        reportBlockingHelper(node, context, "AL101");
        return;
      }
      if (found.kind === "atomics") {
        context.report(node.expression, t("`Atomics.wait` blocks the thread until it is notified or times out; on the main thread that freezes the event loop. Use `Atomics.waitAsync`."));
        return;
      }
      const seconds = found.kind === "sleep" ? found.seconds : Number.NaN;
      const fixes: Fix[] = [];
      // Only when the result is unused: the sync call's return value has no async twin.
      if (!Number.isNaN(seconds) && ts.isExpressionStatement(node.parent)) {
        const sleep = awaitedSleep(String(Math.round(seconds * 1000)), context);
        const edits = [...sleep.edits, replaceNode(node, context.sourceFile, context.lines, sleep.text)];
        // `execSync`'s import goes when this was its last use.
        const withoutImport = ts.isIdentifier(node.expression) ? withImportMadeUnused(context.sourceFile, context.lines, node.expression, edits, sleep.edits.length > 0) : edits;
        fixes.push({ title: t("Replace with an awaited timer"), edits: withoutImport, safe: true });
      }
      context.report(node, t("Running `sleep` synchronously blocks the event loop for the whole pause; every other task waits."), fixes);
      return;
    }
    // Cheap syntax first: most nodes are not loops that only test a condition.
    if (!busyWaitCondition(node)) return;
    const found = blockingSleepAt(node, context);
    if (found?.kind !== "busy" || !runsInAsyncFunction(node)) return;
    const fix = busyWaitFix(found.loop, found.condition, context);
    context.report(found.condition, t("This loop spins until a time has passed, holding the event loop the whole time; no other task runs."), fix ? [fix] : []);
  },
};
