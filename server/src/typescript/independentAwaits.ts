import ts from "typescript";
import type { Fix } from "../engine/types";
import { calleeIntent } from "./calleeWords";
import { isAsyncFunction, skipOuterExpressions } from "./syntax";
import type { TsRuleContext } from "./tsRule";

/** What the independence rules and the `Promise.all` rewrite read: a rule's context, or the refactor's for a selection. */
export type IndependenceContext = Pick<TsRuleContext, "sourceFile" | "text" | "lines" | "types" | "isJavaScript">;

/**
 * AL201/AL202 for TypeScript and JavaScript: the same conservative independence rules as the
 * Python side (see the rules' docs), read from TypeScript's syntax tree. When unsure: say nothing.
 */

/** Calls that order what follows them (pauses, locks, queues, connection set-up), by the callee's last name. */
const ORDERING_CALLS = new Set([
  "sleep",
  "delay",
  "setTimeout",
  "timeout",
  "wait",
  "acquire",
  "release",
  "lock",
  "unlock",
  "runExclusive",
  "join",
  "drain",
  "get",
  "put",
  "connect",
  "login",
  "open",
  "close",
  "end",
  "destroy",
  "start",
  "stop",
  "listen",
  "flush",
  "commit",
  "rollback",
  "beginTransaction",
]);

/** Names that say an argument is a connection, channel, stream, cursor or device. */
const STATEFUL_NAME = /(^|_|[a-z])(conn|Conn|connection|Connection|ssh|Ssh|telnet|chan|Chan|channel|Channel|shell|sock|Sock|socket|Socket|stream|Stream|reader|Reader|writer|Writer|cursor|Cursor|tx|Tx|transaction|Transaction|device|Device|client|Client)s?($|_|\d|[A-Z])|^(conn|ssh|chan|sock|stream|reader|writer|cursor|tx|device|dev|client)/;

export interface TsAwaitStatement {
  statement: ts.Statement;
  call: ts.CallExpression;
  /** The declaration list (`const`/`let`/`var`) and the one declaration, for `const a = await f()`. */
  declaration?: ts.VariableDeclaration;
  reads: Set<string>;
  writes: Set<string>;
  receivers: Set<string>;
  /** The callee's last name: `query` in `this.pool.query(…)`. */
  tail: string;
  /** Whole names handed to the call (`client` in `run(client, x)`): a client shared by two calls orders them. */
  handed: Map<string, ts.Expression>;
}

function calleeTail(callee: ts.Expression): string | undefined {
  const c = skipOuterExpressions(callee);
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) return c.name.text;
  return undefined;
}

function calleeText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  return call.expression.getText(sourceFile).replace(/\s+/g, "");
}

/** The awaited call of `await f(x)` (through parentheses), or undefined. */
export function awaitedCallOf(expression: ts.Expression): ts.CallExpression | undefined {
  const e = skipOuterExpressions(expression);
  if (!ts.isAwaitExpression(e)) return undefined;
  const inner = skipOuterExpressions(e.expression);
  return ts.isCallExpression(inner) && !inner.questionDotToken ? inner : undefined;
}

/** Names a call reads, and names a walrus-like assignment inside it writes; false when it nests an await or a yield. */
function collectNames(node: ts.Node, reads: Set<string>, writes: Set<string>): boolean {
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n)) {
      ok = false;
      return;
    }
    if (ts.isIdentifier(n)) {
      const parent = n.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.name === n) return;
      if (ts.isPropertyAssignment(parent) && parent.name === n) return;
      reads.add(n.text);
      return;
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      if (ts.isIdentifier(n.left)) writes.add(n.left.text);
      else ok = false;
    }
    if (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) {
      if (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) ok = false;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return ok;
}

/** The root of `a.b[c].d` (an identifier or `this`), or undefined for anything else (a call's result, a literal). */
function rootOf(expression: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let e = skipOuterExpressions(expression);
  for (;;) {
    if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return e as ts.Identifier | ts.ThisExpression;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipOuterExpressions(e.expression);
    else return undefined;
  }
}

/**
 * The object a `const` alias stands for, by its root name: `const c = this.client` makes `c.query()`
 * a call on `this`; `const db = ctx.db` one on `ctx`. Undefined when the name is no alias (`new Client()`,
 * `await pool.connect()` make objects of their own) or comes from an import.
 */
