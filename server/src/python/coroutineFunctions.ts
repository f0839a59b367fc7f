import type { Node } from "web-tree-sitter";
import { pythonQuery } from "./parser";

/**
 * When calling a function gives a coroutine: only an `async def` that does not yield (that is an
 * async generator) under decorators known to keep it a coroutine function. An unknown decorator
 * may return anything (a UI toolkit's `@work` starts a worker and returns it; a test decorator's
 * sync wrapper runs the loop), so a call through one proves nothing and no rule speaks of it.
 *
 * What a definition says is read from its text alone (`FunctionFacts`, kept in module models and
 * summaries); what its decorators are is decided later, in the module where it is defined, by
 * resolving their names (`ProofContext`): the standard library's keepers below, or a decorator of
 * the workspace whose body was read and returns an `async def` wrapper or the function itself.
 */

/** A decorator as written: a dotted name, with `()` when it is called (`functools.wraps()`), or `?` for any other expression. */
export type DecoratorRef = string;

export const UNREADABLE_DECORATOR: DecoratorRef = "?";

/** What a sync def does when used as a decorator, read from its body. */
export type WrapperFacts =
  /** Every return gives the decorated function itself or an `async def` defined in the body: these are the wrappers' decorators (one list per wrapper). */
  | { kind: "decorator"; wrappers: DecoratorRef[][] }
  /** Every return gives a decorator defined in the body (`def retry(times): def decorator(f): …; return decorator`). */
  | { kind: "factory"; decorators: Array<Extract<WrapperFacts, { kind: "decorator" }>> };

/** One definition of a function or method, from its own text. */
export interface FunctionFacts {
  async: boolean;
  /** An `async def` whose own body yields: calling it gives an async generator, which cannot be awaited. */
  generator: boolean;
  /** Its decorators, outermost first. */
  decorators: DecoratorRef[];
  /** For a module-level sync def: what it returns used as a decorator, when its body shows that. */
  wrapper?: WrapperFacts;
  /** A sync def under `if TYPE_CHECKING:`: a signature for type checkers, whose body never runs (a helper passes nothing on). */
  typingOnly?: true;
}

/** Where a decorator's name leads, as the module that writes it sees it. */
export type ResolvedName = { local: string } | { external: string };

/** How a decorator that is not one of this module's own definitions behaves: the workspace reads its module. */
export type DecoratorBehaviour = "decorator" | "factory" | undefined;

/** The module a definition is in: how its names resolve and what its own functions are. */
export interface ProofContext {
  /** A dotted name written at the module's top level: this module's definition, another module's name (canonical, or relative with leading dots), or a builtin's. */
  resolve(dotted: string): ResolvedName | undefined;
  /** The definitions of one of the module's top-level functions (undefined: not a function, or bound to something else too). */
  local(name: string): readonly FunctionFacts[] | undefined;
  /** What a name from another module does as a decorator. */
  external(name: string): DecoratorBehaviour;
}

/** Decorators that return the very function they are given (or, for coroutine functions, an `async def` wrapper), with whether they are written as a call. */
const KEEPERS: ReadonlyMap<string, "bare" | "called"> = new Map([
  // Descriptors: through the class or an instance, calling gives what calling the function gives.
  ["staticmethod", "bare"],
  ["classmethod", "bare"],
  // Return their argument, marked.
  ["abc.abstractmethod", "bare"],
  ["typing.override", "bare"],
  ["typing_extensions.override", "bare"],
  ["typing.final", "bare"],
  ["typing_extensions.final", "bare"],
  ["typing.no_type_check", "bare"],
  // Copies the wrapped function's name and docstring onto the function it decorates and returns it.
  ["functools.wraps", "called"],
  // Since Python 3.8 a patch decorating a coroutine function returns an `async def` wrapper.
  ["unittest.mock.patch", "called"],
  ["unittest.mock.patch.object", "called"],
  ["unittest.mock.patch.multiple", "called"],
]);

/** `@overload` stubs are replaced by the implementation that follows them; they say nothing about it. */
const OVERLOADS = new Set(["typing.overload", "typing_extensions.overload"]);

