import ts from "typescript";
import { asyncExecutor } from "../promiseExecutor";
import { asyncCallbackMisuse as meta } from "../../catalogue/AL303-async-callback-misuse";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { isKnownSafeType } from "../knownSafePromises";
import { indentationAt, isAsyncFunction, runsInAsyncFunction, skipOuterExpressions } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";
import { replaceNode } from "../tsEdits";
import type { AwaitablePart } from "../typeQuestions";
import { type VoidPlace, voidPlaceOf } from "../voidReturnPlaces";
import { voidWrapFix } from "../voidWrapFix";

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

function usesCallbackResult(call: ts.CallExpression | ts.NewExpression | undefined, context?: TsRuleContext): boolean {
  const callee = call && skipOuterExpressions(call.expression);
  if (!callee) return false;
  if (ts.isPropertyAccessExpression(callee)) return USES_CALLBACK_RESULT.has(callee.name.text);
  // `p[method](…)` with `const method = "finally"`.
  if (!ts.isElementAccessExpression(callee) || !context) return false;
  const key = skipOuterExpressions(callee.argumentExpression);
  const written = ts.isIdentifier(key) ? context.types.constBinding(key)?.value : key;
  return !!written && ts.isStringLiteralLike(written) && USES_CALLBACK_RESULT.has(written.text);
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
  return isUnwatchedPromise(context.types.returnedAwaitableParts(fn), context);
}

/** Whether awaitable parts are a promise whose rejection would go unnoticed (the measure of `returnsPromise`). */
function isUnwatchedPromise(parts: readonly AwaitablePart[], context: TsRuleContext): boolean {
  if (parts.length === 0 || isKnownSafeType(context.settings.typescript.safePromiseTypes, parts)) return false;
  return parts.some((part) => part.kind === "promise" || context.settings.typescript.checkThenables);
}

/** Where a function value goes, for the message: a call's argument or a JSX attribute (the slot is a callback), or one of the places of `voidReturnPlaces`. */
type Place = { kind: "argument"; call: ts.CallExpression | ts.NewExpression } | { kind: "attribute"; attribute: string } | VoidPlace;

