import ts from "typescript";
import { asyncPromiseExecutor as meta } from "../../catalogue/AL307-async-promise-executor";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { asyncExecutor, type Executor } from "../promiseExecutor";
import { containsParseError } from "../parseErrors";
import type { TsRule, TsRuleContext } from "../tsRule";
import { insertAt } from "../tsEdits";

function mentionsName(node: ts.Node, name: string): boolean {
  const visit = (current: ts.Node): boolean => (ts.isIdentifier(current) && current.text === name) || (ts.forEachChild(current, visit) ?? false);
  return visit(node);
}

/**
 * `async (resolve, reject) => BODY` becomes `(resolve, reject) => { (async () => BODY)().catch(reject); }`:
 * the body runs at the same moment, with the same `resolve`, `this` and `arguments` (an arrow shares
 * them with the executor around it); an error it throws, which was lost, now rejects the promise.
 */
function rewriteFix(executor: Executor, context: TsRuleContext): Fix[] {
  const { sourceFile, lines } = context;
  if (executor.type || executor.asteriskToken || executor.typeParameters || containsParseError(executor)) return [];
  const parameters = executor.parameters;
  if (parameters.length === 0 || parameters.length > 2) return [];
  if (parameters.some((parameter) => !ts.isIdentifier(parameter.name) || parameter.dotDotDotToken || parameter.initializer)) return [];
  let reject: string;
  let parameterList: string;
  const written = parameters.map((parameter) => parameter.getText(sourceFile));
  if (parameters.length === 2) {
    reject = (parameters[1].name as ts.Identifier).text;
    parameterList = written.join(", ");
  } else {
    if (mentionsName(executor, "reject")) return [];
    reject = "reject";
    parameterList = `${written[0]}, reject`;
  }
  const asyncModifier = executor.modifiers!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
  // An object literal as an arrow's whole body needs its parentheses inside the new arrow too.
  const objectBody = !ts.isBlock(executor.body) && ts.isObjectLiteralExpression(executor.body);
  let head: string;
  if (ts.isArrowFunction(executor)) {
    // A single bare parameter gets parentheses.
    head = `(${parameterList}) =>`;
  } else {
    const name = executor.name ? ` ${executor.name.text}` : "";
    head = `function${name}(${parameterList})`;
  }
  // The body itself is not touched: only the text before and after it changes.
  const bodyStart = executor.body.getStart(sourceFile);
  return [
    {
      title: t("Run the body in an async arrow function inside a plain executor, and pass its errors to `reject`"),
      edits: [
        { range: lines.rangeOf(asyncModifier.getStart(sourceFile), bodyStart), newText: `${head} { (async () => ${objectBody ? "(" : ""}` },
        insertAt(executor.body.getEnd(), lines, `${objectBody ? ")" : ""})().catch(${reject}); }`),
      ],
      safe: true,
    },
  ];
}

export const asyncPromiseExecutor: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isNewExpression(node)) return;
    const executor = asyncExecutor(node, context);
    if (!executor) return;
    const asyncModifier = executor.modifiers!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
    context.report(
      asyncModifier,
      t("An async function is the executor of this `new Promise`: if it throws or an awaited promise rejects, the error is lost and the promise never settles. Write `new Promise((resolve, reject) => { (async () => { … })().catch(reject); })`, or drop `new Promise` and return from an async function."),
      rewriteFix(executor, context),
    );
  },
};
