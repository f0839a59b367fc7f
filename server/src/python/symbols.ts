import type { Node } from "web-tree-sitter";
import { provenCoroutineFunction, type DecoratorBehaviour, type FunctionFacts, type ProofContext, type ResolvedName } from "./coroutineFunctions";
import { ANNOTATION_TYPES, ASYNCIO_COROUTINE_FUNCTIONS, COROUTINE_METHODS, FACTORY_TYPES } from "./knownApis";
import type { CallSite, ClassInfo, ImportBinding, ModuleModel, Scope, TypedBindingSite } from "./moduleModel";
import type { PythonWorkspace } from "./workspace";

/** Prefix of names defined in the module being analyzed. */
export const LOCAL = "<local>.";

const MAX_NAME_DEPTH = 64;

/** Types a binding's construction gives (`FACTORY_TYPES`' values), as an annotation may name them. */
const MADE_TYPES = new Set([...FACTORY_TYPES.values()].flat());

const OPTIONAL = new Set(["typing.Optional", "typing_extensions.Optional", "Optional"]);
const UNION = new Set(["typing.Union", "typing_extensions.Union", "Union"]);
const ANNOTATED = new Set(["typing.Annotated", "typing_extensions.Annotated", "Annotated"]);
const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\s*\.\s*[\p{L}_][\p{L}\p{N}_]*)*$/u;
const SUBSCRIPTED = /^([\p{L}_][\p{L}\p{N}_.\s]*)\[([^]*)\]$/u;
/** Annotations longer than this are not read (no API type is written so long). */
const MAX_ANNOTATION = 300;

/** Splits at the separator where no bracket is open: `A[B, C], D` at "," -> `A[B, C]`, `D`. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The members of a union that are not `None`. */
function withoutNone(members: string[]): string[] {
  return members.filter((member) => member !== "None" && member !== "");
}

/**
 * Turns the expressions of one module into canonical dotted names (`sp.run` -> `subprocess.run`,
 * `conn.send_command` -> `netmiko.BaseConnection.send_command`) and says which are coroutine functions.
 */
export class SymbolResolver {
  private readonly typeCache = new Map<Node, string | undefined>();
  /** How deep `canonical` has recursed: a chain like `a.b.b.b…` thousands long must not overflow the stack. */
  private depth = 0;
  /** Top-level names bound by an assignment or `with … as` (a function bound again is not what its def says), read on first use. */
  private assignedAtTop: Set<string> | undefined;
  /** This module as the proofs about decorators see it. */
  private readonly proofContext: ProofContext = {
    resolve: (dotted) => this.decoratorName(dotted),
    local: (name) => this.localDefinitions(name),
    external: (name) => this.externalDecorator(name),
  };

  /** Per types map, the names whose type an annotation declares: a plain assignment elsewhere does not change what they hold for a type checker. */
  private readonly declared = new Map<Map<string, string | null>, Set<string>>();

  constructor(
    private readonly model: ModuleModel,
    private readonly filePath: string | undefined,
    private readonly workspace: PythonWorkspace | undefined,
  ) {
    // Annotations first: a declared type holds for every binding of the name, before or after it.
    const plain: TypedBindingSite[] = [];
    for (const site of model.typedBindings) {
      if (!this.learnAnnotation(site)) plain.push(site);
    }
    for (const site of plain) this.learnBinding(site.target, site.value, site.scope, site.ownerClass);
  }

  /** The canonical dotted name of a callee or receiver, or undefined when it cannot be known. */
  canonical(node: Node, scope: Scope, ownerClass?: ClassInfo): string | undefined {
    // No API is named by a chain this long; past it the name is simply unknown.
    if (this.depth >= MAX_NAME_DEPTH) return undefined;
    this.depth++;
    try {
      return this.canonicalName(node, scope, ownerClass);
    } finally {
      this.depth--;
    }
  }

