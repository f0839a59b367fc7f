import type { Node } from "web-tree-sitter";
import type { CallSite, ClassInfo, ModuleModel, Scope } from "./moduleModel";
import type { SymbolResolver } from "./symbols";

/**
 * What AL201, AL202 and the "run these awaits concurrently" refactor need to know to prove
 * that awaited calls may run together: which names a statement reads and binds, which objects
 * it calls methods on, and whether it stands where order is part of the meaning. Every
 * question answers "not independent" when it cannot be sure.
 */

/** A statement that awaits one call: `await f(x)`, `a = await f(x)` or `a, b = (await f(x))`. */
export interface AwaitStatement extends AwaitedCall {
  statement: Node;
  /** The assignment target, absent for a bare `await f(x)`. */
  target?: Node;
}

/**
 * Calls that order what follows them whatever their arguments: pauses (`asyncio.sleep`), locks,
 * events, queues, connection set-up and tear-down. Judged by the last name of the callee.
 */
const ORDERING_CALLS = new Set([
  "sleep",
  "acquire",
  "release",
  "wait",
  "join",
  "drain",
  "wait_closed",
  "get",
  "put",
  "connect",
  "login",
  "open",
  "close",
  "aclose",
  "start",
  "stop",
  "shutdown",
  "flush",
  "commit",
  "rollback",
  "lock",
  "unlock",
]);

/** Types whose objects answer requests one at a time or carry ordering: a shared one is shared state. */
const STATEFUL_TYPES = new Set([
  "asyncssh.SSHClientConnection",
  "asyncio.StreamReader",
  "asyncio.StreamWriter",
  "asyncio.subprocess.Process",
  "asyncio.Queue",
  "asyncio.Lock",
  "asyncio.Event",
  "asyncio.Semaphore",
  "asyncio.Condition",
  "netmiko.BaseConnection",
  "paramiko.SSHClient",
  "telnetlib.Telnet",
  "pexpect.spawn",
]);

/** Names that say an argument is a connection, channel, stream, cursor or device: passing one to two calls shares it. */
const STATEFUL_NAME = /(^|_)(conn|connection|ssh|telnet|tn|chan|channel|shell|sock|socket|stream|reader|writer|proc|process|cursor|cur|tx|transaction|serial|device|dev|router|switch)s?($|_|\d)/i;

/** A `with` item that looks like mutual exclusion or a rate limit: what runs inside is ordered on purpose. */
const LOCK_LIKE = /lock|semaphore|mutex|condition|limiter|throttl|(^|[._])(sem|cond)\b/i;

/** Calls that build a fresh mutable container. */
const CONTAINER_FACTORIES = new Set(["list", "dict", "set", "bytearray", "deque", "defaultdict", "OrderedDict", "Counter"]);
const CONTAINER_DISPLAYS = new Set(["list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"]);

/** Per-module answers shared by the statements of one analysis. */
export class IndependenceFacts {
  private readonly sitesByCall = new Map<number, CallSite>();
  private readonly containers = new Map<Scope, Set<string>>();

  constructor(
    readonly model: ModuleModel,
    readonly symbols: SymbolResolver,
  ) {
    for (const site of model.calls) this.sitesByCall.set(site.node.id, site);
    for (const binding of model.typedBindings) {
      if (binding.target.type !== "identifier" || !buildsContainer(binding.value)) continue;
      let names = this.containers.get(binding.scope);
      if (!names) this.containers.set(binding.scope, (names = new Set()));
      names.add(binding.target.text);
    }
  }

  siteOf(call: Node): CallSite | undefined {
    return this.sitesByCall.get(call.id);
  }

  /** True when a name is bound to a list, dict or set in this scope or the module. */
  isContainer(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (this.containers.get(s)?.has(name)) return true;
    }
    return false;
  }

  /** True when passing this name to two calls shares an object that orders or mutates. */
  isSharedState(name: string, scope: Scope): boolean {
    if (this.isContainer(name, scope) || STATEFUL_NAME.test(name)) return true;
    const type = this.symbols.variableType(name, scope);
    return type !== undefined && type !== null && STATEFUL_TYPES.has(type);
  }

  /** True when the name is bound by an import, so `name.f()` calls a module function, not a method. */
  isModule(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      if (s.imports.has(name)) return s.imports.get(name) !== null;
      if (s.bound.has(name)) return false;
    }
    return false;
  }
}

function buildsContainer(value: Node): boolean {
  if (CONTAINER_DISPLAYS.has(value.type)) return true;
  if (value.type !== "call") return false;
  const callee = value.childForFieldName("function");
  const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
  return name !== undefined && CONTAINER_FACTORIES.has(name);
}

export function unparenthesized(node: Node): Node {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildCount === 1 && n.namedChildren[0]) n = n.namedChildren[0];
  return n;
}