function aliasedRoot(identifier: ts.Identifier, types: IndependenceContext["types"], depth = 0): string | undefined {
  if (depth > 3 || types.importOrigin(identifier)) return undefined;
  const binding = types.constBinding(identifier);
  const root = binding && rootOf(binding.value);
  if (!root) return undefined;
  if (!ts.isIdentifier(root)) return "this";
  if (types.importOrigin(root)?.name === "*") return undefined;
  return aliasedRoot(root, types, depth + 1) ?? root.text;
}

/**
 * The object a plain-named callee is a method of, when the name is bound to one: `const send =
 * conn.send.bind(conn)`, `const query = this.query`, `const { query } = pool`. Null for a function
 * of its own (a local arrow, an import, a factory's result).
 */
function boundMethodReceiver(callee: ts.Identifier, types: IndependenceContext["types"]): string | null {
  if (types.importOrigin(callee)) return null;
  const binding = types.constBinding(callee);
  if (!binding) return null;
  let value = skipOuterExpressions(binding.value);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === "bind") value = value.expression.expression;
  else if (!binding.destructured && !ts.isPropertyAccessExpression(value) && !ts.isElementAccessExpression(value)) return null;
  const root = rootOf(binding.destructured ? value : (value as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  if (!root) return null;
  if (!ts.isIdentifier(root)) return "this";
  if (types.importOrigin(root)?.name === "*") return null;
  return aliasedRoot(root, types) ?? root.text;
}

/** The receiver's root name, null for a plain function or a module namespace, undefined when it cannot be named. */
function receiverOf(call: ts.CallExpression, context: Pick<IndependenceContext, "types">): string | null | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return boundMethodReceiver(callee, context.types);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  let object: ts.Expression = skipOuterExpressions(callee.expression);
  const path: string[] = [];
  for (;;) {
    if (ts.isIdentifier(object)) {
      path.unshift(object.text);
      break;
    }
    if (ts.isPropertyAccessExpression(object)) {
      path.unshift(object.name.text);
      object = skipOuterExpressions(object.expression);
    } else if (ts.isElementAccessExpression(object)) {
      path.length = 0;
      object = skipOuterExpressions(object.expression);
    } else if (object.kind === ts.SyntaxKind.ThisKeyword) {
      path.unshift("this");
      break;
    } else {
      return undefined;
    }
  }
  const root = ts.isIdentifier(object) ? object : undefined;
  const origin = root ? context.types.importOrigin(root) : undefined;
  if (origin && origin.name === "*") return path.length === 1 ? null : path.join(".");
  return (root && aliasedRoot(root, context.types)) ?? path[0];
}

/** Names and `this.` members handed to the call as whole arguments (`run(client, x)`, `run(this.db, x)`), by their text. */
function handedOn(call: ts.CallExpression, sourceFile: ts.SourceFile): Map<string, ts.Expression> {
  const handed = new Map<string, ts.Expression>();
  for (const argument of call.arguments) {
    const inner = skipOuterExpressions(argument);
    const root = rootOf(inner);
    if (root && (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner))) handed.set(inner.getText(sourceFile).replace(/\s+/g, ""), inner);
  }
  return handed;
}

function bindingNames(name: ts.BindingName, into: Set<string>): boolean {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return true;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (element.initializer) return false;
    if (!bindingNames(element.name, into)) return false;
  }
  return true;
}

/** Describes an awaited call, or undefined when it orders things or cannot be judged. */
export function describeAwaitedCall(call: ts.CallExpression, context: Pick<IndependenceContext, "types">, writes = new Set<string>()) {
  const tail = calleeTail(call.expression);
  if (tail === undefined || ORDERING_CALLS.has(tail)) return undefined;
  const reads = new Set<string>();
  if (!collectNames(call, reads, writes)) return undefined;
  const receiver = receiverOf(call, context);
  if (receiver === undefined) return undefined;
  return { call, reads, writes, receivers: new Set(receiver === null ? [] : [receiver]), tail, handed: handedOn(call, call.getSourceFile()) };
}