  private canonicalName(node: Node, scope: Scope, ownerClass?: ClassInfo): string | undefined {
    switch (node.type) {
      case "identifier":
        return this.nameOf(node.text, scope);
      case "attribute": {
        const object = node.childForFieldName("object");
        const attribute = node.childForFieldName("attribute");
        if (!object || !attribute) return undefined;
        const base = this.receiverName(object, scope, ownerClass);
        return base === undefined ? undefined : `${base}.${attribute.text}`;
      }
      case "parenthesized_expression": {
        const inner = node.namedChildren[0];
        return inner ? this.canonical(inner, scope, ownerClass) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Names a receiver by its type when known (`self` -> the class, `conn` -> its constructor's type). */
  private receiverName(object: Node, scope: Scope, ownerClass?: ClassInfo): string | undefined {
    if (object.type === "identifier") {
      const name = object.text;
      if ((name === "self" || name === "cls") && ownerClass && this.isMethodReceiver(name, scope)) return LOCAL + ownerClass.name;
      const type = this.variableType(name, scope);
      if (type !== undefined) return type ?? undefined;
      return this.nameOf(name, scope);
    }
    if (object.type === "attribute") {
      const inner = object.childForFieldName("object");
      const attribute = object.childForFieldName("attribute");
      if (inner?.type === "identifier" && inner.text === "self" && attribute && ownerClass && this.isMethodReceiver("self", scope)) {
        const type = ownerClass.scope.types.get(`self.${attribute.text}`);
        if (type !== undefined) return type ?? undefined;
      }
      return this.canonical(object, scope, ownerClass);
    }
    if (object.type === "call") {
      // `asyncio.get_running_loop().create_task(...)`: the receiver is what the factory returns.
      const callee = object.childForFieldName("function");
      const made = callee ? this.canonical(callee, scope, ownerClass) : undefined;
      const type = made ? this.typeMadeBy(made) : undefined;
      return typeof type === "string" ? type : undefined;
    }
    if (object.type === "parenthesized_expression" && object.namedChildren[0]) return this.receiverName(object.namedChildren[0], scope, ownerClass);
    return undefined;
  }

  /** `self` means the instance only in a method (or a function nested in one) whose first parameter it is. */
  private isMethodReceiver(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "function" && s.parent?.kind === "class") return s.bound.has(name);
      if (s.kind === "module") return false;
    }
    return false;
  }

  /** A plain name: an import, a definition of this module, or a builtin when nothing binds it. */
  nameOf(name: string, scope: Scope): string | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      if (!s.bound.has(name)) continue;
      if (s.kind === "module") {
        const binding = this.model.imports.get(name);
        if (binding) return importedName(binding);
        if (binding === null) return undefined;
        if (this.model.asyncFunctions.has(name) || this.model.syncFunctions.has(name) || this.model.classes.has(name)) {
          return conflictingDefinitions(this.model, name) ? undefined : LOCAL + name;
        }
        return undefined;
      }
      // A function-level import still names the module; any other local binding hides the global.
      const binding = s.imports.get(name);
      return binding ? importedName(binding) : undefined;
    }
    return name;
  }