/** The call awaited by an expression (`await f()`, `(await f())`), or undefined. */
export function awaitedCall(expression: Node): Node | undefined {
  const awaited = unparenthesized(expression);
  if (awaited.type !== "await") return undefined;
  const inner = awaited.namedChildren[0];
  if (!inner) return undefined;
  const call = unparenthesized(inner);
  return call.type === "call" ? call : undefined;
}

/** True for a target made of plain names only (`a`, `a, b`, `(a, [b, *c])`): binding it writes no object. */
export function plainTarget(target: Node): boolean {
  switch (target.type) {
    case "identifier":
      return true;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "list_splat_pattern":
      return target.namedChildren.every((child) => child !== null && plainTarget(child));
    default:
      return false;
  }
}

export function targetNames(target: Node, into: Set<string> = new Set()): Set<string> {
  if (target.type === "identifier") into.add(target.text);
  else for (const child of target.namedChildren) if (child) targetNames(child, into);
  return into;
}

/** The last name of a callee: `f` for `f`, `send` for `conn.send`. */
export function calleeTail(callee: Node): string | undefined {
  const c = unparenthesized(callee);
  if (c.type === "identifier") return c.text;
  if (c.type === "attribute") return c.childForFieldName("attribute")?.text;
  return undefined;
}

/** True for a call that is there to order things: a pause, a lock, a queue, a connection's set-up. */
export function isOrderingCall(call: Node): boolean {
  const callee = call.childForFieldName("function");
  const tail = callee ? calleeTail(callee) : undefined;
  return tail === undefined || ORDERING_CALLS.has(tail);
}

/**
 * The receiver of a method call, as something to compare: the root name of the object
 * (`self.conn.send` -> `self`, `clients[0].send` -> `clients`), or the dotted path when the
 * root is an imported module (`aiohttp.web.x` -> `aiohttp.web`). Null for a plain function,
 * or a function of a module. Undefined when the object cannot be named (`make().send()`).
 */
export function receiverOf(call: Node, facts: IndependenceFacts, scope: Scope): string | null | undefined {
  const callee = call.childForFieldName("function");
  if (!callee) return undefined;
  const c = unparenthesized(callee);
  if (c.type === "identifier") return null;
  if (c.type !== "attribute") return undefined;
  const object = unparenthesized(c.childForFieldName("object")!);
  const path: string[] = [];
  let n: Node | null = object;
  while (n) {
    if (n.type === "identifier") {
      path.unshift(n.text);
      break;
    }
    if (n.type === "attribute") {
      path.unshift(n.childForFieldName("attribute")?.text ?? "?");
      n = n.childForFieldName("object");
    } else if (n.type === "subscript") {
      path.length = 0;
      n = n.childForFieldName("value");
    } else if (n.type === "parenthesized_expression") {
      n = n.namedChildren[0] ?? null;
    } else {
      return undefined;
    }
  }
  if (!n) return undefined;
  if (!facts.isModule(path[0], scope)) return path[0];
  // `asyncio.sleep`: a module function. `mod.client.get`: an object the module holds.
  return path.length === 1 && object.type === "identifier" ? null : path.join(".");
}

/** Collects names read and bound by a call; false when it holds something that makes it unpredictable (a nested `await`, `yield`). */
function collectNames(node: Node, reads: Set<string>, writes: Set<string>): boolean {
  let ok = true;
  const visit = (n: Node) => {
    if (!ok) return;
    switch (n.type) {
      case "await":
      case "yield":
        ok = false;
        return;
      case "identifier": {
        const parent = n.parent;
        if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === n.id) return;
        if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === n.id) return;
        reads.add(n.text);
        return;
      }
      case "named_expression": {
        const name = n.childForFieldName("name");
        if (name) writes.add(name.text);
        break;
      }
    }
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(node);
  return ok;
}

/** What an awaited call reads, binds and calls methods on. */
export interface AwaitedCall {
  call: Node;
  site: CallSite;
  /** Names the call reads (over-approximated: every identifier but attribute and keyword names). */
  reads: Set<string>;
  /** Names bound: the statement's targets and any walrus inside the call. */
  writes: Set<string>;
  /** The objects whose methods are called, as root names (`self.conn.send` -> `self`) or module paths. */
  receivers: Set<string>;
}
/**
 * Reads an awaited call, or undefined when it cannot be judged or is there to order things:
 * a pause, a lock, a nested `await`, a receiver that cannot be named.
 */
export function describeCall(call: Node, facts: IndependenceFacts, writes: Set<string> = new Set()): AwaitedCall | undefined {
  if (isOrderingCall(call)) return undefined;
  const site = facts.siteOf(call);
  if (!site) return undefined;
  const reads = new Set<string>();
  if (!collectNames(call, reads, writes)) return undefined;
  const receiver = receiverOf(call, facts, site.scope);
  if (receiver === undefined) return undefined;
  return { call, site, reads, writes, receivers: new Set(receiver === null ? [] : [receiver]) };
}