/** pytest's markers return the function they mark (`@pytest.mark.parametrize(…)` too). */
const MARKER_PREFIX = "pytest.mark.";

const MAX_PROOF_DEPTH = 8;

function split(ref: DecoratorRef): { name: string; called: boolean } {
  return ref.endsWith("()") ? { name: ref.slice(0, -2), called: true } : { name: ref, called: false };
}

function externalName(context: ProofContext, dotted: string): string | undefined {
  const resolved = context.resolve(dotted);
  return resolved && "external" in resolved ? resolved.external : undefined;
}

/** The definitions that count: all of them but `@overload` stubs (unless nothing else is there). */
function counted(definitions: readonly FunctionFacts[], context: ProofContext): readonly FunctionFacts[] {
  const isOverload = (facts: FunctionFacts) => facts.decorators.some((ref) => !split(ref).called && OVERLOADS.has(externalName(context, ref) ?? ""));
  const implementations = definitions.filter((facts) => !isOverload(facts));
  return implementations.length > 0 ? implementations : definitions;
}

/** True when a decorator, written in the context's module, is known to keep a coroutine function one. */
export function keepsCoroutine(ref: DecoratorRef, context: ProofContext, depth = 0): boolean {
  if (ref === UNREADABLE_DECORATOR || depth > MAX_PROOF_DEPTH) return false;
  const { name, called } = split(ref);
  const resolved = context.resolve(name);
  if (!resolved) return false;
  if ("local" in resolved) {
    const definitions = context.local(resolved.local);
    return definitions !== undefined && decoratorBehaviour(definitions, context, depth + 1) === (called ? "factory" : "decorator");
  }
  const external = resolved.external;
  const known = KEEPERS.get(external);
  if (known) return known === (called ? "called" : "bare");
  if (external.startsWith(MARKER_PREFIX) && external.length > MARKER_PREFIX.length) return true;
  // A builtin other than the keepers (`property`, `functools.cache` through an alias, …) or a name no module defines.
  if (!external.includes(".")) return false;
  return context.external(external) === (called ? "factory" : "decorator");
}

function wrappersKeep(wrapper: Extract<WrapperFacts, { kind: "decorator" }>, context: ProofContext, depth: number): boolean {
  return wrapper.wrappers.every((decorators) => decorators.every((ref) => keepsCoroutine(ref, context, depth)));
}

/** What a function's definitions (in the context's module) do as a decorator: every one must agree. */
export function decoratorBehaviour(definitions: readonly FunctionFacts[], context: ProofContext, depth = 0): DecoratorBehaviour {
  if (depth > MAX_PROOF_DEPTH) return undefined;
  const defs = counted(definitions, context);
  let behaviour: DecoratorBehaviour;
  for (const facts of defs) {
    // A decorated decorator is whatever its own decorators made of it.
    if (facts.async || !facts.wrapper || facts.decorators.length > 0) return undefined;
    const wrapper = facts.wrapper;
    const keeps = wrapper.kind === "decorator" ? wrappersKeep(wrapper, context, depth + 1) : wrapper.decorators.every((inner) => wrappersKeep(inner, context, depth + 1));
    if (!keeps || (behaviour !== undefined && behaviour !== wrapper.kind)) return undefined;
    behaviour = wrapper.kind;
  }
  return behaviour;
}

/** True when calling the function (all its definitions, in the context's module) surely gives a coroutine. */
export function provenCoroutineFunction(definitions: readonly FunctionFacts[] | undefined, context: ProofContext): boolean {
  if (!definitions || definitions.length === 0) return false;
  return counted(definitions, context).every((facts) => facts.async && !facts.generator && facts.decorators.every((ref) => keepsCoroutine(ref, context)));
}

/** A dotted name as written (`a.b.c`), or undefined for any other expression. */
function dottedName(node: Node): string | undefined {
  if (node.type === "identifier") return node.text;
  if (node.type !== "attribute") return undefined;
  const object = node.childForFieldName("object");
  const attribute = node.childForFieldName("attribute");
  const base = object ? dottedName(object) : undefined;
  return base !== undefined && attribute ? `${base}.${attribute.text}` : undefined;
}

