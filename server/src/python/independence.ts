import type { Node } from "web-tree-sitter";
import type { CallSite, ClassInfo, ModuleModel, Scope } from "./moduleModel";
import type { SymbolResolver } from "./symbols";

/**
 * What AL201, AL202 and the "run these awaits concurrently" refactor need to know before saying
 * that awaited calls may run together.
 *
 * Measured on real code, "no name flows between them" was wrong most of the time: the first await
 * started a server, wrote a file or sent a message, and the second connected, read or received
 * through a channel no name shows. So the question has two halves.
 *
 * 1. Dependence (checked for the rules and for the refactor alike): anything that proves or
 *    strongly suggests an order. A name one binds and the other reads; one object reached by
 *    both, tracked by identity rather than by name: the same receiver (`self.conn.a()` /
 *    `self.conn.b()`), an object derived from another (`async with app.run_test() as pilot`
 *    makes `pilot` one with `app`; `listener = await conn.start_server()` makes `listener` one
 *    with `conn`), a bound method kept in a local (`req = self.http.add_role`, then
 *    `await req(...)` calls a method of `self`), the same callable object awaited twice
 *    (`await send(a)`, `await send(b)` with `send` a parameter); shared state handed to both
 *    (a list built here, a connection); a pause or ordering call (`asyncio.sleep`, `acquire`,
 *    `get`, `put`...); a `try`, lock, transaction or `pytest.raises` around them.
 *
 * 2. Evidence of independence (the rules only; a user who selects awaits for the refactor has
 *    made that judgment). Without it the rules say nothing:
 *    - every callee is known by name: a function defined or imported (not decorated in this
 *      function), a module's function, or a method; not an unknown callable (a parameter, a
 *      loop variable, an attribute of a list element), whose name says nothing of what it does;
 *    - no callee's name says it acts on the world or orders what follows: a word of its
 *      snake_case/camelCase parts (`wait_for_refresh`, `start_unix_server`, `sendRequest`,
 *      `pause`, `aiohttp_raw_server`) matches an effect pattern (start, write, send, create,
 *      connect, register, open, close, wait, sleep, checkpoint, join, update, add, delete,
 *      cancel, call, handle, emit, click, ...; see EFFECT_WORD). A wrapper is judged by what it
 *      wraps: `asyncio.to_thread(path.write_text, s)` by `write_text`,
 *      `asyncio.wait_for(event.wait(), 3)` by `wait`;
 *    - and, for two awaits side by side (AL201), one of:
 *      a. both are pure fetches: each binds its result to names read afterwards
 *         (`user = await get_user(uid)`, `news = await get_news()`), or
 *      b. both call the same known coroutine function with different data
 *         (`await ping("10.0.0.1")`, `await ping("10.0.0.2")`);
 *      for a loop (AL202, loopIterations.ts): the element flows into the call (an argument or
 *      the receiver), so each iteration does different work; a loop that repeats a call with
 *      nothing per iteration polls, retries or yields.
 *
 * Every question answers "not independent" when it cannot be sure.
 */

/** A statement that awaits one call: `await f(x)`, `a = await f(x)` or `a, b = (await f(x))`. */
export interface AwaitStatement extends AwaitedCall {
  statement: Node;
  /** The assignment target, absent for a bare `await f(x)`. */
  target?: Node;
}

/**
 * Calls that order what follows them whatever their arguments: pauses (`asyncio.sleep`), locks,
 * events, queues, connection set-up and tear-down. Judged by the exact last name of the callee,
 * for the refactor too; the rules also apply the wider EFFECT_WORD.
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
  "pause",
  "checkpoint",
]);

/**
 * Word stems that say a call acts on something others can see, or waits for something to
 * happen: matched against each snake_case/camelCase word of a callee's name, with the usual
 * English endings (`sends`, `started`, `connection`, `listener`, `cancelled`). A verb of this kind
 * anywhere in the name is enough (`wait_all_tasks_blocked`, `aiohttp_raw_server`).
 */
