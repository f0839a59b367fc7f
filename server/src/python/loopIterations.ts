import type { Node } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import { t } from "../engine/l10n";
import type { Fix } from "../engine/types";
import { awaitedCall, describeCall, inCoroutine, mentions, orderedByContext, plainTarget, targetNames, unjudgeable, unparenthesized, type AwaitedCall, type IndependenceFacts } from "./independence";
import { insideError } from "./moduleModel";
import { ensureModuleImport } from "./pythonEdits";

/**
 * The loops AL202 recognises: a `for` whose body only awaits one call per element and keeps
 * the result in a way that does not depend on the order the calls finish in.
 *
 * - `await f(x)`                                    ("bare")
 * - `results.append(await f(x))`, or
 *   `r = await f(x)` then `results.append(r)`       ("append")
 * - `results[x] = await f(x)` keyed by a loop name  ("index")
 */
export interface IndependentLoop {
  loop: Node;
  kind: "bare" | "append" | "index";
  awaited: AwaitedCall;
  /** The list appended to or the container assigned into. */
  container?: string;
  /** The temporary of the two-statement append shape. */
  temporary?: Node;
  /** Whether the body holds a comment, which a rewrite would lose. */
  hasComments: boolean;
}

/** `name.append(<argument>)` as a statement: the name and the argument, else undefined. */
function appendCall(statement: Node): { list: Node; argument: Node } | undefined {
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1) return undefined;
  const call = statement.namedChildren[0]!;
  if (call.type !== "call") return undefined;
  const callee = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "append") return undefined;
  const list = callee.childForFieldName("object");
  if (list?.type !== "identifier" || args?.type !== "argument_list" || args.namedChildCount !== 1) return undefined;
  const argument = args.namedChildren[0]!;
  return argument.type === "keyword_argument" || argument.type === "list_splat" ? undefined : { list, argument };
}

/** `target = <value>` as a statement, with no annotation. */
function plainAssignment(statement: Node): { left: Node; right: Node } | undefined {
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1) return undefined;
  const assignment = statement.namedChildren[0]!;
  if (assignment.type !== "assignment" || assignment.childForFieldName("type")) return undefined;
  const left = assignment.childForFieldName("left");
  const right = assignment.childForFieldName("right");
  return left && right ? { left, right } : undefined;
}

/** Matches the body against the shapes above; returns the awaited call and how its result is kept. */
function bodyShape(statements: Node[]): { kind: IndependentLoop["kind"]; call: Node; container?: Node; temporary?: Node } | undefined {
  if (statements.length === 1) {
    const [statement] = statements;
    if (statement.type === "expression_statement" && statement.namedChildCount === 1) {
      const call = awaitedCall(statement.namedChildren[0]!);
      if (call) return { kind: "bare", call };
    }
    const appended = appendCall(statement);
    if (appended) {
      const call = awaitedCall(appended.argument);
      return call ? { kind: "append", call, container: appended.list } : undefined;
    }
    const assigned = plainAssignment(statement);
    if (assigned?.left.type === "subscript") {
      const container = assigned.left.childForFieldName("value");
      const keys = assigned.left.childrenForFieldName("subscript").filter((k): k is Node => k !== null);
      const call = awaitedCall(assigned.right);
      if (call && container?.type === "identifier" && keys.length === 1 && keys[0].type === "identifier") {
        return { kind: "index", call, container, temporary: keys[0] };
      }
    }
    return undefined;
  }
  if (statements.length === 2) {
    const assigned = plainAssignment(statements[0]);
    const appended = appendCall(statements[1]);
    if (!assigned || !appended || assigned.left.type !== "identifier") return undefined;
    if (appended.argument.type !== "identifier" || appended.argument.text !== assigned.left.text) return undefined;
    const call = awaitedCall(assigned.right);
    return call ? { kind: "append", call, container: appended.list, temporary: assigned.left } : undefined;
  }
  return undefined;
}

/**
 * Reads a `for` loop as independent iterations, or undefined when any iteration could depend
 * on an earlier one: `async for`, an `else`, `break`/`continue`/`return` or any other statement
 * in the body, an awaited call that reads what the loop builds, calls a method of one object
 * shared by all iterations, is handed shared state, or is handed the `enumerate` position.
 *
 * It also needs positive evidence that the iterations are separate pieces of work (see
 * independence.ts): the element flows into the call, as an argument or its receiver (a loop that
 * repeats `await f()` or `await ping(host)` polls, retries or yields); and the callee is known by
 * name (not the element itself, `for hook in hooks: await hook(request)`, nor a bound method kept
 * in a local) and its name says neither that it acts nor that it waits (`send_*`, `emit_startup`,
 * `cleanup`, `add_role`, `checkpoint`).
 */
