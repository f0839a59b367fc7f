import ts from "typescript";
import { notedWholeFileQuestion, skipOuterExpressions } from "./syntax";
import type { TypeQuestions } from "./typeQuestions";

/**
 * A call that returns a promise its callee also keeps where others reach it: a test helper that
 * chains every check onto one shared promise the test returns (`pending = pending.then(check);
 * return pending;`), a memoized load (`this.loading ??= fetch(); return this.loading;`). The
 * promise is not the caller's alone, so leaving it at the call is not leaving it floating: whoever
 * holds it waits for it (a rejection reaches the shared chain, not nobody).
 *
 * Evidence read from the callee's own source (never a declaration file): every `return` with a
 * value gives back a name declared outside the function, a property of `this` (or of such a name),
 * an assignment to one of those, or the result of another such call (followed a few calls deep).
 * An `async` callee never counts: it returns a new promise wrapping whatever it returns, and that
 * one is the caller's alone.
 */
const MAX_DEPTH = 3;

export function returnsKeptPromise(call: ts.CallExpression, types: TypeQuestions, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const callee = types.implementationOf(call);
  if (!callee?.body) return false;
  // The answer reads another body of this file: the caller's findings cannot outlive an edit there (see unitCache.ts).
  if (callee.getSourceFile() === call.getSourceFile()) notedWholeFileQuestion();
  if (ts.getCombinedModifierFlags(callee) & ts.ModifierFlags.Async || callee.asteriskToken) return false;
  const returned = ts.isBlock(callee.body) ? returnedValues(callee.body) : [callee.body];
  return returned.length > 0 && returned.every((value) => isKept(value, callee, types, depth));
}

/** The values of the function's own `return` statements (not those of functions nested in it). */
function returnedValues(body: ts.Block): ts.Expression[] {
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return values;
}

function isKept(value: ts.Expression, callee: ts.FunctionLikeDeclaration, types: TypeQuestions, depth: number): boolean {
  const inner = skipOuterExpressions(value);
  if (ts.isIdentifier(inner)) return types.isDeclaredOutside(inner, callee);
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) return isSharedPlace(inner.expression, callee, types);
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) {
      return isKept(inner.left, callee, types, depth);
    }
    if (operator === ts.SyntaxKind.CommaToken) return isKept(inner.right, callee, types, depth);
    return false;
  }
  if (ts.isConditionalExpression(inner)) return isKept(inner.whenTrue, callee, types, depth) && isKept(inner.whenFalse, callee, types, depth);
  if (ts.isCallExpression(inner)) return returnsKeptPromise(inner, types, depth + 1);
  return false;
}

/** `this`, or a name (or a property chain on one) declared outside the function: what is stored there outlives the call. */
function isSharedPlace(expression: ts.Expression, callee: ts.FunctionLikeDeclaration, types: TypeQuestions): boolean {
  const inner = skipOuterExpressions(expression);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isIdentifier(inner)) return types.isDeclaredOutside(inner, callee);
  if (ts.isPropertyAccessExpression(inner)) return isSharedPlace(inner.expression, callee, types);
  return false;
}
