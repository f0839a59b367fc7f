import ts from "typescript";
import { asyncExecutor } from "../promiseExecutor";
import { asyncCallbackMisuse as meta } from "../../catalogue/AL303-async-callback-misuse";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { isKnownSafeType } from "../knownSafePromises";
import { indentationAt, isAsyncFunction, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";
import { replaceNode } from "../tsEdits";

type FunctionLiteral = ts.ArrowFunction | ts.FunctionExpression;

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Whether a `return` of the function itself (not of a nested function) is in its body. */
function hasOwnReturn(body: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => ts.isReturnStatement(node) || (!ts.isFunctionLike(node) && !ts.isClassLike(node) && (ts.forEachChild(node, visit) ?? false));
  return ts.forEachChild(body, visit) ?? false;
}

/** Whether the body uses the function's own `this` or `arguments` (arrows share them, other functions do not). */
function usesOwnThis(body: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (node.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(node) && node.text === "arguments")) return true;
    if ((ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node)) return false;
    return ts.forEachChild(node, visit) ?? false;
  };
  return ts.forEachChild(body, visit) ?? false;
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

function assignsTo(body: ts.Node, names: readonly string[]): boolean {
  const targetsName = (target: ts.Expression) => ts.isIdentifier(skipOuterExpressions(target)) && names.includes((skipOuterExpressions(target) as ts.Identifier).text);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && targetsName(node.left)) found = true;
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && targetsName(node.operand)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** The two rewrites of `arr.forEach(async x => …);` inside an async function, when they are faithful. */
function forEachFixes(call: ts.CallExpression, callback: FunctionLiteral, context: TsRuleContext): Fix[] {
  const callee = skipOuterExpressions(call.expression);
  const statement = call.parent;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forEach" || call.arguments.length !== 1) return [];
  if (!ts.isExpressionStatement(statement) || !isAsyncFunction(callback) || !runsInAsyncFunction(statement)) return [];
  if (callee.questionDotToken || !context.types.isArray(callee.expression)) return [];
  const { sourceFile, lines } = context;
  const receiver = callee.expression.getText(sourceFile);
  const fixes: Fix[] = [];

  const [parameter, ...rest] = callback.parameters;
  const bindsThis = ts.isFunctionExpression(callback) && usesOwnThis(callback.body);
  if (parameter && rest.length === 0 && !parameter.initializer && !parameter.dotDotDotToken && !bindsThis && !hasOwnReturn(callback.body)) {
    const name = parameter.name.getText(sourceFile);
    const keyword = assignsTo(callback.body, boundNames(parameter.name)) ? "let" : "const";
    let body: string;
    if (ts.isBlock(callback.body)) {
      body = callback.body.getText(sourceFile);
    } else {
      const indent = indentationAt(context.text, statement.getStart(sourceFile));
      const unit = indent.includes("\t") ? "\t" : "  ";
      body = `{${lines.eol}${indent}${unit}${callback.body.getText(sourceFile)};${lines.eol}${indent}}`;
    }
    fixes.push({
      title: t("Rewrite as a sequential `for…of` loop"),
      edits: [replaceNode(statement, sourceFile, lines, `for (${keyword} ${name} of ${receiver}) ${body}`)],
      safe: false,
    });
  }
  fixes.push({
    title: t("Rewrite as `await Promise.all(….map(…))` (concurrent)"),
    edits: [replaceNode(call, sourceFile, lines, `await Promise.all(${receiver}.map(${callback.getText(sourceFile)}))`)],
    safe: false,
  });
  return fixes;
}

/**
 * Methods of arrays and promises whose callbacks' results are used (and so may be promises). The
 * type checker would say the same, but asking means inferring the generic call (`xs.map(async x => …)`
 * is everywhere in async code), which is most of this rule's cost; a user-defined method that shares
 * one of these names and ignores its callback's result is the price.
 */
const USES_CALLBACK_RESULT = new Set([
  "map",
  "flatMap",
  "filter",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "some",
  "every",
  "reduce",
  "reduceRight",
  "sort",
  "toSorted",
  "then",
  "catch",
  "finally",
]);