const EFFECT_STEMS = [
  // start and stop, set up and tear down
  "start", "startup", "restart", "begin", "began", "launch", "spawn", "init", "initiali[sz]e", "setup", "prepare",
  "stop", "halt", "shutdown", "kill", "terminate", "cancel", "cancellation", "abort", "exit", "quit",
  "close", "aclose", "cleanup", "clean", "teardown", "dispose", "destroy", "release",
  // connections, servers, listeners, sessions
  "connect", "disconnect", "reconnect", "open", "login", "logon", "logout", "logoff", "authenticate", "authori[sz]e",
  "serve", "server", "listen", "bind", "accept", "attach", "detach", "mount", "unmount",
  "register", "unregister", "registration", "subscribe", "unsubscribe", "subscription",
  // messages and writes
  "write", "wrote", "written", "send", "sent", "emit", "publish", "broadcast", "notify", "signal", "post", "put", "patch",
  "push", "upload", "submit", "reply", "respond", "ack", "nack", "enqueue", "dequeue", "schedule",
  "create", "insert", "upsert", "add", "append", "extend", "update", "set", "save", "store", "persist",
  "delete", "del", "remove", "discard", "pop", "drop", "purge", "clear", "reset", "truncate",
  "change", "modify", "edit", "rename", "move", "copy", "replace", "apply", "install", "uninstall", "deploy",
  "configure", "enable", "disable", "activate", "deactivate", "commit", "rollback", "execute", "exec",
  // waiting, yielding, ordering
  "wait", "await", "pause", "sleep", "checkpoint", "yield", "tick", "join", "acquire", "lock", "unlock", "drain", "flush",
  // running someone else's code
  "call", "invoke", "handle", "dispatch", "trigger", "fire", "process",
  // user interfaces, bots
  "click", "press", "scroll", "focus", "dismiss", "refresh", "reload", "hide", "kick", "ban", "mute", "unmute",
  "pin", "unpin", "react", "invite", "leave",
  // timing measurements: overlapping them measures something else
  "bench", "benchmark",
];
const EFFECT_STEM_SET = new Set(EFFECT_STEMS);
/** The endings a stem takes in names (`sends`, `started`, `closing`, `connection`, `stopped`), longest first. */
const EFFECT_ENDINGS = ["ations", "ation", "ions", "ling", "ping", "ting", "ning", "ion", "ing", "ers", "led", "ped", "ted", "ned", "es", "ed", "er", "rs", "s", "d", "r", ""];

/** A stem of EFFECT_STEMS with one of its usual endings (or none). */
const EFFECT_WORD = {
  test(word: string): boolean {
    return EFFECT_ENDINGS.some((ending) => word.endsWith(ending) && EFFECT_STEM_SET.has(word.slice(0, word.length - ending.length)));
  },
};

/** The words of a name: `wait_for_refresh` -> wait, for, refresh; `sendRequest` -> send, request; `HTTPServer` -> http, server. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])(?=[A-Z][a-z])/g, "$1_")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/** True for a word of the kind above; a stem's silent `e` may drop before `-ing`/`-ion` (`closing`, `creation`). */
function isEffectWord(word: string): boolean {
  if (EFFECT_WORD.test(word)) return true;
  return /(ing|ion)$/.test(word) && EFFECT_WORD.test(`${word.slice(0, -3)}e`);
}

/** The first word of a name that says the call acts or waits (`start` in `start_unix_server`), else undefined. */
export function effectWordIn(name: string): string | undefined {
  return nameWords(name).find(isEffectWord);
}

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

/** Names that say an argument is a connection, channel, stream, cursor, session or device: passing one to two calls shares it. */
const STATEFUL_NAME = /(^|_)(conn|connection|ssh|telnet|tn|chan|channel|shell|sock|socket|stream|reader|writer|proc|process|cursor|cur|tx|transaction|session|serial|device|dev|router|switch)s?($|_|\d)/i;

/** Client types documented as safe to share between concurrent requests: one handed to two calls orders nothing. */
const CONCURRENT_CLIENT_TYPES = new Set(["aiohttp.ClientSession", "httpx.AsyncClient"]);

/** A `with` item that looks like mutual exclusion, a rate limit or a transaction: what runs inside is ordered on purpose. */
const LOCK_LIKE = /lock|semaphore|mutex|condition|limiter|throttl|transaction|atomic|(^|[._])(sem|cond)\b/i;