export function independentLoop(loop: Node, facts: IndependenceFacts, notebook: boolean): IndependentLoop | undefined {
  if (loop.type !== "for_statement" || loop.firstChild?.type === "async" || loop.childForFieldName("alternative") || loop.hasError) return undefined;
  const left = loop.childForFieldName("left");
  const right = loop.childForFieldName("right");
  const body = loop.childForFieldName("body");
  if (!left || !right || !body || !plainTarget(left)) return undefined;
  const children = body.namedChildren.filter((c): c is Node => c !== null);
  const statements = children.filter((c) => c.type !== "comment");
  const shape = bodyShape(statements);
  if (!shape) return undefined;
  const loopNames = targetNames(left);
  const awaited = describeCall(shape.call, facts);
  if (!awaited || !inCoroutine(awaited.site, notebook) || awaited.writes.size > 0) return undefined;
  const scope = awaited.site.scope;
  if (![...loopNames].some((name) => awaited.reads.has(name))) return undefined;
  if (unjudgeable(awaited)) return undefined;
  const container = shape.container?.text;
  const temporary = shape.kind === "append" ? shape.temporary?.text : undefined;
  if (container && (awaited.reads.has(container) || loopNames.has(container) || mentions(right, container))) return undefined;
  if (temporary && (awaited.reads.has(temporary) || loopNames.has(temporary) || temporary === container)) return undefined;
  // `results[key]`: the key must be the element (or its position), or iterations could overwrite each other.
  if (shape.kind === "index" && !loopNames.has(shape.temporary!.text)) return undefined;
  // One object whose method every iteration calls answers them in order: `await conn.send(x)`.
  for (const receiver of awaited.receivers) if (!loopNames.has(receiver.split(".")[0])) return undefined;
  for (const name of awaited.reads) if (!loopNames.has(name) && facts.isSharedState(name, scope)) return undefined;
  // `for i, step in enumerate(steps): await run(i, step)`: the position is part of the work, so order likely matters.
  const iterable = unparenthesized(right);
  if (iterable.type === "call" && iterable.childForFieldName("function")?.text === "enumerate" && left.namedChildren[0]?.type === "identifier") {
    if (awaited.reads.has(left.namedChildren[0].text)) return undefined;
  }
  if (orderedByContext(loop, scope, facts, awaited.site.ownerClass)) return undefined;
  return { loop, kind: shape.kind, awaited, container, temporary: shape.kind === "append" ? shape.temporary : undefined, hasComments: loop.descendantsOfType("comment").length > 0 };
}

/** Node types that may stand as a comprehension's iterable without parentheses. */
const BARE_ITERABLES = new Set(["identifier", "attribute", "subscript", "call", "parenthesized_expression", "list", "tuple", "set", "dictionary", "string", "list_comprehension", "generator_expression"]);

/** The statement just before the loop when it is `name = []`. */
function emptyListBefore(loop: Node, name: string): Node | undefined {
  const previous = loop.previousNamedSibling;
  const assigned = previous ? plainAssignment(previous) : undefined;
  if (!assigned || assigned.left.type !== "identifier" || assigned.left.text !== name) return undefined;
  return assigned.right.type === "list" && assigned.right.namedChildCount === 0 ? previous! : undefined;
}

/** Where a function's names stop: a nested function, lambda or class has its own. */
const SCOPE_BOUNDARIES = new Set(["function_definition", "lambda", "class_definition"]);

/** Whether `node` sits in a `for` or `while` of the scope (so the loop may run again after code below it). */
function insideLoop(node: Node, scopeNode: Node): boolean {
  for (let up = node.parent; up && up.id !== scopeNode.id; up = up.parent) {
    if (up.type === "for_statement" || up.type === "while_statement") return true;
    if (SCOPE_BOUNDARIES.has(up.type)) return false;
  }
  return false;
}

function insideNestedScope(node: Node, scopeNode: Node): boolean {
  for (let up = node.parent; up && up.id !== scopeNode.id; up = up.parent) if (SCOPE_BOUNDARIES.has(up.type)) return true;
  return false;
}