/** How a decorator node is written, as a `DecoratorRef`. */
export function decoratorRef(decorator: Node): DecoratorRef {
  const expression = decorator.namedChildren.find((c) => c !== null && c.type !== "comment");
  if (!expression) return UNREADABLE_DECORATOR;
  if (expression.type === "call") {
    const callee = expression.childForFieldName("function");
    const name = callee ? dottedName(callee) : undefined;
    return name !== undefined ? `${name}()` : UNREADABLE_DECORATOR;
  }
  return dottedName(expression) ?? UNREADABLE_DECORATOR;
}

/** The decorators of a definition whose parent is a `decorated_definition`, as written. */
export function decoratorsOf(decorated: Node | null): Node[] {
  if (decorated?.type !== "decorated_definition") return [];
  return decorated.namedChildren.filter((c): c is Node => c !== null && c.type === "decorator");
}

const YIELD_QUERY = `
(yield) @yield
(return_statement) @return
(function_definition name: (identifier) body: (block) @nested)
(lambda body: (_) @nested)
`;

/** The yields and returns of a def's own body: not those of the functions and lambdas nested in it. */
function ownStatements(def: Node): { yields: boolean; returns: Node[] } {
  const body = def.childForFieldName("body");
  if (!body) return { yields: false, returns: [] };
  const yieldQuery = pythonQuery(YIELD_QUERY);
  let nestedEnd = -1;
  let yields = false;
  const returns: Node[] = [];
  // Captures arrive in document order; a nested body covers everything up to its end.
  for (const { name, node } of yieldQuery.captures(body)) {
    if (name === "nested") {
      if (node.startIndex >= nestedEnd) nestedEnd = node.endIndex;
      continue;
    }
    if (node.startIndex < nestedEnd) continue;
    if (name === "yield") yields = true;
    else returns.push(node);
  }
  return { yields, returns };
}

/** True when an `async def`'s own body yields (an async generator function). */
export function isAsyncGenerator(def: Node): boolean {
  return ownStatements(def).yields;
}

/** The definition a body's direct child makes: a def, possibly decorated. */
function definitionOf(statement: Node): { def: Node; decorators: Node[] } | undefined {
  if (statement.type === "function_definition") return { def: statement, decorators: [] };
  if (statement.type !== "decorated_definition") return undefined;
  const def = statement.childForFieldName("definition");
  return def?.type === "function_definition" ? { def, decorators: decoratorsOf(statement) } : undefined;
}

function firstParameter(def: Node): string | undefined {
  const parameter = def.childForFieldName("parameters")?.namedChildren.find((c) => c !== null && c.type !== "comment");
  if (!parameter) return undefined;
  if (parameter.type === "identifier") return parameter.text;
  if (parameter.type === "typed_parameter") return parameter.namedChildren.find((c) => c?.type === "identifier")?.text;
  if (parameter.type === "default_parameter" || parameter.type === "typed_default_parameter") return parameter.childForFieldName("name")?.text;
  return undefined;
}

/** The name a return statement returns, when it returns a plain name. */
function returnedName(statement: Node): string | undefined {
  const value = statement.namedChildren.find((c) => c !== null && c.type !== "comment");
  return value?.type === "identifier" ? value.text : undefined;
}

/** Names bound again by a plain assignment among a body's direct statements (`wrapper = cache(wrapper)`). */
function reassigned(body: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === "expression_statement" ? statement.namedChildren[0] : undefined;
    const target = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
    if (target?.type === "identifier") names.add(target.text);
  }
  return names;
}

/**
 * What a sync def returns used as a decorator, from its body: undefined unless it ends with a
 * return and every return (of its own body) gives its first parameter or an `async def` wrapper
 * defined directly in the body (then it is a decorator), or every one gives a sync def defined
 * directly in the body that is such a decorator (then it is a decorator factory).
 */
