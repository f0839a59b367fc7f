import ts from "typescript";
import { awaitInLoop as meta } from "../../catalogue/AL202-await-in-loop";
import { t } from "../../engine/l10n";
import type { Fix } from "../../engine/types";
import { calleeIntent, nameWords } from "../calleeWords";
import { awaitedCallOf, containerNames, describeAwaitedCall, enclosingAsyncFunction, insideTry, rootOf, STATEFUL_NAME } from "../independentAwaits";
import { skipOuterExpressions } from "../syntax";
import type { TsRule, TsRuleContext } from "../tsRule";

interface LoopShape {
  call: ts.CallExpression;
  /** The array pushed to, for `results.push(await f(x))`. */
  list?: ts.Identifier;
  /** The temporary of `const r = await f(x); results.push(r);`. */
  temporary?: ts.Identifier;
}

/** `list.push(<one argument>)` as a statement. */
function pushCall(statement: ts.Statement): { list: ts.Identifier; argument: ts.Expression } | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const call = statement.expression;
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "push" || !ts.isIdentifier(call.expression.expression)) return undefined;
  if (call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0])) return undefined;
  return { list: call.expression.expression, argument: call.arguments[0] };
}

function bodyShape(body: ts.Statement): LoopShape | undefined {
  const statements = ts.isBlock(body) ? body.statements : [body];
  if (statements.length === 1) {
    const [statement] = statements;
    if (ts.isExpressionStatement(statement)) {
      const call = awaitedCallOf(statement.expression);
      if (call) return { call };
    }
    const pushed = pushCall(statement);
    const call = pushed && awaitedCallOf(pushed.argument);
    return call ? { call, list: pushed!.list } : undefined;
  }
  if (statements.length === 2 && ts.isVariableStatement(statements[0]) && statements[0].declarationList.declarations.length === 1) {
    const [declaration] = statements[0].declarationList.declarations;
    const pushed = pushCall(statements[1]);
    const call = declaration.initializer && awaitedCallOf(declaration.initializer);
    if (!call || !pushed || !ts.isIdentifier(declaration.name) || declaration.type) return undefined;
    if (!ts.isIdentifier(pushed.argument) || pushed.argument.text !== declaration.name.text) return undefined;
    return { call, list: pushed.list, temporary: declaration.name };
  }
  return undefined;
}

function loopNames(initializer: ts.ForInitializer): Set<string> | undefined {
  if (!ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1) return undefined;
  const names = new Set<string>();
  const add = (name: ts.BindingName): boolean => {
    if (ts.isIdentifier(name)) return names.add(name.text), true;
    return name.elements.every((e) => ts.isOmittedExpression(e) || (!e.initializer && add(e.name)));
  };
  return add(initializer.declarations[0].name) ? names : undefined;
}

/** True when an identifier with this name appears in `scope` outside `except`. */
function mentionedOutside(scope: ts.Node, name: string, except: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || n === except) return;
    if (ts.isIdentifier(n) && n.text === name && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) found = true;
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

function loopFix(loop: ts.ForOfStatement, shape: LoopShape, fn: ts.Node, context: TsRuleContext, title: string): Fix | undefined {
  const { sourceFile, lines } = context;
  const declarations = loop.initializer as ts.VariableDeclarationList;
  if (shape.temporary && mentionedOutside(fn, shape.temporary.text, loop)) return undefined;
  const element = declarations.declarations[0].name.getText(sourceFile);
  const iterable = loop.expression.getText(sourceFile);
  const parameter = ts.isIdentifier(declarations.declarations[0].name) ? `(${element})` : `(${element})`;
  // `map` needs an array; any other iterable goes through `Array.from`, which maps as it copies.
  const mapped = context.types.isArray(loop.expression)
    ? `${ts.isIdentifier(loop.expression) || ts.isPropertyAccessExpression(loop.expression) || ts.isCallExpression(loop.expression) ? iterable : `(${iterable})`}.map(${parameter} => ${shape.call.getText(sourceFile)})`
    : `Array.from(${iterable}, ${parameter} => ${shape.call.getText(sourceFile)})`;
  const all = `await Promise.all(${mapped})`;
  let start = loop.getStart(sourceFile);
  let text = `${all};`;
  if (shape.list) {
    const previous = previousStatement(loop);
    const emptyArray = previous && emptyArrayDeclaration(previous, shape.list.text);
    if (emptyArray) {
      start = previous!.getStart(sourceFile);
      const keyword = previous!.declarationList.flags & ts.NodeFlags.Const ? "const" : previous!.declarationList.flags & ts.NodeFlags.Let ? "let" : "var";
      const type = emptyArray.type ? `: ${emptyArray.type.getText(sourceFile)}` : "";
      text = `${keyword} ${shape.list.text}${type} = ${all};`;
    } else {
      text = `${shape.list.text}.push(...(${all}));`;
    }
  }
  return { title, edits: [{ range: lines.rangeOf(start, loop.getEnd()), newText: text }], safe: false };
}

