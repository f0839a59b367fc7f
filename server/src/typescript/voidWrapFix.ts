import ts from "typescript";
import { t } from "../engine/l10n";
import type { LineIndex } from "../engine/lineIndex";
import type { Fix } from "../engine/types";
import { skipOuterExpressions } from "./syntax";
import { replaceNode } from "./tsEdits";

/**
 * The wrap for a named async function stored where its result is dropped:
 * `(...args) => { void handler(...args); }`. The arguments pass through as before and the promise
 * is marked as deliberately not awaited. Never safe: the slot now gets `undefined` back instead of
 * the promise (a caller that did use it, despite its type, changes), and a method read off an object
 * (`server.close`) is now called on that object. Only for a name or a property read off a name,
 * so that the wrap evaluates nothing the original did not; a function literal keeps its body
 * where it is and gets no fix.
 */
/** `shorthand`: the value is the name of a shorthand property (`{ handler }`), which becomes `handler: (...args) => …`. */
export function voidWrapFix(value: ts.Expression, sourceFile: ts.SourceFile, lines: LineIndex, shorthand = false): Fix[] {
  const inner = skipOuterExpressions(value);
  const isName = ts.isIdentifier(inner);
  const isMethodOfName = ts.isPropertyAccessExpression(inner) && !inner.questionDotToken && (ts.isIdentifier(inner.expression) || inner.expression.kind === ts.SyntaxKind.ThisKeyword) && ts.isIdentifier(inner.name);
  if (!isName && !isMethodOfName) return [];
  // `args` must not shadow a name the callee is read through.
  const used = new Set(inner.getText(sourceFile).split(/[^\w$]+/));
  let parameter = "args";
  while (used.has(parameter)) parameter = `_${parameter}`;
  const text = `(...${parameter}) => { void ${inner.getText(sourceFile)}(...${parameter}); }`;
  return [
    {
      title: isMethodOfName
        ? t("Wrap in a callback that marks the promise as not awaited (`void`): the callback returns undefined, and the method is called on its object")
        : t("Wrap in a callback that marks the promise as not awaited (`void`): the callback returns undefined instead of the promise"),
      edits: [replaceNode(value, sourceFile, lines, shorthand ? `${inner.getText(sourceFile)}: ${text}` : text)],
      safe: false,
    },
  ];
}