export function wrapperFacts(def: Node, depth = 0): WrapperFacts | undefined {
  if (def.firstChild?.type === "async" || depth > 1) return undefined;
  const body = def.childForFieldName("body");
  if (body?.type !== "block") return undefined;
  const statements = body.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
  const last = statements[statements.length - 1];
  if (last?.type !== "return_statement") return undefined;
  // Most functions return something else: known from the last statement, without reading the body.
  const lastName = returnedName(last);
  const parameter = firstParameter(def);
  if (lastName === undefined) return undefined;
  const asyncWrappers = new Map<string, DecoratorRef[]>();
  const innerDefs = new Map<string, Node>();
  for (const statement of statements) {
    const found = definitionOf(statement);
    const name = found?.def.childForFieldName("name")?.text;
    if (!found || !name) continue;
    if (found.def.firstChild?.type === "async") {
      if (!isAsyncGenerator(found.def)) asyncWrappers.set(name, found.decorators.map(decoratorRef));
    } else if (found.decorators.length === 0) {
      innerDefs.set(name, found.def);
    }
  }
  if (lastName !== parameter && !asyncWrappers.has(lastName) && !innerDefs.has(lastName)) return undefined;
  const rebound = reassigned(body);
  const { yields, returns } = ownStatements(def);
  if (yields || returns.length === 0) return undefined;
  const names = returns.map(returnedName);
  if (names.some((name) => name === undefined || rebound.has(name))) return undefined;
  if (names.every((name) => name === parameter || asyncWrappers.has(name!))) {
    const wrappers = [...new Set(names)].filter((name) => name !== parameter).map((name) => asyncWrappers.get(name!)!);
    return { kind: "decorator", wrappers };
  }
  if (depth === 0 && names.every((name) => innerDefs.has(name!))) {
    const decorators: Array<Extract<WrapperFacts, { kind: "decorator" }>> = [];
    for (const name of new Set(names)) {
      const inner = wrapperFacts(innerDefs.get(name!)!, depth + 1);
      if (inner?.kind !== "decorator") return undefined;
      decorators.push(inner);
    }
    return { kind: "factory", decorators };
  }
  return undefined;
}

/** The facts of one definition node (a `function_definition`), given its decorators and whether it is read at module level (only those can be resolved as decorators). */
export function functionFacts(def: Node, decorators: readonly Node[], moduleLevel: boolean, generator?: boolean): FunctionFacts {
  const isAsync = def.firstChild?.type === "async";
  const facts: FunctionFacts = { async: isAsync, generator: isAsync ? (generator ?? isAsyncGenerator(def)) : false, decorators: decorators.map(decoratorRef) };
  if (!isAsync && moduleLevel) {
    const wrapper = wrapperFacts(def);
    if (wrapper) facts.wrapper = wrapper;
  }
  if (!isAsync && underTypeChecking(def)) facts.typingOnly = true;
  return facts;
}

/** Whether the def sits in the body of an `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`), in its module or class body. */
function underTypeChecking(def: Node): boolean {
  const parent = def.parent;
  let block = parent?.type === "decorated_definition" ? parent.parent : parent;
  while (block?.type === "block") {
    let owner = block.parent;
    if (owner?.type === "elif_clause" || owner?.type === "else_clause") owner = owner.parent;
    else if (owner?.type === "if_statement" && owner.childForFieldName("consequence")?.id === block.id) {
      const condition = owner.childForFieldName("condition");
      if (condition && (condition.type === "identifier" || condition.type === "attribute") && /^(typing\.)?TYPE_CHECKING$/.test(condition.text)) return true;
    }
    if (owner?.type !== "if_statement") return false;
    block = owner.parent;
  }
  return false;
}

/** Adds a definition's facts under its name. */
export function addDefinition(definitions: Map<string, FunctionFacts[]>, name: string, facts: FunctionFacts): void {
  const list = definitions.get(name);
  if (list) list.push(facts);
  else definitions.set(name, [facts]);
}

/** The first names of every decorator a definition's proof reads: a statement calling the function depends on what these are. */
export function namesInFacts(facts: FunctionFacts): string[] {
  const refs = [...facts.decorators];
  const wrapper = facts.wrapper;
  if (wrapper?.kind === "decorator") refs.push(...wrapper.wrappers.flat());
  if (wrapper?.kind === "factory") for (const inner of wrapper.decorators) refs.push(...inner.wrappers.flat());
  return refs.filter((ref) => ref !== UNREADABLE_DECORATOR).map((ref) => split(ref).name.split(".")[0]);
}