function previousStatement(statement: ts.Statement): ts.VariableStatement | undefined {
  const parent = statement.parent;
  if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) return undefined;
  const index = parent.statements.indexOf(statement);
  const previous = index > 0 ? parent.statements[index - 1] : undefined;
  return previous && ts.isVariableStatement(previous) ? previous : undefined;
}

function emptyArrayDeclaration(statement: ts.VariableStatement, name: string): ts.VariableDeclaration | undefined {
  if (statement.declarationList.declarations.length !== 1) return undefined;
  const [declaration] = statement.declarationList.declarations;
  const value = declaration.initializer;
  if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !value || !ts.isArrayLiteralExpression(value) || value.elements.length > 0) return undefined;
  return declaration;
}

/** Collections whose elements run in turn by design: each sees what the one before it did. */
const ORDERED_ELEMENTS = new Set([
  "hook", "hooks", "middleware", "middlewares", "plugin", "plugins", "migration", "migrations", "handler", "handlers",
  "listener", "listeners", "interceptor", "interceptors", "step", "steps", "callback", "callbacks", "subscriber",
  "subscribers", "observer", "observers", "task", "tasks", "job", "jobs", "stage", "stages", "transform", "transforms",
  "fixture", "fixtures", "seed", "seeds",
]);

/**
 * Whether the loop reads as sequential on purpose, so that running its iterations together needs
 * evidence it lacks: nothing per iteration reaches the call (polling, retrying), each element is
 * called in turn (hooks, middleware), the callee is named for an effect (`send`, `insert`, `migrate`),
 * its result is dropped and its name does not say it only reads, the elements are steps, or one
 * client, pool or page is handed to every iteration.
 */
function orderedByDesign(loop: ts.ForOfStatement, shape: LoopShape, awaited: NonNullable<ReturnType<typeof describeAwaitedCall>>, names: Set<string>, context: TsRuleContext): boolean {
  const perIteration = [...awaited.reads].some((name) => names.has(name));
  if (!perIteration) return true;
  const callee = skipOuterExpressions(shape.call.expression);
  if (ts.isIdentifier(callee) && names.has(callee.text)) return true;
  const intent = calleeIntent(awaited.tail);
  if (intent === "effect" || (!shape.list && intent !== "read")) return true;
  const named = [...names, loop.expression.getText(context.sourceFile)].flatMap(nameWords);
  if (awaited.receivers.size > 0 && named.some((word) => ORDERED_ELEMENTS.has(word))) return true;
  for (const expression of awaited.handed.values()) {
    const root = rootOf(expression);
    if (root && !(ts.isIdentifier(root) && names.has(root.text)) && context.types.isServiceObject(expression)) return true;
  }
  return false;
}

/** AL202 for TypeScript/JavaScript: a `for…of` whose iterations await independent work -> `Promise.all`. */
export const awaitInLoop: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isForOfStatement(node) || node.awaitModifier) return;
    const fn = enclosingAsyncFunction(node);
    if (!fn || insideTry(node, fn)) return;
    const names = loopNames(node.initializer);
    const shape = bodyShape(node.statement);
    if (!names || !shape) return;
    const awaited = describeAwaitedCall(shape.call, context);
    if (!awaited || awaited.writes.size > 0) return;
    const list = shape.list?.text;
    if (list && (awaited.reads.has(list) || names.has(list) || node.expression.getText(context.sourceFile).includes(list))) return;
    if (shape.temporary && awaited.reads.has(shape.temporary.text)) return;
    for (const receiver of awaited.receivers) if (!names.has(receiver.split(".")[0])) return;
    const shared = containerNames(fn);
    for (const name of awaited.reads) if (!names.has(name) && (shared.has(name) || STATEFUL_NAME.test(name))) return;
    // `for (const [i, step] of steps.entries()) await run(i, step)`: the position is part of the work.
    const first = (node.initializer as ts.VariableDeclarationList).declarations[0].name;
    if (ts.isArrayBindingPattern(first) && /\.entries\(\)$/.test(node.expression.getText(context.sourceFile))) {
      const index = first.elements[0];
      if (index && !ts.isOmittedExpression(index) && ts.isIdentifier(index.name) && awaited.reads.has(index.name.text)) return;
    }
    if (orderedByDesign(node, shape, awaited, names, context)) return;
    const fix = loopFix(node, shape, fn, context, t("Run the iterations together with `Promise.all` (starts every call at once: a shared server, file or connection sees them concurrently; unsafe)"));
    const label = shape.call.expression.getText(context.sourceFile).replace(/\s+/g, "");
    context.report(
      node,
      t(
        "Each iteration waits for `{0}` before the next one starts, though the iterations do not depend on each other. Run them together with `Promise.all`.",
        `${label.length > 40 ? label.slice(0, 37) + "…" : label}(…)`,
      ),
      fix ? [fix] : [],
      node.expression,
    );
  },
};