  /** The type a local variable holds: a type name, null when it holds different things, undefined when unknown. */
  variableType(name: string, scope: Scope): string | null | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      if (s.bound.has(name) || s.types.has(name)) return s.types.get(name);
    }
    return undefined;
  }

  /** Where a dotted name written at the module's top level (a decorator) leads. */
  private decoratorName(dotted: string): ResolvedName | undefined {
    const [first, ...rest] = dotted.split(".");
    const base = this.nameOf(first, this.model.moduleScope);
    if (base === undefined) return undefined;
    if (base.startsWith(LOCAL)) return rest.length === 0 ? { local: base.slice(LOCAL.length) } : undefined;
    return { external: [base, ...rest].join(".") };
  }

  /** The definitions of a top-level function of this module, unless the name is bound to something else too. */
  private localDefinitions(name: string): readonly FunctionFacts[] | undefined {
    if (conflictingDefinitions(this.model, name)) return undefined;
    if (!this.assignedAtTop) {
      this.assignedAtTop = new Set();
      for (const binding of this.model.typedBindings) {
        if (binding.scope === this.model.moduleScope && !binding.ownerClass && binding.target.type === "identifier" && binding.value.type !== "type") this.assignedAtTop.add(binding.target.text);
      }
    }
    return this.assignedAtTop.has(name) ? undefined : this.model.functions.get(name);
  }

  private externalDecorator(name: string): DecoratorBehaviour {
    if (!this.workspace) return undefined;
    const symbol = this.workspace.symbol(this.filePath, name);
    return symbol.kind === "function" ? symbol.decorator : undefined;
  }

  /** True when calling this canonical name surely creates a coroutine (an `async def`, under decorators known to keep it one, that does not yield). */
  isCoroutineFunction(name: string): boolean {
    if (ASYNCIO_COROUTINE_FUNCTIONS.has(name)) return true;
    if (name.startsWith(LOCAL)) return this.localIsCoroutine(name.slice(LOCAL.length).split("."));
    const dot = name.lastIndexOf(".");
    if (dot > 0) {
      const methods = COROUTINE_METHODS.get(name.slice(0, dot));
      if (methods) return methods.has(name.slice(dot + 1));
    }
    if (!this.workspace || !name.includes(".") && !this.model.imports.has(name)) return false;
    return this.workspace.symbol(this.filePath, name).kind === "coroutine-function";
  }

  private localIsCoroutine(parts: string[], depth = 0): boolean {
    if (parts.length === 1) return provenCoroutineFunction(this.localDefinitions(parts[0]), this.proofContext);
    if (parts.length !== 2 || depth > 5) return false;
    const cls = this.model.classes.get(parts[0]);
    if (!cls || cls.assigned.has(parts[1])) return false;
    const definitions = cls.methods.get(parts[1]);
    if (definitions) return provenCoroutineFunction(definitions, this.proofContext);
    // Inherited: look at base classes of this module and of the workspace.
    for (const base of cls.bases) {
      const baseName = this.nameOf(base.split(".")[0], this.model.moduleScope);
      if (!baseName) continue;
      const full = base.includes(".") ? baseName + base.slice(base.indexOf(".")) : baseName;
      if (full.startsWith(LOCAL)) {
        if (this.localIsCoroutine([full.slice(LOCAL.length), parts[1]], depth + 1)) return true;
      } else if (this.isCoroutineFunction(`${full}.${parts[1]}`)) {
        return true;
      }
    }
    return false;
  }

  /** What calling a canonical name gives: a type name, a tuple of them (`open_connection`), or undefined. */
  typeMadeBy(name: string): string | readonly string[] | undefined {
    const known = FACTORY_TYPES.get(name);
    if (known) return known;
    if (name.startsWith(LOCAL)) {
      const local = name.slice(LOCAL.length);
      return this.model.classes.has(local) && !conflictingDefinitions(this.model, local) ? name : undefined;
    }
    if (this.workspace && name.includes(".") && this.workspace.symbol(this.filePath, name).kind === "class") return name;
    return undefined;
  }

  /**
   * Learns a binding's declared type from its annotation (a parameter's, `x: T = v`, `self.x: T`,
   * `x: T` in a class body, which declares `self.x`). False when the binding has no annotation of
   * a known type: its value is then read as for a plain assignment.
   */
  private learnAnnotation(site: TypedBindingSite): boolean {
    const { target, value, scope, ownerClass } = site;
    const parent = target.parent;
    const annotation = value.type === "type" ? value : parent?.type === "assignment" && parent.childForFieldName("left")?.id === target.id ? parent.childForFieldName("type") : null;
    if (!annotation) return false;
    const type = this.annotatedType(annotation.text, scope, ownerClass);
    if (type === undefined) {
      // An annotation only, of a type not known: nothing is learnt (a parameter's still hides the name's other types).
      if (value.type === "type" && parent?.type !== "assignment") this.assignType(target, undefined, scope, ownerClass);
      return value.type === "type";
    }
    const inClassBody = ownerClass !== undefined && scope === ownerClass.scope.parent && target.type === "identifier" && parent?.type === "assignment";
    if (inClassBody) this.recordType(ownerClass.scope.types, `self.${target.text}`, type, true);
    else this.assignType(target, type, scope, ownerClass, true);
    return true;
  }

  /** The canonical type an annotation names, when it is one asynclint knows: `httpx.Client`, `Optional[…]`, `… | None`, `"…"`. */
  private annotatedType(text: string, scope: Scope, ownerClass: ClassInfo | undefined, depth = 0): string | undefined {
    const written = text.trim();
    if (depth > 6 || written.length > MAX_ANNOTATION) return undefined;
    const quoted = /^(?:'([^']*)'|"([^"]*)")$/.exec(written);
    if (quoted) return this.annotatedType(quoted[1] ?? quoted[2], scope, ownerClass, depth + 1);
    const members = splitTopLevel(written, "|");
    if (members.length > 1) {
      const rest = withoutNone(members);
      return rest.length === 1 ? this.annotatedType(rest[0], scope, ownerClass, depth + 1) : undefined;
    }
    const subscripted = SUBSCRIPTED.exec(written);
    if (subscripted) {
      const head = this.dottedType(subscripted[1], scope);
      const args = splitTopLevel(subscripted[2], ",");
      if (head === undefined) return undefined;
      if (OPTIONAL.has(head) && args.length === 1) return this.annotatedType(args[0], scope, ownerClass, depth + 1);
      if (ANNOTATED.has(head) && args.length >= 1) return this.annotatedType(args[0], scope, ownerClass, depth + 1);
      const rest = withoutNone(args);
      if (UNION.has(head) && rest.length === 1) return this.annotatedType(rest[0], scope, ownerClass, depth + 1);
      return undefined;
    }
    if (!DOTTED.test(written)) return undefined;
    const name = this.dottedType(written, scope);
    if (name === undefined) return undefined;
    const alias = ANNOTATION_TYPES.get(name);
    if (alias) return alias;
    // A socket's annotation says nothing about its blocking mode, which only its construction shows.
    if (name === "socket.socket") return undefined;
    if (COROUTINE_METHODS.has(name) || MADE_TYPES.has(name) || this.typeMadeBy(name) === name) return name;
    // A class that gives a known type (`smtplib.SMTP_SSL`, `urllib3.HTTPSConnectionPool`, `httpx2.Client`): its instances are of that type.
    const made = FACTORY_TYPES.get(name);
    const last = name.slice(name.lastIndexOf(".") + 1);
    return typeof made === "string" && /^\p{Lu}/u.test(last) ? made : undefined;
  }

  /** A dotted name as written in an annotation, resolved through the module's imports. */
  private dottedType(dotted: string, scope: Scope): string | undefined {
    const [first, ...rest] = dotted.split(".").map((part) => part.trim());
    const base = this.nameOf(first, scope);
    return base === undefined ? undefined : [base, ...rest].join(".");
  }

  private learnBinding(target: Node, value: Node, scope: Scope, ownerClass?: ClassInfo): void {
    let made: string | readonly string[] | undefined;
    let expression = value;
    while (expression.type === "await" || expression.type === "parenthesized_expression") {
      const inner = expression.namedChildren[0];
      if (!inner) break;
      expression = inner;
    }
    if (expression.type === "call") {
      const callee = expression.childForFieldName("function");
      const name = callee ? this.canonical(callee, scope, ownerClass) : undefined;
      // `await asyncio.to_thread(ConnectHandler, …)` holds what `ConnectHandler(…)` makes: the
      // fix of AL102 must not hide the blocking calls made on the object afterwards.
      const ran = name ? this.functionRunInThread(expression, name, scope, ownerClass) : undefined;
      made = ran ? this.typeMadeBy(ran) : name ? this.typeMadeBy(name) : undefined;
    }
    this.assignType(target, made, scope, ownerClass);
  }

  /**
   * The canonical name of the function a thread runner calls (`asyncio.to_thread(f, …)`,
   * `loop.run_in_executor(None, f, …)`, trio's and anyio's `to_thread.run_sync(f, …)`, also
   * through `functools.partial(f, …)`), or undefined when the call is no thread runner.
   */
  functionRunInThread(call: Node, runner: string, scope: Scope, ownerClass?: ClassInfo): string | undefined {
    const position = THREAD_RUNNERS.get(runner) ?? (runner.endsWith(".run_in_executor") ? 1 : undefined);
    if (position === undefined) return undefined;
    let fn = positionalArguments(call)[position];
    for (let depth = 0; fn?.type === "call" && depth < 4; depth++) {
      const inner = fn.childForFieldName("function");
      if (!inner || this.canonical(inner, scope, ownerClass) !== "functools.partial") return undefined;
      fn = positionalArguments(fn)[0];
    }
    return fn && (fn.type === "identifier" || fn.type === "attribute") ? this.canonical(fn, scope, ownerClass) : undefined;
  }

  /** Records what a name holds; a declared (annotated) name keeps its declared type whatever else is assigned to it. */
  private recordType(types: Map<string, string | null>, key: string, type: string | undefined, declared = false): void {
    let names = this.declared.get(types);
    if (declared) {
      if (!names) this.declared.set(types, (names = new Set()));
      if (!names.has(key)) {
        names.add(key);
        types.set(key, type ?? null);
        return;
      }
    } else if (names?.has(key)) {
      return;
    }
    const previous = types.get(key);
    if (previous === undefined && !types.has(key)) types.set(key, type ?? null);
    else if (previous !== type) types.set(key, null);
  }

  private assignType(target: Node, made: string | readonly string[] | undefined, scope: Scope, ownerClass?: ClassInfo, declared = false): void {
    const record = (types: Map<string, string | null>, key: string, type: string | undefined) => this.recordType(types, key, type, declared);
    if (target.type === "identifier") {
      record(scope.types, target.text, typeof made === "string" ? made : undefined);
      return;
    }
    if (target.type === "attribute") {
      const object = target.childForFieldName("object");
      const attribute = target.childForFieldName("attribute");
      if (object?.text === "self" && attribute && ownerClass) {
        record(ownerClass.scope.types, `self.${attribute.text}`, typeof made === "string" ? made : undefined);
      }
      return;
    }
    if (target.type === "pattern_list" || target.type === "tuple_pattern" || target.type === "as_pattern_target") {
      const elements = target.namedChildren.filter((n): n is Node => n !== null);
      if (target.type === "as_pattern_target") {
        if (elements.length === 1) this.assignType(elements[0], made, scope, ownerClass, declared);
        return;
      }
      elements.forEach((element, i) => {
        const type = Array.isArray(made) && made.length === elements.length ? made[i] : undefined;
        this.assignType(element, type, scope, ownerClass, declared);
      });
    }
  }

  /** The canonical name of a call's callee, cached per call node. */
  callName(site: CallSite): string | undefined {
    if (this.typeCache.has(site.node)) return this.typeCache.get(site.node);
    const name = this.canonical(site.callee, site.scope, site.ownerClass);
    this.typeCache.set(site.node, name);
    return name;
  }
}

