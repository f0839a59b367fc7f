import ts from "typescript";
import { returnWithoutAwaitInTry as meta } from "../../catalogue/AL306-return-without-await-in-try";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { acceptsPrefixOperator, enclosingFunction, isAsyncFunction, skipOuterExpressions } from "../syntax";
import { containsParseError } from "../parseErrors";
import type { TsRule, TsRuleContext } from "../tsRule";
import { insertAt } from "../tsEdits";

/** What a `return` at some place leaves behind before the promise it returns settles. */
interface Handling {
  /** A `catch` the rejection would skip. */
  catches: boolean;
  /** A `finally` block or a `using` disposal that would run too early. */
  cleansUp: boolean;
}

function isUsingDeclaration(list: ts.VariableDeclarationList): boolean {
  // `await using` sets both bits of `Using`.
  return (list.flags & ts.NodeFlags.Using) !== 0;
}

/** A `using` / `await using` declaration among the statements of `block` before `child`: it is disposed of when the block is left. */
function hasUsingBefore(block: ts.Node, child: ts.Node): boolean {
  const statements = ts.isBlock(block) || ts.isSourceFile(block) || ts.isModuleBlock(block) || ts.isCaseClause(block) || ts.isDefaultClause(block) ? block.statements : undefined;
  if (!statements) return false;
  for (const statement of statements) {
    if (statement === child || statement.pos >= child.pos) return false;
    if (ts.isVariableStatement(statement) && isUsingDeclaration(statement.declarationList)) return true;
  }
  return false;
}

/**
 * Where the `return` is, up to its own function: a `try` block (always followed by a `catch` or a
 * `finally`), a `catch` block whose `try` has a `finally`, after a `using` in scope, or the body of
 * `for (using x of …)`. A `finally` block or a `catch` without `finally` leaves the decision to the
 * `try` around it, if any.
 */
function handlingAround(statement: ts.ReturnStatement, fn: ts.Node): Handling {
  const handling: Handling = { catches: false, cleansUp: false };
  let child: ts.Node = statement;
  for (let node = statement.parent; node && node !== fn; child = node, node = node.parent) {
    if (ts.isTryStatement(node)) {
      if (child === node.tryBlock) {
        if (node.catchClause) handling.catches = true;
        if (node.finallyBlock) handling.cleansUp = true;
      } else if (child === node.catchClause && node.finallyBlock) {
        handling.cleansUp = true;
      }
    } else if (ts.isForOfStatement(node) && child === node.statement && ts.isVariableDeclarationList(node.initializer) && isUsingDeclaration(node.initializer)) {
      handling.cleansUp = true;
    } else if (hasUsingBefore(node, child)) {
      handling.cleansUp = true;
    }
  }
  return handling;
}

/** The expressions a `return` may give back: both branches of `? :`, as written. */
function returnedExpressions(expression: ts.Expression): ts.Expression[] {
  const inner = ts.isParenthesizedExpression(expression) ? skipOuterExpressions(expression) : expression;
  if (ts.isConditionalExpression(inner)) return [...returnedExpressions(inner.whenTrue), ...returnedExpressions(inner.whenFalse)];
  return [expression];
}

function isPromise(expression: ts.Expression, context: TsRuleContext): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isAwaitExpression(inner) || ts.isLiteralExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return false;
  const parts = context.types.awaitableParts(expression);
  return parts.some((part) => part.kind === "promise" || context.settings.typescript.checkThenables);
}

function addAwaitFix(expression: ts.Expression, handling: Handling, context: TsRuleContext): Fix[] {
  if (containsParseError(expression)) return [];
  const { lines, sourceFile } = context;
  const parenthesize = !acceptsPrefixOperator(expression);
  const edits = [insertAt(expression.getStart(sourceFile), lines, parenthesize ? "await (" : "await ")];
  if (parenthesize) edits.push(insertAt(expression.getEnd(), lines, ")"));
  if (handling.cleansUp) {
    return [{ title: t("Add `await`: the `finally` block (or disposal) then runs after the promise settles, no longer before"), edits, safe: false }];
  }
  // Same value returned; a rejection now reaches the `catch` written for it.
  return [{ title: t("Add `await`, so that a rejection reaches the `catch`"), edits, safe: true }];
}

export const returnWithoutAwaitInTry: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isReturnStatement(node) || !node.expression) return;
    const fn = enclosingFunction(node);
    // An async generator's `return` awaits its operand itself.
    if (!fn || !isAsyncFunction(fn) || (fn as ts.FunctionLikeDeclaration).asteriskToken) return;
    const handling = handlingAround(node, fn);
    if (!handling.catches && !handling.cleansUp) return;
    for (const expression of returnedExpressions(node.expression)) {
      if (!isPromise(expression, context)) continue;
      const message = handling.catches
        ? t("This promise is returned from inside `try` without `await`: if it rejects, the `catch` here never sees it, because the function has already left the `try`.")
        : t("This promise is returned without `await` where a `finally` block or a `using` disposal runs on the way out: that cleanup runs before the promise settles.");
      context.report(expression, message, addAwaitFix(expression, handling, context));
    }
  },
};
