import type { Node } from "web-tree-sitter";
import { DESCRIPTOR_WRAPPERS, FILE_OPENERS } from "./fileSystemApis";
import type { ClassInfo, Scope, TypedBindingSite } from "./moduleModel";
import type { PythonRuleContext } from "./pythonRule";

/**
 * Which local values are sync `pathlib` paths or sync file objects, so that `path.read_text()` and
 * `log.write(…)` can be told apart from the same method names on anything else. Evidence only:
 * a value is a path when it is built by `pathlib.Path(…)` (or derived from one: `/`, `.parent`,
 * `.with_suffix(…)`), a file when `open(…)` / `Path.open()` made it, or when an annotation says
 * so (`path: Path`, `Optional[Path]`, `Path | None`, `f: io.TextIOWrapper`). A name is followed
 * through its bindings in the scope that binds it; every binding must agree, and a name bound any
 * other way (a loop, a walrus, an untyped parameter, `global`) is unknown. `anyio.Path`,
 * `trio.Path` and `aiofiles` give async objects and are never either.
 */
export type ValueKind = "path" | "file";

const PATH_TYPES = new Set(["pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"]);
const PATH_FACTORIES = new Set([...PATH_TYPES, "pathlib.Path.cwd", "pathlib.Path.home"]);
/** The concrete classes `open()` returns; `typing.IO`/`TextIO` may as well be an in-memory `StringIO`. */
const FILE_TYPES = new Set(["io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom", "io.FileIO"]);
/** Path methods and attributes that give another path. */
const PATH_RETURNING = new Set(["resolve", "absolute", "expanduser", "with_name", "with_suffix", "with_stem", "joinpath", "relative_to", "readlink", "with_segments"]);

const MAX_DEPTH = 8;

const TUPLE_TARGETS = new Set(["pattern_list", "tuple_pattern"]);
const TUPLE_VALUES = new Set(["tuple", "expression_list"]);

/** Node types whose identifiers are bound by forms the model does not record as typed bindings. */
const OTHER_BINDERS = new Set(["for_statement", "named_expression", "augmented_assignment", "global_statement", "nonlocal_statement", "delete_statement", "except_clause", "match_statement"]);

interface Bindings {
  /** Identifier targets by scope and name. */
  names: Map<Scope, Map<string, TypedBindingSite[]>>;
  /** `self.x` targets by class and attribute. */
  attributes: Map<ClassInfo, Map<string, TypedBindingSite[]>>;
  /** Per function scope: names bound in other ways (see OTHER_BINDERS) or as untyped parameters. */
  unknown: Map<Scope, Set<string>>;
  /** Per function scope: its untyped parameters (also in `unknown`). */
  untypedParameters: Map<Scope, Set<string>>;
  /** Per function scope: the names bound in the other ways (also in `unknown`). */
  otherBinders: Map<Scope, Set<string>>;
}

const cache = new WeakMap<PythonRuleContext, Bindings>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function bindingsOf(context: PythonRuleContext): Bindings {
  let bindings = cache.get(context);
  if (bindings) return bindings;
  bindings = { names: new Map(), attributes: new Map(), unknown: new Map(), untypedParameters: new Map(), otherBinders: new Map() };
  for (const site of context.model.typedBindings) {
    const { target, scope } = site;
    if (TUPLE_TARGETS.has(target.type)) {
      // `(a, b) = (Path("x"), Path("y"))`: each name gets its own element; unpacking anything else tells nothing about them.
      const elements = target.namedChildren.filter((n): n is Node => n !== null);
      const values = TUPLE_VALUES.has(site.value.type) ? site.value.namedChildren.filter((n): n is Node => n !== null) : [];
      const paired = values.length === elements.length && !elements.some((e) => e.type === "list_splat_pattern") && !values.some((v) => v.type === "list_splat");
      elements.forEach((element, i) => {
        if (element.type !== "identifier") return;
        let names = bindings.names.get(scope);
        if (!names) bindings.names.set(scope, (names = new Map()));
        push(names, element.text, { ...site, target: element, value: paired ? values[i] : target });
      });
    } else if (target.type === "identifier") {
      let names = bindings.names.get(scope);
      if (!names) bindings.names.set(scope, (names = new Map()));
      push(names, target.text, site);
    } else if (target.type === "attribute" && site.ownerClass && target.childForFieldName("object")?.text === "self") {
      const attribute = target.childForFieldName("attribute")?.text;
      if (!attribute) continue;
      let attributes = bindings.attributes.get(site.ownerClass);
      if (!attributes) bindings.attributes.set(site.ownerClass, (attributes = new Map()));
      push(attributes, attribute, site);
    }
  }
  cache.set(context, bindings);
  return bindings;
}