/** A `with` item that catches, times or cancels what runs inside: the first failure decides whether the next call runs at all. */
const FAILURE_CONTEXT = /raises|suppress|fail_after|move_on|timeout|cancel|scope|expect|assert|warns/i;

/** Calls that build a fresh mutable container. */
const CONTAINER_FACTORIES = new Set(["list", "dict", "set", "bytearray", "deque", "defaultdict", "OrderedDict", "Counter"]);
const CONTAINER_DISPLAYS = new Set(["list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"]);

/** Calls that run a callable handed to them: the callable (at this argument) is what they do. */
const RUNS_A_CALLABLE = new Map([
  ["to_thread", 0],
  ["run_sync", 0],
  ["run_in_executor", 1],
]);

/** Calls that await a call handed to them with a limit: the inner call is what they do. */
const AWAITS_A_CALL = new Set(["wait_for", "shield"]);

/** What a callee is, as far as this module shows. */
export type CalleeKind =
  /** A function defined or imported by name, a class, or a module's function: its name says what it does. */
  | "function"
  /** A method of a named object: its name says what it does, its object orders it with other calls on the object. */
  | "method"
  /** A callable held in a variable, parameter or element, or one nothing binds: its name says nothing sure. */
  | "object";

export interface CalleeIdentity {
  kind: CalleeKind;
  /** The callee as resolved through wrappers and local aliases, without spaces: `self._state.http.add_role`, `fetch`. */
  path: string;
  /** The last name, whose words say what the call does. */
  tail: string;
  /** For an object callable: the name holding it (`send`, `hook`), whose identity two calls may share. */
  holder?: string;
}

