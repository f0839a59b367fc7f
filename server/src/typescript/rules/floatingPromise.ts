import ts from "typescript";
import { unawaitedCoroutine } from "../../catalogue/AL301-unawaited-coroutine";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { acceptsPrefixOperator, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";
import { replaceNode } from "../tsEdits";

type Floating = "promise" | "array";

function isAssignment(expression: ts.Expression): boolean {
  return ts.isBinaryExpression(expression) && expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** `p.catch(handler)` and `p.then(onFulfilled, onRejected)` handle a rejection: the promise may float. */
function handlesRejection(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  return (method === "catch" && call.arguments.length >= 1) || (method === "then" && call.arguments.length >= 2);
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

/** What is left floating by an expression used as a statement, deciding by types, looking through `? :`, `&&`, `,` and `.finally`. */
function floating(expression: ts.Expression, context: TsRuleContext): Floating | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isVoidExpression(inner) || ts.isAwaitExpression(inner) || isAssignment(inner) || ts.isDeleteExpression(inner)) return undefined;
  if (ts.isConditionalExpression(inner)) return floating(inner.whenTrue, context) ?? floating(inner.whenFalse, context);
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.CommaToken) return floating(inner.left, context) ?? floating(inner.right, context);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      return floating(inner.right, context);
    }
  }
  if (isNeverThenable(inner)) return undefined;
  if (ts.isCallExpression(inner)) {
    if (handlesRejection(inner)) return undefined;
    const callee = skipOuterExpressions(inner.expression);
    // `p.finally(f)` is as handled as `p` is.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "finally" && context.types.isThenable(callee.expression)) {
      return floating(callee.expression, context);
    }
  }
  if (context.types.isThenable(inner)) return "promise";
  if (context.types.isThenableArray(inner)) return "array";
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
      if (inAsync) fixes.push({ title: t("Add `await`"), edits: [replaceNode(expression, sourceFile, lines, prefixed("await ", expression, sourceFile))], safe: true });
      fixes.push({
        title: t("Mark as deliberately not awaited with `void`"),
        edits: [replaceNode(expression, sourceFile, lines, prefixed("void ", expression, sourceFile))],
        safe: false,
      });
      context.report(
        expression,
        t("This promise is neither awaited, returned nor handled: the code after it does not wait for it and a rejection goes unnoticed."),
        fixes,
      );
    } else {
      if (inAsync) {
        fixes.push({ title: t("Wait for all with `await Promise.all(…)`"), edits: [replaceNode(expression, sourceFile, lines, `await Promise.all(${expression.getText(sourceFile)})`)], safe: true });
      }
      context.report(
        expression,
        t("This array of promises is dropped: nothing waits for them and their rejections go unnoticed. Pass it to `Promise.all` (or `Promise.allSettled`)."),
        fixes,
      );
    }
  },
};