/** Identifiers a node binds or declares, walked without entering nested definitions. */
function collectIdentifiers(node: Node, into: Set<string>): void {
  if (node.type === "identifier") {
    into.add(node.text);
    return;
  }
  if (node.type === "attribute" || node.type === "subscript" || node.type === "call") return;
  for (const child of node.namedChildren) if (child) collectIdentifiers(child, into);
}

/** The names a function scope binds in ways other than a plain assignment, `with … as` or a typed parameter. */
function unknownNames(bindings: Bindings, scope: Scope): Set<string> {
  let names = bindings.unknown.get(scope);
  if (names) return names;
  names = new Set();
  const untyped = new Set<string>();
  const parameters = scope.node.childForFieldName("parameters");
  for (const parameter of parameters?.namedChildren ?? []) {
    if (!parameter) continue;
    if (parameter.type === "identifier") untyped.add(parameter.text);
    else if (parameter.type === "default_parameter" || parameter.type === "list_splat_pattern" || parameter.type === "dictionary_splat_pattern") {
      const name = parameter.childForFieldName("name") ?? parameter.namedChildren.find((c) => c?.type === "identifier");
      if (name) untyped.add(name.text);
    }
  }
  bindings.untypedParameters.set(scope, untyped);
  const others = new Set<string>();
  const body = scope.node.childForFieldName("body");
  if (body) {
    const cursor = body.walk();
    const ancestors: string[] = [body.type];
    try {
      if (cursor.gotoFirstChild()) {
        for (;;) {
          const current = cursor.currentNode;
          const nested = cursor.currentFieldName === "body" && (ancestors[ancestors.length - 1] === "function_definition" || ancestors[ancestors.length - 1] === "class_definition");
          let descend = !nested && current.type !== "lambda";
          if (OTHER_BINDERS.has(current.type)) {
            const target =
              current.type === "for_statement"
                ? current.childForFieldName("left")
                : current.type === "named_expression"
                  ? current.childForFieldName("name")
                  : current.type === "augmented_assignment"
                    ? current.childForFieldName("left")
                    : current;
            if (target && (current.type !== "except_clause" && current.type !== "match_statement")) collectIdentifiers(target, others);
            // `except E as e` and `case X(y)` bind whatever they name: any identifier inside is taken as bound.
            if (current.type === "except_clause" || current.type === "match_statement") {
              collectIdentifiers(current, others);
              descend = false;
            }
          }
          if (descend && cursor.gotoFirstChild()) {
            ancestors.push(current.type);
            continue;
          }
          let done = false;
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent()) {
              done = true;
              break;
            }
            ancestors.pop();
            if (ancestors.length === 0) {
              done = true;
              break;
            }
          }
          if (done) break;
        }
      }
    } finally {
      cursor.delete();
    }
  }
  for (const name of [...untyped, ...others]) names.add(name);
  bindings.otherBinders.set(scope, others);
  bindings.unknown.set(scope, names);
  return names;
}

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);

/** True when a comprehension around the identifier binds its name (`[p.read_text() for p in paths]`): the model has no scope for it. */
function boundByComprehension(identifier: Node, scope: Scope): boolean {
  for (let n = identifier.parent; n && n.id !== scope.node.id; n = n.parent) {
    if (!COMPREHENSIONS.has(n.type)) continue;
    for (const clause of n.namedChildren) {
      if (clause?.type !== "for_in_clause") continue;
      const names = new Set<string>();
      const left = clause.childForFieldName("left");
      if (left) collectIdentifiers(left, names);
      if (names.has(identifier.text)) return true;
    }
  }
  return false;
}

/** Reads what kind of value expressions hold, within one rule context. */
export class PathValues {
  private readonly bindings: Bindings;

  constructor(private readonly context: PythonRuleContext) {
    this.bindings = bindingsOf(context);
  }