/** Per-module answers shared by the statements of one analysis. */
export class IndependenceFacts {
  private readonly sitesByCall = new Map<number, CallSite>();
  private readonly containers = new Map<Scope, Set<string>>();
  private readonly bindingsByScope = new Map<Scope, Map<string, Node[]>>();
  private readonly localDefsByScope = new Map<Scope, Map<string, Node[]>>();
  private readonly sharedEffects = new Map<number, string | null>();
  private readonly parametersByScope = new Map<Scope, Set<string>>();
  private readonly familiesByScope = new Map<Scope, Map<string, Set<string>>>();
  /** Whether a statement's result is read after it, by statement node id. */
  readonly resultsUsed = new Map<number, boolean>();

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
    if (this.isContainer(name, scope)) return true;
    const type = this.symbols.variableType(name, scope);
    if (type && CONCURRENT_CLIENT_TYPES.has(type)) return false;
    return STATEFUL_NAME.test(name) || (type !== undefined && type !== null && STATEFUL_TYPES.has(type));
  }

  /** True when the name is bound by an import, so `name.f()` calls a module function, not a method. */
  isModule(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      if (s.imports.has(name)) return s.imports.get(name) !== null;
      if (s.bound.has(name) || this.bindingsOf(s).has(name)) return false;
    }
    return false;
  }

  /**
   * What a plain name called as a function is: "function" for a def (not decorated, when it is
   * local: a decorator may return any object), a class or an import; "object" for a parameter,
   * a variable, a loop variable, or a name nothing in the module binds.
   */
  callableKind(name: string, scope: Scope): "function" | "object" {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      if (s.kind === "module") {
        if (this.model.asyncFunctions.has(name) || this.model.syncFunctions.has(name) || this.model.classes.has(name)) return "function";
        if (s.imports.has(name)) return "function";
        return "object";
      }
      if (s.imports.has(name)) return "function";
      const defs = this.localDefs(s).get(name);
      if (defs !== undefined && this.bindingsOf(s).get(name) === undefined) return defs.some(isDecorated) ? "object" : "function";
      if (s.bound.has(name) || this.bindingsOf(s).has(name)) return "object";
    }
    return "object";
  }

  /**
   * The value a function-local name stands for when it is bound exactly once, to an attribute
   * chain (`req = self._state.http.add_role`): calling the name calls that. Undefined otherwise.
   */
  aliasOf(name: string, scope: Scope): Node | undefined {
    if (scope.kind === "module" || this.parameters(scope).has(name)) return undefined;
    const values = this.bindingsOf(scope).get(name);
    if (values?.length !== 1) return undefined;
    const value = unparenthesized(values[0]);
    if (value.type === "identifier") return value.text === name ? undefined : value;
    return value.type === "attribute" && attributeChainRoot(value) ? value : undefined;
  }

  /**
   * The names whose objects a name may be, or be made from: the name itself, and, through the
   * assignments, `with … as` items and `for` loops that bind it in its function, every name
   * read in their values but functions and classes (`pilot` from `async with app.run_test() as
   * pilot` -> {pilot, app}; `listener = await conn.start_server()` -> {listener, conn}).
   */
  family(name: string, scope: Scope): Set<string> {
    let families = this.familiesByScope.get(scope);
    if (!families) this.familiesByScope.set(scope, (families = new Map()));
    const known = families.get(name);
    if (known) return known;
    const family = new Set<string>();
    families.set(name, family);
    const pending = [name];
    while (pending.length > 0 && family.size < 64) {
      const next = pending.pop()!;
      if (family.has(next)) continue;
      family.add(next);
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        if (s.kind === "class" && s !== scope) continue;
        const values = this.bindingsOf(s).get(next);
        if (!values) {
          if (s.bound.has(next)) break;
          continue;
        }
        for (const value of values) {
          for (const read of readNames(value)) if (!family.has(read) && this.callableKind(read, scope) === "object") pending.push(read);
        }
        break;
      }
    }
    return family;
  }

  /** True when two names may hold one object, or objects made from one. */
  sameObject(a: string, b: string, scope: Scope): boolean {
    if (a === b) return true;
    const family = this.family(a, scope);
    for (const name of this.family(b, scope)) if (family.has(name)) return true;
    return false;
  }

  /** Names bound in a scope by assignments, `with … as` and `for` targets, to the values they come from. */
  private bindingsOf(scope: Scope): Map<string, Node[]> {
    let bindings = this.bindingsByScope.get(scope);
    if (bindings) return bindings;
    bindings = new Map();
    this.bindingsByScope.set(scope, bindings);
    const add = (target: Node, value: Node) => {
      for (const name of targetNames(target)) {
        const values = bindings!.get(name);
        if (values) values.push(value);
        else bindings!.set(name, [value]);
      }
    };
    for (const binding of this.model.typedBindings) if (binding.scope === scope && binding.value.type !== "type") add(binding.target, binding.value);
    if (scope.kind !== "module") {
      for (const loop of scope.node.descendantsOfType(["for_statement", "for_in_clause"])) {
        if (!loop || ownerScopeNode(loop)?.id !== scope.node.id) continue;
        const left = loop.childForFieldName("left");
        const right = loop.childForFieldName("right");
        if (left && right) add(left, right);
      }
    }
    return bindings;
  }

  private parameters(scope: Scope): Set<string> {
    let names = this.parametersByScope.get(scope);
    if (names) return names;
    names = new Set();
    const parameters = scope.kind === "function" || scope.kind === "lambda" ? scope.node.childForFieldName("parameters") : null;
    for (const parameter of parameters?.namedChildren ?? []) {
      if (!parameter) continue;
      if (parameter.type === "identifier") names.add(parameter.text);
      else for (const identifier of parameter.descendantsOfType("identifier")) if (identifier && identifier.parent?.id === parameter.id) names.add(identifier.text);
    }
    this.parametersByScope.set(scope, names);
    return names;
  }

  /**
   * When a plain name calls a function defined in an enclosing function (a test's or a
   * handler's helper, whose body is at hand): what in its body acts on something outside it, or
   * undefined when nothing does. Module functions are judged by their names alone.
   */
  localHelperEffect(name: string, scope: Scope): string | undefined {
    for (let s: Scope | undefined = scope; s && s.kind !== "module"; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      const defs = this.localDefs(s).get(name);
      if (!defs) {
        if (s.bound.has(name) || s.imports.has(name)) return undefined;
        continue;
      }
      for (const def of defs) {
        let effect = this.sharedEffects.get(def.id);
        if (effect === undefined) this.sharedEffects.set(def.id, (effect = sharedEffectIn(def) ?? null));
        if (effect !== null) return effect;
      }
      return undefined;
    }
    return undefined;
  }

  /** The functions defined directly in a function's body, by name. */
  private localDefs(scope: Scope): Map<string, Node[]> {
    let defs = this.localDefsByScope.get(scope);
    if (defs) return defs;
    defs = new Map();
    this.localDefsByScope.set(scope, defs);
    if (scope.kind !== "function") return defs;
    for (const def of scope.node.descendantsOfType("function_definition")) {
      if (!def || def.id === scope.node.id || ownerScopeNode(def)?.id !== scope.node.id) continue;
      const name = def.childForFieldName("name")?.text;
      if (!name) continue;
      // A name defined twice is whatever ran last: both are kept and either may decide.
      defs.set(name, [...(defs.get(name) ?? []), def]);
    }
    return defs;
  }
}