/** Reads `await f(x);` or `const a = await f(x);` (one declaration, no default values), else undefined. */
export function tsAwaitStatement(statement: ts.Statement, context: Pick<IndependenceContext, "types">): TsAwaitStatement | undefined {
  if (ts.isExpressionStatement(statement)) {
    const call = awaitedCallOf(statement.expression);
    const described = call && describeAwaitedCall(call, context);
    return described && { statement, ...described };
  }
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    // `using` / `await using` dispose at the end of the block: moving them into a pattern changes that.
    const kind = statement.declarationList.flags & ts.NodeFlags.BlockScoped;
    if (statement.modifiers?.length || kind === ts.NodeFlags.Using || kind === ts.NodeFlags.AwaitUsing) return undefined;
    const [declaration] = statement.declarationList.declarations;
    const call = declaration.initializer ? awaitedCallOf(declaration.initializer) : undefined;
    const writes = new Set<string>();
    if (!call || declaration.exclamationToken || !bindingNames(declaration.name, writes)) return undefined;
    const described = describeAwaitedCall(call, context, writes);
    return described && { statement, declaration, ...described };
  }
  return undefined;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

const containersOfFunction = new WeakMap<ts.Node, Set<string>>();

/**
 * Names bound to an object or array literal (or `new Map()`…) in the function: shared mutable state.
 * Kept per function: every block and loop of a function asks, and a walk each time made long
 * functions quadratic.
 */
function containerNames(fn: ts.Node): Set<string> {
  let names = containersOfFunction.get(fn);
  if (names) return names;
  const found = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const value = skipOuterExpressions(n.initializer);
      if (ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value) || ts.isNewExpression(value)) found.add(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  containersOfFunction.set(fn, (names = found));
  return names;
}

/**
 * Why the second may not run alongside the first, or undefined when they are independent.
 * `asRule` (AL201) also takes as ordered what only suggests an order: two bare awaits of different
 * functions (steps of a procedure), a bare await beside a binding, the same call twice, a callee
 * named for an effect (`send`, `create`, `migrate`: the other may see it through a server, a file,
 * a row), one client, pool or page handed to both.
 * A user who selects the awaits for the refactor has said otherwise, and gets the weaker check.
 */
export function tsDependence(
  first: TsAwaitStatement,
  second: TsAwaitStatement,
  shared: Set<string>,
  sourceFile: ts.SourceFile,
  asRule = true,
  types?: Pick<IndependenceContext["types"], "isServiceObject">,
): string | undefined {
  if (asRule && !first.declaration && !second.declaration && calleeText(first.call, sourceFile) !== calleeText(second.call, sourceFile)) return "steps";
  // A bare await is made for what the call does, and the binding beside it may read just that
  // (`await runFixture(dir)` then `const report = await readFile(reportPath)`).
  if (asRule && !first.declaration !== !second.declaration) return "effect then result";
  // The same call on the same data twice polls, or asks what the first one cached.
  if (asRule && first.call.getText(sourceFile).replace(/\s+/g, "") === second.call.getText(sourceFile).replace(/\s+/g, "")) return "repeated";
  if (asRule && (calleeIntent(first.tail) === "effect" || calleeIntent(second.tail) === "effect")) return "effect";
  if (asRule && types) {
    for (const [name, expression] of first.handed) if (second.handed.has(name) && types.isServiceObject(expression)) return "shared service";
  }
  if (intersects(second.reads, first.writes) || intersects(first.reads, second.writes) || intersects(first.writes, second.writes)) return "data";
  for (const a of first.receivers) {
    for (const b of second.receivers) if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) return "receiver";
  }
  for (const r of first.receivers) if (second.reads.has(r.split(".")[0])) return "receiver handed on";
  for (const r of second.receivers) if (first.reads.has(r.split(".")[0])) return "receiver handed on";
  for (const name of first.reads) if (second.reads.has(name) && (shared.has(name) || STATEFUL_NAME.test(name))) return "shared state";
  return undefined;
}

/** True inside a `try` (handlers see which call failed first) between the statement and its function. */
export function insideTry(node: ts.Node, fn: ts.Node): boolean {
  for (let n = node.parent; n && n !== fn; n = n.parent) if (ts.isTryStatement(n)) return true;
  return false;
}