/**
 * Reads a statement as "await one call", or undefined when it is anything else: an
 * annotated or chained assignment, a target that writes into an object (`self.x = await …`),
 * a call with a nested await, or a call that is there to order things.
 */
export function awaitStatement(statement: Node, facts: IndependenceFacts): AwaitStatement | undefined {
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1 || statement.hasError) return undefined;
  const expression = statement.namedChildren[0]!;
  let call: Node | undefined;
  let target: Node | undefined;
  if (expression.type === "assignment") {
    const left = expression.childForFieldName("left");
    const right = expression.childForFieldName("right");
    if (!left || !right || expression.childForFieldName("type") || !plainTarget(left)) return undefined;
    call = awaitedCall(right);
    target = left;
  } else {
    call = awaitedCall(expression);
  }
  if (!call) return undefined;
  const described = describeCall(call, facts, target ? targetNames(target) : new Set());
  return described && { ...described, statement, target };
}

function calleeText(call: Node): string {
  return (call.childForFieldName("function")?.text ?? "").replace(/\s+/g, "");
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/**
 * Why two awaited calls may not run together, or undefined when they are independent. With
 * `asked` (the user selected them for the refactor) the one rule about intent is skipped: two
 * calls of different functions whose results are both thrown away look like steps of a recipe
 * (`await create_table()` then `await insert_rows()`), ordered through state no name shows.
 */
export function dependence(first: AwaitStatement, second: AwaitStatement, facts: IndependenceFacts, asked = false): string | undefined {
  if (!asked && !first.target && !second.target && calleeText(first.call) !== calleeText(second.call)) return "two steps run for their effects";
  if (intersects(second.reads, first.writes)) return "the second reads a name the first binds";
  if (intersects(first.reads, second.writes)) return "the second rebinds a name the first reads";
  if (intersects(first.writes, second.writes)) return "both bind the same name";
  for (const a of first.receivers) {
    for (const b of second.receivers) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) return `both call methods on \`${a}\``;
    }
  }
  const rootOf = (receiver: string) => receiver.split(".")[0];
  for (const r of first.receivers) if (second.reads.has(rootOf(r))) return `the second uses \`${r}\`, whose method the first calls`;
  for (const r of second.receivers) if (first.reads.has(rootOf(r))) return `the first uses \`${r}\`, whose method the second calls`;
  const scope = first.site.scope;
  for (const name of first.reads) {
    if (second.reads.has(name) && facts.isSharedState(name, scope)) return `both are handed \`${name}\``;
  }
  return undefined;
}

/**
 * True when the statement stands where running it alongside others could change the meaning:
 * inside a `try` (handlers and `finally` see which call failed first and what ran before it) or
 * inside a `with` that looks like a lock, semaphore or rate limit.
 */
export function orderedByContext(statement: Node, scope: Scope, facts: IndependenceFacts, ownerClass?: ClassInfo): boolean {
  for (let n = statement.parent; n && n.id !== scope.node.id; n = n.parent) {
    if (n.type === "try_statement") return true;
    if (n.type === "with_statement") {
      for (const item of n.descendantsOfType("with_item")) {
        if (!item || item.parent?.parent?.id !== n.id) continue;
        const value = item.childForFieldName("value");
        const expression = value?.type === "as_pattern" ? value.namedChildren[0] : value;
        if (!expression) continue;
        if (LOCK_LIKE.test(expression.text)) return true;
        if (expression.type === "identifier") {
          const type = facts.symbols.variableType(expression.text, scope);
          if (type && /Lock|Semaphore|Condition/.test(type)) return true;
        }
        const name = facts.symbols.canonical(expression.type === "call" ? expression.childForFieldName("function")! : expression, scope, ownerClass);
        if (name && /Lock|Semaphore|Condition|CapacityLimiter/.test(name)) return true;
      }
    }
  }
  return false;
}

/** True when the statement runs in a coroutine (or at the top of a notebook, where a loop is running). */
export function inCoroutine(site: CallSite, notebook: boolean): boolean {
  return site.scope.isAsync || (notebook && site.scope.kind === "module");
}

/** True when an identifier with this name appears in the node, other than at the given nodes. */
export function mentions(node: Node, name: string, except: readonly Node[] = []): boolean {
  for (const identifier of node.descendantsOfType("identifier")) {
    if (!identifier || identifier.text !== name) continue;
    const parent = identifier.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (except.some((e) => identifier.startIndex >= e.startIndex && identifier.endIndex <= e.endIndex)) continue;
    return true;
  }
  return false;
}