function isDecorated(def: Node): boolean {
  return def.parent?.type === "decorated_definition";
}

/** Names a function binds for itself: parameters, assignment, loop, `with`, `except` and walrus targets, nested definitions (not imports: a module is everyone's). */
function ownNames(def: Node): Set<string> {
  const names = new Set<string>();
  for (const parameter of def.childForFieldName("parameters")?.namedChildren ?? []) {
    if (!parameter) continue;
    if (parameter.type === "identifier") names.add(parameter.text);
    else for (const identifier of parameter.descendantsOfType("identifier")) if (identifier && identifier.parent?.id === parameter.id) names.add(identifier.text);
    const inner = parameter.namedChildren.find((c) => c?.type === "identifier");
    if (inner) names.add(inner.text);
  }
  const body = def.childForFieldName("body");
  if (!body) return names;
  const targetsOf = (target: Node | null) => {
    if (target && plainTarget(target)) targetNames(target, names);
  };
  for (const node of body.descendantsOfType(["assignment", "augmented_assignment", "for_statement", "for_in_clause", "as_pattern_target", "named_expression", "function_definition", "class_definition", "as_pattern"])) {
    if (!node) continue;
    switch (node.type) {
      case "assignment":
      case "augmented_assignment":
      case "for_statement":
      case "for_in_clause":
        targetsOf(node.childForFieldName("left"));
        break;
      case "as_pattern_target":
        for (const child of node.namedChildren) targetsOf(child);
        break;
      case "as_pattern": {
        // `except E as e`
        const alias = node.childForFieldName("alias");
        if (alias) for (const identifier of alias.type === "identifier" ? [alias] : alias.descendantsOfType("identifier")) if (identifier) names.add(identifier.text);
        break;
      }
      case "named_expression": {
        const name = node.childForFieldName("name");
        if (name) names.add(name.text);
        break;
      }
      case "function_definition":
      case "class_definition": {
        const name = node.childForFieldName("name");
        if (name) names.add(name.text);
        break;
      }
    }
  }
  return names;
}

/** Pauses in a helper act on nothing others see: they only take time. */
const PAUSES = new Set(["sleep", "checkpoint"]);

/**
 * What in a function's body acts on something it does not own, or undefined: a `global` or
 * `nonlocal`, a store into an object it was not handed as its own (`self.x = …`,
 * `cache[k] = …`), or a call whose name acts or waits on such an object or through a module
 * (`self.loop.set_exception_handler(…)`, `self.connect(…)`, `os.remove(path)`, `open(path, "w")`).
 * Calls on objects it made itself (`con.close()` after `con = await connect()`) are its own
 * business, but making them counts where the maker's name acts.
 */