function check(value: ts.Expression, context: TsRuleContext, place: Place): void {
  const inner = skipOuterExpressions(value);
  const isLiteral = ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
  const call = place.kind === "argument" ? place.call : undefined;
  // Only functions can be callbacks: a literal, or a name or property that may hold one.
  if (!isLiteral && !ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return;
  if (place.kind === "variable" && ts.isIdentifier(inner) && !context.types.mayHoldFunction(inner) && checkStoredObject(inner, place, context)) return;
  // Cheapest question first. A literal's own type needs its context, so ask about the slot first:
  // most callbacks go where their result is used (map, then, filter). A name's type is its
  // declaration's, so ask that first: most names passed along are data, not functions.
  let lostForm = false;
  if (isLiteral) {
    const isAsync = isAsyncFunction(inner);
    if (usesCallbackResult(call, context) || (!isAsync && !mayReturnValue(inner as FunctionLiteral))) return;
    if (!context.types.expectsVoidCallback(value)) return;
    if (!isAsync && !returnsPromise(inner, context)) return;
  } else {
    if (ts.isIdentifier(inner) && !context.types.mayHoldFunction(inner)) return;
    if (returnsPromise(inner, context)) {
      if (!context.types.expectsVoidCallback(value)) return;
    } else {
      // A function with a promise form and a callback form, called back with no callback: the promise form runs.
      if (usesCallbackResult(call) || !isUnwatchedPromise(context.types.lostPromiseForm(inner), context) || !context.types.expectsVoidCallback(value)) return;
      lostForm = true;
    }
  }
  // A property beside others that take async functions: the library handles promises in this object (see siblingAcceptsPromise).
  if (place.kind === "property" && ts.isPropertyAssignment(value.parent) && context.types.siblingAcceptsPromise(value.parent)) return;
  // The wrap passes the slot's arguments on: only where the function takes them all (so it type-checks), and never for a lost promise form (its promise form may take fewer).
  let fixes: Fix[] = [];
  if (isLiteral) fixes = call && ts.isCallExpression(call) ? forEachFixes(call, inner as FunctionLiteral, context) : [];
  else if (!lostForm && context.types.takesSlotArguments(value)) fixes = voidWrapFix(value, context.sourceFile, context.lines);
  const message = lostForm ? lostFormMessage(inner.getText(context.sourceFile), call && calleeName(call)) : misuseMessage(place);
  context.report(value, message, fixes);
}

/** `const d: Disposable = resource` / `using handle = resource`, where the object's method the type wants `void` from is async. Whether it reported. */
function checkStoredObject(value: ts.Identifier, place: VoidPlace, context: TsRuleContext): boolean {
  const members = context.types.asyncMembersWhereVoid(value);
  if (members.length === 0) return false;
  context.report(
    value,
    t("`{0}` is stored as `{1}`, whose type declares `{2}` to return void, but its `{2}` is async: whoever calls it through `{1}` does not wait for the promise and a rejection goes unnoticed.", value.text, place.name ?? "", members.join("`, `")),
  );
  return true;
}

function isSyncUsing(declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.Using;
}

/** `using handle = resource` calls `handle[Symbol.dispose]()` at the end of the block and does not wait for what it returns (`await using` would). */
function checkUsing(declaration: ts.VariableDeclaration, value: ts.Expression, context: TsRuleContext): void {
  if (!context.types.disposeReturnsPromise(value)) return;
  context.report(
    value,
    t("`using` calls `[Symbol.dispose]()` at the end of the block without waiting, but this value's `[Symbol.dispose]` is async: the disposal may not be finished after the block and a rejection goes unnoticed. Write `await using` with `[Symbol.asyncDispose]`."),
  );
}

function lostFormMessage(fn: string, callee: string | undefined): string {
  if (callee !== undefined) {
    return t("`{0}` has a promise form and a callback form, and `{1}` calls it back without a callback: the promise form runs, nothing awaits the promise and a rejection goes unnoticed.", fn, callee);
  }
  return t("`{0}` has a promise form and a callback form, and is called back here without a callback: the promise form runs, nothing awaits the promise and a rejection goes unnoticed.", fn);
}

/** Whole sentences per place, so a translation can inflect the place as its grammar needs. */
function misuseMessage(place: Place): string {
  switch (place.kind) {
    case "attribute":
      return argumentMessage(place.attribute, undefined);
    case "argument":
      return argumentMessage(undefined, calleeName(place.call));
    case "variable":
      return t("An async function is assigned to `{0}`, whose type is a function returning void: whoever calls it does not wait for the promise and a rejection goes unnoticed.", place.name ?? "");
    case "property":
      return t("An async function is given as `{0}`, which its type declares to return void: whoever calls it does not wait for the promise and a rejection goes unnoticed.", place.name ?? "");
    case "return":
      return t("An async function is returned where a function returning void is expected: whoever calls it does not wait for the promise and a rejection goes unnoticed.");
  }
}

function argumentMessage(attribute: string | undefined, callee: string | undefined): string {
  if (attribute !== undefined) {
    return t("An async function is passed to the `{0}` attribute, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.", attribute);
  }
  if (callee !== undefined) {
    return t("An async function is passed to `{0}`, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.", callee);
  }
  return t("An async function is passed to this call, which ignores what its callback returns: nothing awaits the promise and a rejection goes unnoticed.");
}

/** `consume(...callbacks)`: the spread holds functions returning promises, and every slot they land in returns `void`. */
function checkSpread(spread: ts.SpreadElement, call: ts.CallExpression | ts.NewExpression, context: TsRuleContext): void {
  if (usesCallbackResult(call) || !isUnwatchedPromise(context.types.spreadsIntoVoidSlots(spread), context)) return;
  const callee = calleeName(call);
  context.report(
    spread,
    callee !== undefined
      ? t("The spread passes async functions to `{0}`, which ignores what its callbacks return: nothing awaits the promises and a rejection goes unnoticed.", callee)
      : t("The spread passes async functions to this call, which ignores what its callbacks return: nothing awaits the promises and a rejection goes unnoticed."),
  );
}

/** Whether a method or function may return a promise at all, by its syntax: async, written to return one, or returning a value. */
function mayReturnPromise(fn: ts.SignatureDeclaration): boolean {
  if (isAsyncFunction(fn)) return !(fn as ts.FunctionLikeDeclaration).asteriskToken;
  if (fn.type) return !ts.isTypePredicateNode(fn.type) && fn.type.kind !== ts.SyntaxKind.VoidKeyword;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return !!body && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && mayReturnValue(fn as FunctionLiteral);
}

/** `{ async read() {} }` or `{ handler }` where the object's type wants the member to return `void`. */
function checkObjectMember(member: ts.MethodDeclaration | ts.ShorthandPropertyAssignment, context: TsRuleContext): void {
  const name = member.name.getText(context.sourceFile);
  if (ts.isMethodDeclaration(member)) {
    if (!mayReturnPromise(member) || !isUnwatchedPromise(context.types.declaredReturnAwaitableParts(member), context)) return;
  } else {
    if (!context.types.mayHoldFunction(member.name) || !returnsPromise(member.name, context)) return;
  }
  if (!context.types.expectsVoidMember(member) || context.types.siblingAcceptsPromise(member)) return;
  context.report(
    member.name,
    ts.isMethodDeclaration(member)
      ? t("The async method `{0}` is given where the object's type declares it to return void: whoever calls it does not wait for the promise and a rejection goes unnoticed.", name)
      : t("An async function is given as `{0}`, which its type declares to return void: whoever calls it does not wait for the promise and a rejection goes unnoticed.", name),
    ts.isMethodDeclaration(member) || !context.types.takesSlotArguments(member.name) ? [] : voidWrapFix(member.name, context.sourceFile, context.lines, true),
  );
}

/** A class or interface member returning a promise where a type it extends or implements declares the member to return `void`. */
function checkInheritedMember(member: ts.ClassElement | ts.TypeElement, context: TsRuleContext): void {
  const owner = member.parent;
  if (!owner || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) || !owner.heritageClauses?.length || !member.name) return;
  if (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return;
  let parts: AwaitablePart[];
  if (ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) {
    if (!mayReturnPromise(member)) return;
    parts = context.types.declaredReturnAwaitableParts(member);
  } else if (ts.isPropertyDeclaration(member) || ts.isPropertySignature(member)) {
    const value = ts.isPropertyDeclaration(member) ? member.initializer && skipOuterExpressions(member.initializer) : undefined;
    const typed = member.type && (ts.isFunctionTypeNode(member.type) || ts.isTypeReferenceNode(member.type));
    const literal = value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && mayReturnPromise(value);
    if (!typed && !literal) return;
    if (!ts.isIdentifier(member.name) && !ts.isPrivateIdentifier(member.name) && !ts.isStringLiteral(member.name)) return;
    parts = context.types.returnedAwaitableParts(member.name as ts.Expression);
  } else {
    return;
  }
  if (!isUnwatchedPromise(parts, context)) return;
  const bases = context.types.voidBaseMembers(member);
  if (bases.length === 0) return;
  const name = member.name.getText(context.sourceFile);
  context.report(member.name, t("`{0}` returns a promise, but `{1}` declares it to return void: a caller going through `{1}` does not wait for the promise and a rejection goes unnoticed.", name, bases.join("`, `")));
}

export const asyncCallbackMisuse: TsRule = {
  meta,
  visit(node, context) {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const executor = ts.isNewExpression(node) ? asyncExecutor(node, context) : undefined;
      for (const argument of node.arguments ?? []) {
        if (executor && argument === node.arguments?.[0]) continue;
        if (ts.isSpreadElement(argument)) checkSpread(argument, node, context);
        else check(argument, context, { kind: "argument", call: node });
      }
    } else if (ts.isJsxAttribute(node) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
      check(node.initializer.expression, context, { kind: "attribute", attribute: node.name.getText(context.sourceFile) });
    } else if ((ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent)) {
      checkObjectMember(node, context);
    } else if (node.parent && (ts.isClassLike(node.parent) || ts.isInterfaceDeclaration(node.parent)) && (ts.isClassElement(node) || ts.isTypeElement(node))) {
      checkInheritedMember(node, context);
      const place = voidPlaceOf(node, context.sourceFile);
      if (place) check(place.value, context, place);
    } else if (ts.isVariableDeclaration(node) && node.initializer && isSyncUsing(node)) {
      checkUsing(node, node.initializer, context);
    } else {
      const place = voidPlaceOf(node, context.sourceFile);
      if (place) check(place.value, context, place);
    }
  },
};