function usesCallbackResult(call: ts.CallExpression | ts.NewExpression | undefined): boolean {
  const callee = call && skipOuterExpressions(call.expression);
  return !!callee && ts.isPropertyAccessExpression(callee) && USES_CALLBACK_RESULT.has(callee.name.text);
}

/**
 * Whether a function that is not async may return a value at all: a block body without a
 * `return <value>` of its own returns `undefined`, and generators return generators, so no
 * promise; asking the checker about these (most callbacks) would infer the whole call for nothing.
 */
function mayReturnValue(fn: FunctionLiteral): boolean {
  if (fn.asteriskToken) return false;
  if (!ts.isBlock(fn.body)) return !ts.isVoidExpression(fn.body);
  const visit = (node: ts.Node): boolean =>
    (ts.isReturnStatement(node) && node.expression !== undefined) || (!ts.isFunctionLike(node) && !ts.isClassLike(node) && (ts.forEachChild(node, visit) ?? false));
  return ts.forEachChild(fn.body, visit) ?? false;
}

/**
 * Whether the function returns a promise whose rejection would go unnoticed, by the same measure as
 * AL301: a real promise (a fluent reply that is thenable only so it can be awaited is not one),
 * any thenable with `typescript.checkThenables`, never a type listed in `typescript.safePromiseTypes`.
 */
function returnsPromise(fn: ts.Expression, context: TsRuleContext): boolean {
  const parts = context.types.returnedAwaitableParts(fn);
  if (parts.length === 0 || isKnownSafeType(context.settings.typescript.safePromiseTypes, parts)) return false;
  return parts.some((part) => part.kind === "promise" || context.settings.typescript.checkThenables);
}

function check(argument: ts.Expression, context: TsRuleContext, call?: ts.CallExpression | ts.NewExpression, attribute?: string): void {
  const inner = skipOuterExpressions(argument);
  const isLiteral = ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
  // Only functions can be callbacks: a literal, or a name or property that may hold one.
  if (!isLiteral && !ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return;
  // Cheapest question first. A literal's own type needs its context, so ask about the slot first:
  // most callbacks go where their result is used (map, then, filter). A name's type is its
  // declaration's, so ask that first: most names passed along are data, not functions.
  if (isLiteral) {
    const isAsync = isAsyncFunction(inner);
    if (usesCallbackResult(call) || (!isAsync && !mayReturnValue(inner as FunctionLiteral))) return;
    if (!context.types.expectsVoidCallback(argument)) return;
    if (!isAsync && !returnsPromise(inner, context)) return;
  } else {
    if (ts.isIdentifier(inner) && !context.types.mayHoldFunction(inner)) return;
    if (!returnsPromise(inner, context) || !context.types.expectsVoidCallback(argument)) return;
  }
  const name = call ? calleeName(call) : undefined;
  const fixes = call && ts.isCallExpression(call) && isLiteral ? forEachFixes(call, inner as FunctionLiteral, context) : [];
  context.report(argument, misuseMessage(attribute, name), fixes);
}

/** Whole sentences per place, so a translation can inflect the place as its grammar needs. */
function misuseMessage(attribute: string | undefined, callee: string | undefined): string {
  if (attribute !== undefined) {
    return t("An async function is passed to the `{0}` attribute, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.", attribute);
  }
  if (callee !== undefined) {
    return t("An async function is passed to `{0}`, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.", callee);
  }
  return t("An async function is passed to this call, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.");
}

export const asyncCallbackMisuse: TsRule = {
  meta,
  visit(node, context) {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const executor = ts.isNewExpression(node) ? asyncExecutor(node, context) : undefined;
      for (const argument of node.arguments ?? []) if (!executor || argument !== node.arguments?.[0]) check(argument, context, node);
    } else if (ts.isJsxAttribute(node) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
      check(node.initializer.expression, context, undefined, node.name.getText(context.sourceFile));
    }
  },
};
