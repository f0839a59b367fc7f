import ts from "typescript";
import { unawaitedCoroutine } from "../../catalogue/AL301-unawaited-coroutine";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { errorChannelAt } from "../errorChannels";
import { returnsKeptPromise } from "../keptPromises";
import { isKnownSafeCall, isKnownSafeType } from "../knownSafePromises";
import { acceptsPrefixOperator, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import { isTestRegistration } from "../testRunners";
import type { TsRule, TsRuleContext } from "../tsRule";
import { replaceNode } from "../tsEdits";
import type { AwaitablePart } from "../typeQuestions";

type Floating = "promise" | "array";

function isAssignment(expression: ts.Expression): boolean {
  return ts.isBinaryExpression(expression) && expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * `p.catch(handler)` and `p.then(onFulfilled, onRejected)` handle a rejection: the promise may
 * float. Not when the handler is `undefined`, `null` or anything else that is no function (the
 * promise they return rejects as `p` does), nor when a spread comes first (`then(...args)`: which
 * argument lands in the handler's place is not written down).
 */
function handlesRejection(call: ts.CallExpression, context: TsRuleContext): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const position = method === "catch" ? 0 : method === "then" ? 1 : -1;
  if (position < 0 || call.arguments.length <= position) return false;
  if (call.arguments.slice(0, position + 1).some(ts.isSpreadElement)) return false;
  return context.types.mayBeFunction(call.arguments[position]);
}

/** The type assertion a statement consists of (`p as Promise<void>;`, `<Promise<number>>value;`), looking through parentheses. */
function statementAssertion(expression: ts.Expression): ts.AsExpression | ts.TypeAssertion | undefined {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner) ? inner : undefined;
}

/**
 * Expressions whose value is a number, string, boolean or bigint whatever their operands are
 * (`n++`, `!ok`, `a + b`, `x === y`, literals): the checker need not be asked, and most expression
 * statements that are not calls are of this kind.
 */
function isNeverThenable(expression: ts.Expression): boolean {
  if (ts.isPrefixUnaryExpression(expression) || ts.isPostfixUnaryExpression(expression) || ts.isTypeOfExpression(expression)) return true;
  if (ts.isLiteralExpression(expression) || ts.isTemplateExpression(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return true;
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    // `&&`, `||`, `??` and `,` pass an operand through; assignments are not asked about.
    return operator !== ts.SyntaxKind.AmpersandAmpersandToken && operator !== ts.SyntaxKind.BarBarToken && operator !== ts.SyntaxKind.QuestionQuestionToken && operator !== ts.SyntaxKind.CommaToken;
  }
  switch (expression.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
  }
  return false;
}

/**
 * Whether awaitable members make a value a promise that must not float: a real promise (the global
 * `Promise` or what derives from it), or any thenable with `typescript.checkThenables`; a type the
 * user listed in `typescript.safePromiseTypes` never. A fluent reply object or a plugin registry
 * that is thenable only so that it can be awaited is not a promise by default, as for
 * typescript-eslint's no-floating-promises.
 */
function mustNotFloat(parts: readonly AwaitablePart[], context: TsRuleContext): boolean {
  if (parts.length === 0) return false;
  const settings = context.settings.typescript;
  if (isKnownSafeType(settings.safePromiseTypes, parts)) return false;
  return parts.some((part) => part.kind === "promise" || settings.checkThenables);
}

function isPromise(expression: ts.Expression, context: TsRuleContext): boolean {
  return mustNotFloat(context.types.awaitableParts(expression), context);
}

/** The name a call is written with: `test` in `test(…)`, `only` in `test.only(…)`, `each` in `it.each(table)(…)`. */
function writtenName(callee: ts.Expression): string | undefined {
  const inner = skipOuterExpressions(callee);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isCallExpression(inner)) return writtenName(inner.expression);
  return undefined;
}

/**
 * A call whose promise someone else waits for: a test runner's registration, a call the user
 * listed as safe, or a callee that keeps the promise it returns where others reach it.
 */
function awaitedElsewhere(call: ts.CallExpression, context: TsRuleContext): boolean {
  const target = context.types.callTarget(call);
  const name = writtenName(call.expression);
  return isTestRegistration(target, name) || isKnownSafeCall(context.settings.typescript.safePromiseCalls, target, name) || returnsKeptPromise(call, context.types);
}

/** What is left floating by an expression used as a statement, deciding by types, looking through `? :`, `&&`, `,` and `.finally`. */
function floating(expression: ts.Expression, context: TsRuleContext): Floating | undefined {
  const assertion = statementAssertion(expression);
  if (assertion) {
    // The assertion says the value is a promise, whatever the operand's own type: believe it, unless the operand is a call, an await, a `void` that decides for itself.
    const found = floating(assertion.expression, context);
    if (found) return found;
    const operand = skipOuterExpressions(assertion.expression);
    const decidesItself = ts.isCallExpression(operand) || ts.isNewExpression(operand) || ts.isVoidExpression(operand) || ts.isAwaitExpression(operand) || isAssignment(operand) || ts.isDeleteExpression(operand);
    return !decidesItself && isPromise(assertion, context) ? "promise" : undefined;
  }
  const inner = skipOuterExpressions(expression);
  if (ts.isVoidExpression(inner) || ts.isAwaitExpression(inner) || isAssignment(inner) || ts.isDeleteExpression(inner)) return undefined;
  if (ts.isConditionalExpression(inner)) return floating(inner.whenTrue, context) ?? floating(inner.whenFalse, context);
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.CommaToken) return floating(inner.left, context) ?? floating(inner.right, context);
    // `start() ?? fallback` makes a promise and drops it (a promise is never nullish). A promise only read there
    // (`this.pending ?? this.start()`) is kept where it was read from. `start() || x` and `start() && x` test a
    // promise as a condition, which AL304 reports (one mistake, one finding): only their right operand is ours.
    if (operator === ts.SyntaxKind.QuestionQuestionToken) {
      const left = skipOuterExpressions(inner.left);
      return (ts.isCallExpression(left) || ts.isNewExpression(left) ? floating(inner.left, context) : undefined) ?? floating(inner.right, context);
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) return floating(inner.right, context);
  }
  if (isNeverThenable(inner)) return undefined;
  if (ts.isCallExpression(inner)) {
    if (handlesRejection(inner, context)) return undefined;
    const callee = skipOuterExpressions(inner.expression);
    // `p.finally(f)` is as handled as `p` is.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "finally" && isPromise(callee.expression, context)) {
      return floating(callee.expression, context);
    }
  }
  if (isPromise(inner, context)) return ts.isCallExpression(inner) && awaitedElsewhere(inner, context) ? undefined : "promise";
  if (mustNotFloat(context.types.awaitableElementParts(inner), context)) return "array";
  return undefined;
}

