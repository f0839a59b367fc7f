import ts from "typescript";
import { awaitNonThenable as meta } from "../../catalogue/AL305-await-non-thenable";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { skipOuterExpressions } from "../syntax";
import { containsParseError } from "../parseErrors";
import type { TsRule, TsRuleContext } from "../tsRule";
import { insertAt } from "../tsEdits";

/** `await null;` / `await undefined;` / `await void 0;` as a statement: written only to give up one turn. */
function isDeliberateYield(node: ts.AwaitExpression): boolean {
  const operand = skipOuterExpressions(node.expression);
  const nothing = operand.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(operand) && operand.text === "undefined") || ts.isVoidExpression(operand);
  return nothing && ts.isExpressionStatement(node.parent);
}

/** Characters that would join a statement to the line before it once `await` no longer starts it (`f()\n(x)` is a call). */
const CONTINUES_PREVIOUS = /^[([`+\-/]/;

/** Whether the operand starts the statement (or the arrow function's body) the await expression starts, where `{` opens a block. */
function startsStatementOrArrowBody(node: ts.AwaitExpression, sourceFile: ts.SourceFile): boolean {
  const start = node.getStart(sourceFile);
  for (let current: ts.Node = node; ; current = current.parent) {
    const parent = current.parent;
    if (!parent || parent.getStart(sourceFile) !== start) {
      return ts.isExpressionStatement(current) || (ts.isArrowFunction(parent) && parent.body === current);
    }
    if (ts.isExpressionStatement(parent)) return true;
    if (!ts.isExpression(parent)) return false;
  }
}

/** Whether the code before `offset` ends a statement or opens a block, so that a statement starting there cannot join the one before. */
function followsStatementEnd(text: string, offset: number): boolean {
  let at = offset - 1;
  while (at >= 0 && /\s/.test(text[at])) at--;
  return at < 0 || text[at] === ";" || text[at] === "{" || text[at] === "}";
}

function removeAwaitFix(node: ts.AwaitExpression, context: TsRuleContext): Fix[] {
  const { sourceFile, lines, text } = context;
  if (containsParseError(node)) return [];
  const operand = node.expression;
  const start = node.getStart(sourceFile);
  // The keyword and the spaces after it go; comments between it and the operand stay.
  let keywordEnd = start + "await".length;
  while (keywordEnd < operand.getStart(sourceFile) && /[ \t]/.test(text[keywordEnd])) keywordEnd++;
  const opening = text.slice(operand.getStart(sourceFile), operand.getEnd());
  let parenthesize = false;
  if (startsStatementOrArrowBody(node, sourceFile)) {
    if (/^(?:\{|function\b|class\b)/.test(opening)) parenthesize = true;
    else if (CONTINUES_PREVIOUS.test(opening) && !followsStatementEnd(text, start)) return [];
  }
  const edits = [{ range: lines.rangeOf(start, keywordEnd), newText: parenthesize ? "(" : "" }];
  if (parenthesize) edits.push(insertAt(node.getEnd(), lines, ")"));
  return [
    {
      // Even a plain value's `await` gives up a turn: the code after it now runs before callbacks that were waiting.
      title: t("Remove `await`: the code after it then runs at once, before other callbacks waiting for their turn"),
      edits,
      safe: false,
    },
  ];
}

export const awaitNonThenable: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isAwaitExpression(node) || isDeliberateYield(node)) return;
    if (!context.types.isCertainlyNotThenable(node.expression)) return;
    context.report(
      node,
      t("This value is never a promise or a thenable, so `await` waits for nothing: it only lets other callbacks run first. Remove `await`, or await the promise meant here."),
      removeAwaitFix(node, context),
    );
  },
};
