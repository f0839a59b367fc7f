import ts from "typescript";
import { misusedPromiseValue as meta } from "../../catalogue/AL304-misused-promise-value";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { acceptsPrefixOperator, isAsyncFunction, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import { containsParseError } from "../parseErrors";
import type { TsRule, TsRuleContext } from "../tsRule";
import { insertAt } from "../tsEdits";
import type { AwaitablePart } from "../typeQuestions";

/** The array methods that read their callback's result as a boolean. */
const PREDICATE_METHODS = new Set(["filter", "find", "findIndex", "findLast", "findLastIndex", "some", "every"]);

/** The node an expression stands for once parentheses and type assertions around it are set aside. */
function outermost(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isNonNullExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent) ||
    ts.isTypeAssertionExpression(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

function isLogical(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  return operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken;
}

/**
 * Whether the whole value of `node` decides a branch: the condition of `if`, a loop or `? :`, the
 * operand of `!`, or an operand of `&&`, `||`, `??` that is itself such a condition.
 */
function isCondition(node: ts.Expression): boolean {
  const self = outermost(node);
  const parent = self.parent;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === self;
  if (ts.isForStatement(parent)) return parent.condition === self;
  if (ts.isConditionalExpression(parent)) return parent.condition === self;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  return isLogical(parent) && isCondition(parent);
}

/** Whether the value of `node` is read as a boolean: a condition, or the left operand of `&&` / `||` anywhere (they test it to choose). */
function isReadAsBoolean(node: ts.Expression): boolean {
  const self = outermost(node);
  const parent = self.parent;
  if (isLogical(parent) && parent.left === self && parent.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken) return true;
  return isCondition(node);
}

/** Cheap syntax that can never be a promise: comparisons, arithmetic, `!x`, `typeof`, literals, an awaited value. */
function cannotBePromise(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isPrefixUnaryExpression(inner) || ts.isPostfixUnaryExpression(inner) || ts.isTypeOfExpression(inner) || ts.isVoidExpression(inner) || ts.isDeleteExpression(inner)) return true;
  if (ts.isLiteralExpression(inner) || ts.isTemplateExpression(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isAwaitExpression(inner)) return true;
  if (ts.isBinaryExpression(inner)) {
    // Logical operators pass an operand through; assignments and `,` pass a value.
    const operator = inner.operatorToken.kind;
    return !isLogical(inner) && !(operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) && operator !== ts.SyntaxKind.CommaToken;
  }
  switch (inner.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
      return true;
  }
  return false;
}

/** Wrappers that do not change a value: the expression inside them is the one judged. */
function isWrapper(node: ts.Node): boolean {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node);
}

/** `a?.b()` and `a?.b` may be undefined whatever their type says when null is not checked. */
function hasOptionalChain(expression: ts.Expression): boolean {
  for (let node: ts.Node = expression; ; ) {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken) return true;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) || ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) {
      node = node.expression;
    } else {
      return false;
    }
  }
}

/**
 * Whether the value is known to exist as well as to be a promise. With `strictNullChecks` in
 * TypeScript the type says so; elsewhere `Promise<T>` also describes a name set to null elsewhere
 * (`this.pending = null`), and only a value made right there is evidence: a call or `new`.
 */
function isCertainlyThere(expression: ts.Expression, context: TsRuleContext): boolean {
  if (context.types.tracksNullability(expression)) return true;
  const inner = skipOuterExpressions(expression);
  return (ts.isCallExpression(inner) || ts.isNewExpression(inner)) && !hasOptionalChain(inner);
}

/** Promises count, as for AL301; other thenables only with `typescript.checkThenables`. */
function counts(parts: readonly AwaitablePart[], context: TsRuleContext): boolean {
  return parts.some((part) => part.kind === "promise" || context.settings.typescript.checkThenables);
}

function awaitFix(expression: ts.Expression, title: string, context: TsRuleContext, parenthesize: boolean): Fix[] {
  if (!runsInAsyncFunction(expression) || containsParseError(expression)) return [];
  const { lines, sourceFile } = context;
  const operandNeedsParentheses = !acceptsPrefixOperator(expression);
  const before = `${parenthesize ? "(" : ""}await ${operandNeedsParentheses ? "(" : ""}`;
  const after = `${operandNeedsParentheses ? ")" : ""}${parenthesize ? ")" : ""}`;
  const edits = [insertAt(expression.getStart(sourceFile), lines, before)];
  if (after) edits.push(insertAt(expression.getEnd(), lines, after));
  // Never safe: waiting here changes when the code after it runs.
  return [{ title, edits, safe: false }];
}

function checkCondition(expression: ts.Expression, context: TsRuleContext): void {
  // `a && b` as a condition: each operand is judged on its own.
  if (isLogical(expression) || cannotBePromise(expression) || !isReadAsBoolean(expression)) return;
  if (!context.types.isAlwaysAwaitable(expression)) return;
  const parts = context.types.awaitableParts(expression);
  if (!parts.every((part) => part.kind === "promise" || context.settings.typescript.checkThenables)) return;
  if (!isCertainlyThere(expression, context)) return;
  // `await p ? a : b`, `!await p`, `await p && x` parse as meant; an operand of `**` or a call would not, and is no condition.
  // A promise of `void` settles to nothing a condition may test: no rewrite says what was meant.
  const fixes = context.types.awaitedValue(expression) === "void" ? [] : awaitFix(expression, t("Add `await`: the condition then tests the promise's value, once it settles"), context, false);
  context.report(expression, t("This promise is used as a condition, where it is always true: the value it resolves to is never looked at."), fixes);
}

function returnsPromise(callback: ts.Expression, context: TsRuleContext): boolean {
  const inner = skipOuterExpressions(callback);
  if ((ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) && !inner.asteriskToken && isAsyncFunction(inner)) return true;
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner) && !ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return false;
  return counts(context.types.returnedAwaitableParts(inner), context);
}

function checkPredicate(call: ts.CallExpression, context: TsRuleContext): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PREDICATE_METHODS.has(callee.name.text)) return;
  const [callback] = call.arguments;
  if (!callback || ts.isSpreadElement(callback)) return;
  if (!returnsPromise(callback, context) || !context.types.isArrayValue(callee.expression)) return;
  context.report(
    callback,
    t("`{0}` reads what its callback returns as a boolean, and this callback returns a promise, which is always truthy: the answer it resolves to is never looked at.", callee.name.text),
  );
}

function checkSpread(spread: ts.SpreadAssignment, context: TsRuleContext): void {
  const expression = spread.expression;
  if (cannotBePromise(expression)) return;
  if (!counts(context.types.awaitableParts(expression), context) || !isCertainlyThere(expression, context)) return;
  const fixes = context.types.awaitedValue(expression) === "object"
    ? awaitFix(expression, t("Add `await`: the object then gets the properties of the promise's value, once it settles"), context, true)
    : [];
  context.report(expression, t("A promise is spread into this object: a promise has no properties of its own, so nothing is copied."), fixes);
}

export const misusedPromiseValue: TsRule = {
  meta,
  visit(node, context) {
    if (ts.isSpreadAssignment(node)) {
      checkSpread(node, context);
    } else if (ts.isExpression(node) && !isWrapper(node)) {
      if (ts.isCallExpression(node)) checkPredicate(node, context);
      checkCondition(node, context);
    }
  },
};