function sharedEffectIn(def: Node): string | undefined {
  const body = def.childForFieldName("body");
  if (!body) return undefined;
  const own = ownNames(def);
  const foreignRoot = (target: Node): string | undefined => {
    const root = attributeOrSubscriptRoot(target);
    return root && !own.has(root) ? target.text : undefined;
  };
  for (const node of body.descendantsOfType(["global_statement", "nonlocal_statement", "assignment", "augmented_assignment", "delete_statement", "call"])) {
    if (!node) continue;
    switch (node.type) {
      case "global_statement":
      case "nonlocal_statement":
        return node.text;
      case "assignment":
      case "augmented_assignment": {
        const left = node.childForFieldName("left");
        for (const target of left ? (left.type === "pattern_list" || left.type === "tuple_pattern" ? left.namedChildren : [left]) : []) {
          if (target && (target.type === "attribute" || target.type === "subscript")) {
            const foreign = foreignRoot(target);
            if (foreign) return foreign;
          }
        }
        break;
      }
      case "delete_statement":
        for (const target of node.namedChildren) if (target && (target.type === "attribute" || target.type === "subscript") && foreignRoot(target)) return node.text;
        break;
      case "call": {
        const callee = node.childForFieldName("function");
        if (!callee) break;
        const c = unparenthesized(callee);
        const tail = calleeTail(c);
        if (!tail || PAUSES.has(tail) || !effectWordIn(tail)) break;
        if (c.type === "identifier") {
          if (!own.has(tail)) return tail;
          break;
        }
        const root = attributeOrSubscriptRoot(c);
        if (!root || !own.has(root)) return compact(c.text);
        break;
      }
    }
  }
  return undefined;
}

/** The name at the root of `a.b[c].d`, or undefined when the root is not a name (`f().x`). */
function attributeOrSubscriptRoot(node: Node): string | undefined {
  let n: Node | null = unparenthesized(node);
  while (n && (n.type === "attribute" || n.type === "subscript")) {
    const next: Node | null = n.type === "attribute" ? n.childForFieldName("object") : n.childForFieldName("value");
    n = next && unparenthesized(next);
  }
  return n?.type === "identifier" ? n.text : undefined;
}

/** The definition (function, lambda, class) or module whose scope a node's code runs in. */
function ownerScopeNode(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition" || n.type === "module") return n;
  }
  return null;
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