/** Thread runners and the position of the function they run among their positional arguments. */
const THREAD_RUNNERS = new Map([
  ["asyncio.to_thread", 0],
  ["asyncio.AbstractEventLoop.run_in_executor", 1],
  ["trio.to_thread.run_sync", 0],
  ["anyio.to_thread.run_sync", 0],
]);

/** A call's positional arguments, up to the first `*args` (after which positions are unknown). */
function positionalArguments(call: Node): Node[] {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return [];
  const positional: Node[] = [];
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "list_splat" || arg.type === "keyword_argument" || arg.type === "dictionary_splat") break;
    positional.push(arg);
  }
  return positional;
}

/** The dotted name an import binds (`.client.connect` for `from .client import connect`). */
export function importedName(binding: ImportBinding): string {
  const module = ".".repeat(binding.level) + binding.module;
  if (binding.name === undefined) return module;
  return binding.level > 0 && binding.module === "" ? module + binding.name : `${module}.${binding.name}`;
}

/** A name defined both as async and sync (say under `if sys.version…`) is not something to be sure about. */
function conflictingDefinitions(model: ModuleModel, name: string): boolean {
  const kinds = [model.asyncFunctions.has(name), model.syncFunctions.has(name), model.classes.has(name)].filter(Boolean).length;
  return kinds > 1 || model.imports.has(name);
}