function within(node: Node, outer: Node): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/**
 * Whether this mention of `name` reads another `for` loop's own binding of it: it is that loop's target,
 * or sits in its body (not its iterable, not its `else`, which run before or without a binding).
 */
function readsOtherLoopBinding(identifier: Node, name: string, loop: Node): boolean {
  for (let up = identifier.parent; up; up = up.parent) {
    // A loop around this one hands the last element on to the code after this one in its body.
    if (up.type !== "for_statement" || up.id === loop.id || within(loop, up)) continue;
    const left = up.childForFieldName("left");
    const body = up.childForFieldName("body");
    if (!left || !targetNames(left).has(name)) continue;
    if (within(identifier, left) || (body && within(identifier, body))) return true;
  }
  return false;
}

/**
 * Whether nothing can read the loop variable's last value, which the rewrite leaves unbound (the
 * generator's variable is its own): every other mention in the function reads the binding of another
 * `for` that binds the same name (`for device in spares:` later, a very common shape), or, when
 * the loop runs once (in no other loop), comes before it in the function's own code. A `global` or
 * `nonlocal` name is read by other code, and is never rewritten.
 */
function loopVariableUnreadAfter(name: string, loop: Node, scopeNode: Node): boolean {
  const runsOnce = !insideLoop(loop, scopeNode);
  for (const identifier of scopeNode.descendantsOfType("identifier")) {
    if (!identifier || identifier.text !== name) continue;
    const parent = identifier.parent;
    if (parent?.type === "global_statement" || parent?.type === "nonlocal_statement") return false;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (within(identifier, loop)) continue;
    if (readsOtherLoopBinding(identifier, name, loop)) continue;
    if (runsOnce && identifier.endIndex <= loop.startIndex && !insideNestedScope(identifier, scopeNode)) continue;
    return false;
  }
  return true;
}

/** The rewrite, or why it is not offered (shown disabled in the light bulb); undefined when there is nothing to say (a region that does not parse). */
export type LoopFix = { fix: Fix } | { withheld: string } | undefined;

/**
 * Rewrites the loop into one `asyncio.gather` over a generator:
 * `await asyncio.gather(*(f(x) for x in xs))`; an appended list is filled with `extend`, or
 * built at once when the loop follows `results = []`. Withheld where the rewrite would change
 * what other code sees (the loop variable or the temporary read after the loop) or lose text.
 */
export function loopGatherFix(found: IndependentLoop, facts: IndependenceFacts, lines: LineIndex, title: string): LoopFix {
  const { loop, awaited } = found;
  if (found.kind === "index") return { withheld: t("the results are stored by key, which the rewrite does not keep") };
  if (found.hasComments) return { withheld: t("the loop holds a comment, which the rewrite would lose") };
  const left = loop.childForFieldName("left")!;
  const right = loop.childForFieldName("right")!;
  const scopeNode = awaited.site.scope.node;
  if (insideError(facts.model, loop.startIndex, loop.endIndex) || right.descendantsOfType("await").length > 0) return undefined;
  // After the loop its variables hold the last element; after the rewrite they are unbound (or keep an earlier value).
  for (const name of targetNames(left)) {
    if (!loopVariableUnreadAfter(name, loop, scopeNode)) return { withheld: t("`{0}` is read after the loop, where it holds the last element; after the rewrite it would not", name) };
  }
  if (found.temporary && mentions(scopeNode, found.temporary.text, [loop])) {
    return { withheld: t("`{0}` is read after the loop, where it holds the last element; after the rewrite it would not", found.temporary.text) };
  }
  const asyncio = ensureModuleImport(facts.model, lines, "asyncio");
  const iterable = BARE_ITERABLES.has(right.type) ? right.text : `(${right.text})`;
  const gather = `await ${asyncio.name}.gather(*(${awaited.call.text} for ${left.text} in ${iterable}))`;
  let start = loop.startIndex;
  let text = gather;
  if (found.kind === "append") {
    const initializer = emptyListBefore(loop, found.container!);
    if (initializer) {
      start = initializer.startIndex;
      text = `${found.container} = ${gather}`;
    } else {
      text = `${found.container}.extend(${gather})`;
    }
  }
  return {
    fix: {
      title,
      edits: [{ range: lines.rangeOf(start, loop.endIndex), newText: text }, ...asyncio.edits],
      // Every call now starts at once (no limit), and a failure no longer stops the ones after it.
      safe: false,
    },
  };
}