/** The identifiers an expression reads, but attribute and keyword names. */
function readNames(node: Node): Set<string> {
  const names = new Set<string>();
  const identifiers = node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
  for (const identifier of identifiers) {
    if (!identifier) continue;
    const parent = identifier.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    names.add(identifier.text);
  }
  return names;
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

/** The identifier at the root of an attribute chain (`self` in `self.conn.send`), or undefined when it is not a plain chain. */
function attributeChainRoot(node: Node): Node | undefined {
  let n: Node | null = unparenthesized(node);
  while (n?.type === "attribute") n = n.childForFieldName("object") && unparenthesized(n.childForFieldName("object")!);
  return n?.type === "identifier" ? n : undefined;
}

/**
 * The receiver of a method call, as something to compare: the root name of the object
 * (`self.conn.send` -> `self`, `clients[0].send` -> `clients`), or the dotted path when the
 * root is an imported module (`aiohttp.web.x` -> `aiohttp.web`). Null for a plain function,
 * or a function of a module. Undefined when the object cannot be named (`make().send()`).
 */
export function receiverOf(callee: Node, facts: IndependenceFacts, scope: Scope): string | null | undefined {
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
  /** What is really called, through wrappers (`asyncio.to_thread(f, x)` -> `f`) and local aliases. */
  callee: CalleeIdentity;
  /** A word of the callee's name saying it acts or waits (`start` in `start_server`), when there is one. */
  effect?: string;
  /** The arguments of the call really made, as text without spaces: what "different data" compares. */
  data: string;
}

function positionalArguments(call: Node): Node[] {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return [];
  return args.namedChildren.filter((a): a is Node => a !== null && a.type !== "keyword_argument" && a.type !== "comment");
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * The callee that does the work, and the text of its data: `asyncio.wait_for(conn.fetch(x), 3)`
 * -> `conn.fetch` with `(x)`; `asyncio.to_thread(path.write_text, s)` -> `path.write_text` with
 * the arguments after it; `loop.run_in_executor(None, functools.partial(f, x))` -> `f`.
 * `byWrapper` is set when a wrapper stood in between (its own receiver does not order the call).
 */
function effectiveCallee(call: Node, facts: IndependenceFacts, scope: Scope): { callee: Node; data: string; byWrapper: boolean } | undefined {
  let current = call;
  let byWrapper = false;
  for (let depth = 0; depth < 4; depth++) {
    const callee = current.childForFieldName("function");
    if (!callee) return undefined;
    const tail = calleeTail(callee);
    const positional = positionalArguments(current);
    // `bot.wait_for("message")` waits for an event; only a wrapper handed a call is looked through.
    if (tail && AWAITS_A_CALL.has(tail) && positional[0] && unparenthesized(positional[0]).type === "call") {
      current = unparenthesized(positional[0]);
      byWrapper = true;
      continue;
    }
    const at = tail ? RUNS_A_CALLABLE.get(tail) : undefined;
    if (at !== undefined) {
      let callable = positional[at] && unparenthesized(positional[at]);
      if (!callable) return undefined;
      let rest = positional.slice(at + 1);
      if (callable.type === "call" && calleeTail(callable.childForFieldName("function")!) === "partial") {
        const inner = positionalArguments(callable);
        if (!inner[0]) return undefined;
        rest = [...inner.slice(1), ...rest];
        callable = unparenthesized(inner[0]);
      }
      return { callee: callable, data: rest.map((a) => compact(a.text)).join(","), byWrapper: true };
    }
    return { callee, data: compact(current.childForFieldName("arguments")?.text ?? ""), byWrapper };
  }
  return undefined;
}

/** Who a callee is, and the expression it comes to: resolved through a local alias (`req = self.http.add_role`), then judged by its shape. */
function identify(callee: Node, facts: IndependenceFacts, scope: Scope): { identity: CalleeIdentity; resolved: Node } {
  let c = unparenthesized(callee);
  if (c.type === "identifier") {
    const alias = facts.aliasOf(c.text, scope);
    if (alias) c = alias;
  }
  if (c.type === "identifier") {
    const kind = facts.callableKind(c.text, scope);
    return { identity: { kind, path: c.text, tail: c.text, holder: kind === "object" ? c.text : undefined }, resolved: c };
  }
  if (c.type !== "attribute") return { identity: { kind: "object", path: compact(c.text), tail: "" }, resolved: c };
  const tail = c.childForFieldName("attribute")?.text ?? "";
  const root = attributeChainRoot(c);
  // `items[0].run()`, `make().run()`: an object nothing names.
  if (!root) return { identity: { kind: "object", path: compact(c.text), tail }, resolved: c };
  return { identity: { kind: facts.isModule(root.text, scope) ? "function" : "method", path: compact(c.text), tail }, resolved: c };
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
  const effective = effectiveCallee(call, facts, site.scope);
  if (!effective) return undefined;
  const outerReceiver = receiverOf(call.childForFieldName("function")!, facts, site.scope);
  if (outerReceiver === undefined) return undefined;
  const { identity: callee, resolved } = identify(effective.callee, facts, site.scope);
  // `asyncio.wait_for(event.wait(), 1)`, `to_thread(worker.join)`: what the wrapper runs is there to order things.
  if (effective.byWrapper && ORDERING_CALLS.has(callee.tail)) return undefined;
  const receivers = new Set<string>();
  // A wrapper's own object (`loop.run_in_executor`) runs the work elsewhere; what it runs is judged instead.
  if (outerReceiver !== null && !effective.byWrapper) receivers.add(outerReceiver);
  // Through an alias or a wrapper, the object whose method really runs: `req` -> `self`, `to_thread(t.join)` -> `t`.
  if (resolved.id !== call.childForFieldName("function")!.id) {
    const receiver = receiverOf(resolved, facts, site.scope);
    if (receiver) {
      receivers.add(receiver);
      reads.add(receiver.split(".")[0]);
    }
  }
  const effect =
    (callee.tail ? effectWordIn(callee.tail) : undefined) ??
    (callee.kind === "function" && resolved.type === "identifier" ? facts.localHelperEffect(resolved.text, site.scope) : undefined);
  return { call, site, reads, writes, receivers, callee, effect, data: effective.data };
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

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** True when two receivers may be one object: the same module path, or names of one family. */
function sameReceiver(a: string, b: string, facts: IndependenceFacts, scope: Scope): boolean {
  if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) return true;
  if (a.includes(".") || b.includes(".")) return false;
  return facts.sameObject(a, b, scope);
}

/**
 * Why two awaited calls may not run together, or undefined when they may. With `asked` (the
 * user selected them for the refactor) only dependence counts; otherwise the pair also needs
 * positive evidence of independence (see the top of this file).
 */
export function dependence(first: AwaitStatement, second: AwaitStatement, facts: IndependenceFacts, asked = false): string | undefined {
  const scope = first.site.scope;
  if (intersects(second.reads, first.writes)) return "the second reads a name the first binds";
  if (intersects(first.reads, second.writes)) return "the second rebinds a name the first reads";
  if (intersects(first.writes, second.writes)) return "both bind the same name";
  for (const a of first.receivers) {
    for (const b of second.receivers) {
      if (sameReceiver(a, b, facts, scope)) return `both call methods on \`${a}\``;
    }
  }
  const usesReceiverOf = (user: AwaitStatement, owner: AwaitStatement) => {
    for (const r of owner.receivers) {
      if (r.includes(".")) {
        if (user.reads.has(r.split(".")[0])) return r;
        continue;
      }
      for (const name of user.reads) if (facts.callableKind(name, scope) === "object" && facts.sameObject(name, r, scope)) return r;
    }
    return undefined;
  };
  const usedBySecond = usesReceiverOf(second, first);
  if (usedBySecond) return `the second uses \`${usedBySecond}\`, whose method the first calls`;
  const usedByFirst = usesReceiverOf(first, second);
  if (usedByFirst) return `the first uses \`${usedByFirst}\`, whose method the second calls`;
  // One callable object awaited twice (`await send(a)`, `await send(b)`): one channel, answered in order.
  if (first.callee.holder && second.callee.holder && facts.sameObject(first.callee.holder, second.callee.holder, scope)) {
    return `both call \`${first.callee.holder}\``;
  }
  for (const name of first.reads) {
    if (second.reads.has(name) && facts.isSharedState(name, scope)) return `both are handed \`${name}\``;
  }
  return asked ? undefined : missingEvidence(first, second, facts);
}

/** Why the rule cannot vouch for one await on its own: an unknown callable, or a name that says it acts or waits. */
export function unjudgeable(call: AwaitedCall): string | undefined {
  if (call.callee.kind === "object") return `nothing says what \`${call.callee.path}\` does`;
  if (call.effect) return `\`${call.callee.tail}\` ${call.effect === call.callee.tail ? "acts or waits" : `says \`${call.effect}\``}`;
  return undefined;
}

/** True when a name the statement binds is read after it in its function (a module's names live on). */
function resultUsed(statement: AwaitStatement, facts: IndependenceFacts): boolean {
  let used = facts.resultsUsed.get(statement.statement.id);
  if (used === undefined) facts.resultsUsed.set(statement.statement.id, (used = readAfterwards(statement)));
  return used;
}

function readAfterwards(statement: AwaitStatement): boolean {
  if (!statement.target) return false;
  const names = targetNames(statement.target);
  names.delete("_");
  if (names.size === 0) return false;
  const scope = statement.site.scope;
  if (scope.kind === "module") return true;
  const after = statement.statement.endIndex;
  for (const identifier of scope.node.descendantsOfType("identifier")) {
    if (!identifier || identifier.startIndex < after || !names.has(identifier.text)) continue;
    const parent = identifier.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    return true;
  }
  return false;
}

/** Undefined when the pair has positive evidence of independence, else why not. */
function missingEvidence(first: AwaitStatement, second: AwaitStatement, facts: IndependenceFacts): string | undefined {
  const unknown = unjudgeable(first) ?? unjudgeable(second);
  if (unknown) return unknown;
  // Both are fetches: their results are what they are for.
  if (resultUsed(first, facts) && resultUsed(second, facts)) return undefined;
  // One coroutine function asked about different things.
  if (first.callee.kind === "function" && first.callee.path === second.callee.path && first.data !== second.data) return undefined;
  return "no evidence the two are independent: a result unused, and different functions or the same data";
}

/**
 * True when the statement stands where running it alongside others could change the meaning:
 * inside a `try` (handlers and `finally` see which call failed first and what ran before it),
 * inside a `with` that looks like a lock, semaphore, rate limit or transaction, or one that
 * catches, times or cancels what runs inside (`pytest.raises`, `suppress`, `fail_after`).
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
        if (FAILURE_CONTEXT.test(expression.type === "call" ? (expression.childForFieldName("function")?.text ?? "") : expression.text)) return true;
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