export function enclosingAsyncFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return isAsyncFunction(n) ? (n as ts.FunctionLikeDeclaration) : undefined;
    if (ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

/** A comment on its own line between two statements usually says why they wait for each other. */
export function followsOwnLineComment(statement: ts.Statement, context: Pick<IndependenceContext, "text" | "lines">): boolean {
  const previousLine = context.lines.positionAt(statement.pos).line;
  return (ts.getLeadingCommentRanges(context.text, statement.pos) ?? []).some((c) => context.lines.positionAt(c.pos).line !== previousLine);
}

/** Runs of two or more consecutive, pairwise independent await statements in a block of an async function. */
export function tsAwaitRuns(block: ts.Block, context: IndependenceContext): TsAwaitStatement[][] {
  const fn = enclosingAsyncFunction(block);
  if (!fn || insideTry(block, fn)) return [];
  // Read only when two awaits meet: most blocks have none.
  let shared: Set<string> | undefined;
  const runs: TsAwaitStatement[][] = [];
  let current: TsAwaitStatement[] = [];
  const close = () => {
    if (current.length >= 2) runs.push(current);
    current = [];
  };
  for (const statement of block.statements) {
    const unit = tsAwaitStatement(statement, context);
    if (!unit) {
      close();
      continue;
    }
    if (current.length > 0 && followsOwnLineComment(statement, context)) close();
    if (!current.every((earlier) => tsDependence(earlier, unit, (shared ??= containerNames(fn)), context.sourceFile, true, context.types) === undefined)) close();
    current.push(unit);
  }
  close();
  return runs;
}

/**
 * `const [a, b] = await Promise.all([f(x), g(y)])`, keeping `const`/`let`/`var` and the type
 * annotations (a tuple type when every binding has one); bare awaits leave holes. Comments after
 * the statements (`const a = await f(); // why`) move above the rewrite. Undefined when the
 * declarations mix kinds, annotate only some, or bind destructuring patterns with types.
 */
export function promiseAllFix(run: readonly TsAwaitStatement[], context: IndependenceContext, title: string): Fix | undefined {
  const { sourceFile, lines } = context;
  const declared = run.filter((u) => u.declaration);
  const kinds = new Set(declared.map((u) => (u.statement as ts.VariableStatement).declarationList.flags & ts.NodeFlags.BlockScoped));
  if (kinds.size > 1) return undefined;
  const typed = declared.filter((u) => u.declaration!.type);
  if (typed.length > 0 && (typed.length !== declared.length || declared.length !== run.length || context.isJavaScript)) return undefined;
  const calls = run.map((u) => u.call.getText(sourceFile));
  const all = `await Promise.all([${calls.join(", ")}])`;
  let text = `${all};`;
  if (declared.length > 0) {
    const keyword = ts.tokenToString(declarationKeyword(declared[0].statement as ts.VariableStatement))!;
    // Trailing bare awaits need no hole: `const [a] = …` ignores the rest.
    let lastBound = run.length - 1;
    while (!run[lastBound].declaration) lastBound--;
    const elements = run.slice(0, lastBound + 1).map((u) => (u.declaration ? u.declaration.name.getText(sourceFile) : ""));
    const types = typed.length > 0 ? `: [${typed.map((u) => u.declaration!.type!.getText(sourceFile)).join(", ")}]` : "";
    text = `${keyword} [${elements.join(", ")}]${types} = ${all};`;
  }
  const first = run[0].statement;
  const last = run[run.length - 1].statement;
  const comments = new Map<number, ts.CommentRange>();
  for (const u of run.slice(1)) {
    // Same-line comments of the statement before, then those on lines of their own (a selection may hold them).
    const between = [...(ts.getTrailingCommentRanges(context.text, u.statement.pos) ?? []), ...(ts.getLeadingCommentRanges(context.text, u.statement.pos) ?? [])];
    for (const c of between) comments.set(c.pos, c);
  }
  if (comments.size > 0) {
    // The replaced range would swallow them; they keep the first statement's indentation on lines of their own.
    const start = lines.positionAt(first.getStart(sourceFile));
    const indent = lines.lineText(start.line).slice(0, start.character);
    if (indent.trim() !== "") return undefined;
    text = [...comments.values()].map((c) => `${context.text.slice(c.pos, c.end)}${lines.eol}${indent}`).join("") + text;
  }
  return { title, edits: [{ range: lines.rangeOf(first.getStart(sourceFile), last.getEnd()), newText: text }], safe: false };
}

function declarationKeyword(statement: ts.VariableStatement): ts.SyntaxKind {
  const flags = statement.declarationList.flags;
  if (flags & ts.NodeFlags.Const) return ts.SyntaxKind.ConstKeyword;
  if (flags & ts.NodeFlags.Let) return ts.SyntaxKind.LetKeyword;
  return ts.SyntaxKind.VarKeyword;
}

export { STATEFUL_NAME, containerNames, rootOf };