  /** What `expression`, evaluated in `scope`, surely is: a sync path, a sync file, or unknown. */
  kindOf(expression: Node, scope: Scope, ownerClass?: ClassInfo, depth = 0): ValueKind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (expression.type) {
      case "parenthesized_expression": {
        const inner = expression.namedChildren[0];
        return inner ? this.kindOf(inner, scope, ownerClass, depth + 1) : undefined;
      }
      case "call": {
        const callee = expression.childForFieldName("function");
        if (!callee) return undefined;
        const name = this.context.symbols.canonical(callee, scope, ownerClass);
        if (name && PATH_FACTORIES.has(name)) return "path";
        if (name && (FILE_OPENERS.has(name) || DESCRIPTOR_WRAPPERS.has(name))) return "file";
        if (callee.type !== "attribute") return undefined;
        const method = callee.childForFieldName("attribute")?.text ?? "";
        const receiver = callee.childForFieldName("object");
        if (!receiver || (method !== "open" && !PATH_RETURNING.has(method))) return undefined;
        if (this.kindOf(receiver, scope, ownerClass, depth + 1) !== "path") return undefined;
        return method === "open" ? "file" : "path";
      }
      case "await": {
        // `await asyncio.to_thread(open, name)` holds the file `open(name)` makes: moving only the open
        // off the loop must not hide the reads and writes made on it afterwards.
        const call = expression.namedChildren[0];
        const runner = call?.type === "call" ? call.childForFieldName("function") : null;
        const runnerName = runner ? this.context.symbols.canonical(runner, scope, ownerClass) : undefined;
        const ran = call && runnerName ? this.context.symbols.functionRunInThread(call, runnerName, scope, ownerClass) : undefined;
        if (ran && FILE_OPENERS.has(ran)) return "file";
        return ran && PATH_FACTORIES.has(ran) ? "path" : undefined;
      }
      case "binary_operator": {
        const left = expression.childForFieldName("left");
        const operator = expression.childForFieldName("operator")?.text;
        return operator === "/" && left && this.kindOf(left, scope, ownerClass, depth + 1) === "path" ? "path" : undefined;
      }
      case "attribute": {
        const object = expression.childForFieldName("object");
        const attribute = expression.childForFieldName("attribute")?.text;
        if (!object || !attribute) return undefined;
        if (attribute === "parent") return this.kindOf(object, scope, ownerClass, depth + 1) === "path" ? "path" : undefined;
        if (object.type === "identifier" && object.text === "self" && ownerClass) return this.attributeKind(ownerClass, attribute, depth);
        return undefined;
      }
      case "identifier":
        return boundByComprehension(expression, scope) ? undefined : this.nameKind(expression.text, scope, depth, expression);
      default:
        return undefined;
    }
  }

  /** The scope whose binding of `name` the code in `scope` sees, with its bindings there (undefined: builtin, import or unknown). */
  bindingScope(name: string, scope: Scope): { scope: Scope; sites: TypedBindingSite[] } | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === "class" && s !== scope) continue;
      const sites = this.bindings.names.get(s)?.get(name);
      const unknown = s.kind === "function" ? unknownNames(this.bindings, s) : undefined;
      if (!sites && !s.bound.has(name) && !unknown?.has(name)) continue;
      if (!sites || unknown?.has(name) || s.imports.get(name) || (s.kind === "module" && this.context.model.imports.has(name))) return undefined;
      return { scope: s, sites };
    }
    return undefined;
  }

  private nameKind(name: string, scope: Scope, depth: number, use: Node): ValueKind | undefined {
    const found = this.bindingScope(name, scope);
    const agreed = found ? this.agreeingKind(found.sites, depth) : undefined;
    if (agreed) return agreed;
    const reaching = this.reachingBinding(name, scope, use);
    return reaching ? this.bindingKind(reaching, depth + 1) : undefined;
  }

  /**
   * In straight-line code, the one binding that reaches a use when the bindings disagree (`path =
   * str(path)` after `path: Path`; `f: int = 7`, then `f: TextIOWrapper = …`): every binding of the
   * name is a parameter or an assignment statement directly in the function's body (not in a loop,
   * a branch or a `with`), and the last one before the use's statement wins. Undefined when that is
   * not so, or when it is an untyped parameter.
   */
  private reachingBinding(name: string, scope: Scope, use: Node): TypedBindingSite | undefined {
    let s: Scope | undefined = scope;
    while (s && s.kind === "class") s = s.parent;
    if (!s || s.kind !== "function" || s !== scope) return undefined;
    unknownNames(this.bindings, s);
    if (this.bindings.otherBinders.get(s)?.has(name)) return undefined;
    const body = s.node.childForFieldName("body");
    if (!body) return undefined;
    const statementIndex = (node: Node): number | undefined => {
      let n: Node | null = node;
      while (n && n.parent && n.parent.id !== body.id) {
        if (n.id === s!.node.id) return undefined;
        n = n.parent;
      }
      return n?.parent?.id === body.id ? body.namedChildren.findIndex((c) => c?.id === n!.id) : undefined;
    };
    const useIndex = statementIndex(use);
    if (useIndex === undefined) return undefined;
    let best: { index: number; site?: TypedBindingSite } = { index: -2 };
    if (this.bindings.untypedParameters.get(s)?.has(name)) best = { index: -1 };
    for (const site of this.bindings.names.get(s)?.get(name) ?? []) {
      if (site.value.type === "type") {
        if (best.index < -1) best = { index: -1, site };
        continue;
      }
      const statement = site.target.parent?.type === "assignment" ? site.target.parent.parent : null;
      if (statement?.type !== "expression_statement" || statement.parent?.id !== body.id) return undefined;
      const index = statementIndex(statement);
      if (index === undefined) return undefined;
      if (index < useIndex && index > best.index) best = { index, site };
    }
    return best.site;
  }

  private attributeKind(owner: ClassInfo, attribute: string, depth: number): ValueKind | undefined {
    const sites = this.bindings.attributes.get(owner)?.get(attribute);
    return sites ? this.agreeingKind(sites, depth) : undefined;
  }

  /** The kind every one of these bindings gives, if they agree. */
  private agreeingKind(sites: readonly TypedBindingSite[], depth: number): ValueKind | undefined {
    let kind: ValueKind | undefined;
    for (const site of sites) {
      const one = this.bindingKind(site, depth + 1);
      if (!one || (kind && one !== kind)) return undefined;
      kind = one;
    }
    return kind;
  }

  private bindingKind(site: TypedBindingSite, depth: number): ValueKind | undefined {
    const { target, value, scope, ownerClass } = site;
    // A parameter's annotation, or an annotated assignment: the annotation says what it holds.
    if (value.type === "type") return this.annotationKind(value, scope, ownerClass);
    const statement = target.parent;
    const annotation = statement?.type === "assignment" ? statement.childForFieldName("type") : null;
    if (annotation) return this.annotationKind(annotation, scope, ownerClass);
    return this.kindOf(value, scope, ownerClass, depth);
  }

  /** `Path`, `pathlib.Path`, `Optional[Path]`, `Path | None`, `io.TextIOWrapper`. */
  private annotationKind(annotation: Node, scope: Scope, ownerClass?: ClassInfo): ValueKind | undefined {
    let node: Node | null = annotation.type === "type" ? annotation.namedChildren[0] : annotation;
    for (let i = 0; node && i < 4; i++) {
      if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "|") {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (right?.type === "none") node = left;
        else if (left?.type === "none") node = right;
        else return undefined;
      } else if (node.type === "generic_type" || node.type === "subscript") {
        // `Optional[X]` (a generic_type in a parameter's annotation, a subscript in an assignment's).
        const head = node.type === "generic_type" ? node.namedChildren[0] : node.childForFieldName("value");
        const name = head ? this.context.symbols.canonical(head, scope, ownerClass) : undefined;
        if (name !== "typing.Optional") return undefined;
        const inner: Node | null | undefined = node.type === "generic_type" ? node.namedChildren[1]?.namedChildren[0] : node.childForFieldName("subscript");
        node = inner?.type === "type" ? inner.namedChildren[0] : (inner ?? null);
      } else {
        break;
      }
    }
    if (!node || (node.type !== "identifier" && node.type !== "attribute")) return undefined;
    const name = this.context.symbols.canonical(node, scope, ownerClass);
    if (name && PATH_TYPES.has(name)) return "path";
    if (name && FILE_TYPES.has(name)) return "file";
    return undefined;
  }
}