function prefixed(prefix: string, expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = expression.getText(sourceFile);
  return acceptsPrefixOperator(expression) ? `${prefix}${text}` : `${prefix}(${text})`;
}

export const floatingPromise: TsRule = {
  meta: unawaitedCoroutine,
  visit(node, context) {
    if (!ts.isExpressionStatement(node)) return;
    const expression = node.expression;
    const kind = floating(expression, context);
    if (!kind) return;
    const { sourceFile, lines } = context;
    const inAsync = runsInAsyncFunction(node);
    const fixes: Fix[] = [];
    if (kind === "promise") {
      // Never safe: waiting here changes when the code after it runs, and can deadlock (a promise that settles only once that code has run).
      if (inAsync) {
        fixes.push({
          title: t("Add `await`: the code after it then waits for the promise"),
          edits: [replaceNode(expression, sourceFile, lines, prefixed("await ", expression, sourceFile))],
          safe: false,
        });
      }
      // Keeps behaviour, but silences what may be a real bug: a suggestion, not for fix-all either.
      fixes.push({
        title: t("Mark as deliberately not awaited with `void`"),
        edits: [replaceNode(expression, sourceFile, lines, prefixed("void ", expression, sourceFile))],
        safe: false,
      });
      // An error channel at hand (`reject`, `next`, `callback`): the rejection can go there. It then reaches
      // code that did not see it before, so never safe; a channel called with more than the error may misread it.
      const channel = errorChannelAt(node);
      const inner = skipOuterExpressions(expression);
      if (channel && acceptsPrefixOperator(expression) && (ts.isCallExpression(inner) || ts.isNewExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner))) {
        fixes.push({
          title: t("Pass a rejection to `{0}` with `.catch({0})`: the error then reaches `{0}`", channel),
          edits: [replaceNode(expression, sourceFile, lines, `${expression.getText(sourceFile)}.catch(${channel})`)],
          safe: false,
        });
      }
      context.report(
        expression,
        t("This promise is neither awaited, returned nor handled: the code after it does not wait for it and a rejection goes unnoticed."),
        fixes,
      );
    } else {
      if (inAsync) {
        fixes.push({
          title: t("Wait for all with `await Promise.all(…)`: the code after it then waits for every promise"),
          edits: [replaceNode(expression, sourceFile, lines, `await Promise.all(${expression.getText(sourceFile)})`)],
          safe: false,
        });
      }
      context.report(
        expression,
        t("This array of promises is dropped: nothing waits for them and their rejections go unnoticed. Pass it to `Promise.all` (or `Promise.allSettled`)."),
        fixes,
      );
    }
  },
};
