import type { Node, Query, Tree } from "web-tree-sitter";
import { addDefinition, functionFacts, type FunctionFacts } from "./coroutineFunctions";
import { anyioBackendEvidence, callEvidence, decideEventLoop, decoratorEvidence, importEvidence, pytestmarkEvidence, type EventLoopDecision } from "./eventLoopLibrary";
import { pythonQuery } from "./parser";
import { inRegion, unterminatedStringRegions, type Region } from "./unterminatedStrings";

/** Where an imported name comes from: `import a.b as c` -> {module: "a.b"}; `from .m import f` -> {module: "m", level: 1, name: "f"}. */
export interface ImportBinding {
  module: string;
  level: number;
  name?: string;
}

export type ScopeKind = "module" | "function" | "lambda" | "class";

export interface Scope {
  kind: ScopeKind;
  isAsync: boolean;
  /** The definition node (function_definition, lambda, class_definition) or the module. */
  node: Node;
  /** Where code that runs in this scope sits (the body, not the parameters or decorators). */
  bodyStart: number;
  bodyEnd: number;
  name?: string;
  parent?: Scope;
  /** Names bound in this scope: parameters, assignment targets, imports, defs. */
  bound: Set<string>;
  /** Local variable or self-attribute -> the canonical type it was built from (null when bound to two different things). */
  types: Map<string, string | null>;
  /** Names bound by import statements in this scope (null: imported twice from different places). */
  imports: Map<string, ImportBinding | null>;
  /** Set when its own code yields: a function is then a generator, and calling it runs none of its body. */
  yields?: boolean;
}

export interface ClassInfo {
  name: string;
  scope: Scope;
  asyncMethods: Set<string>;
  syncMethods: Set<string>;
  /** Each method's definitions (decorators, async generator or not), by name. */
  methods: Map<string, FunctionFacts[]>;
  /** Names the class body binds by assignment (`fetch = retry(fetch)`): such a method is not what its def says. */
  assigned: Set<string>;
  /** Base class expressions as written (`Base`, `mod.Base`). */
  bases: string[];
}

export interface CallSite {
  node: Node;
  callee: Node;
  /** The innermost function, lambda or module whose code makes the call. */
  scope: Scope;
  /** The class whose body (directly or through a method) holds the call, for `self.`. */
  ownerClass?: ClassInfo;
}

/** A `name = call(...)` or `self.x = call(...)` to learn the object's type from. */
export interface TypedBindingSite {
  target: Node;
  value: Node;
  scope: Scope;
  ownerClass?: ClassInfo;
}

/** One parsed Python module: imports, definitions, scopes and calls, read in a single query pass. */
export interface ModuleModel {
  tree: Tree;
  text: string;
  /** The nodes whose code was read: the module's root, or some of its top-level statements (incremental analysis). */
  parts: Node[];
  moduleScope: Scope;
  /** Module-level imports (the module scope's). */
  imports: Map<string, ImportBinding | null>;
  asyncFunctions: Set<string>;
  syncFunctions: Set<string>;
  /** Each top-level function's definitions (decorators, async generator or not), by name. */
  functions: Map<string, FunctionFacts[]>;
  classes: Map<string, ClassInfo>;
  calls: CallSite[];
  typedBindings: TypedBindingSite[];
  comments: Node[];
  /** Regions of regions that failed to parse: no fix is offered inside them. */
  errorRanges: Array<[number, number]>;
  /**
   * Where Python reads the text as the inside of a string that never closes (see
   * unterminatedStrings.ts): not code, so nothing in them is read into the model or reported.
   * A string opened in one statement swallows the next ones, so a model of parts is only made of a
   * tree without such a string (the incremental analysis reads such a module whole).
   */
  unterminatedStrings: Region[];
  /** What the module shows of the event loop library that drives it (see eventLoopLibrary.ts). */
  eventLoopEvidence: Set<string>;
  /** The library decided from that evidence: rules give asyncio advice only where it is asyncio's (or unknown). */
  eventLoop: EventLoopDecision;
}

const MODEL_QUERY = `
(function_definition name: (identifier) @def.name body: (block) @def.body) @def
(decorated_definition (decorator)+ @decorated.decorator definition: (_) @decorated.definition) @decorated
(yield) @yield
(lambda body: (_) @lambda.body) @lambda
(class_definition name: (identifier) @class.name body: (block) @class.body) @class
(call function: (_) @call.callee) @call
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import
(assignment left: (_) @assign.target right: (_) @assign.value) @assign
(assignment left: (_) @assign.target type: (type) @assign.value !right) @assign
(with_item value: (as_pattern (_) @assign.value alias: (as_pattern_target (_) @assign.target))) @assign
(typed_parameter (identifier) @param.name type: (type) @param.type) @param
(typed_default_parameter name: (identifier) @param.name type: (type) @param.type) @param
(comment) @comment
(ERROR) @error
(MISSING) @error
`;

function query(): Query {
  // Compiled once per parser instance: a query of a retired parser cannot run on a new parser's trees.
  return pythonQuery(MODEL_QUERY);
}

export function makeScope(kind: ScopeKind, node: Node, body: Node, parent: Scope | undefined, name?: string): Scope {
  const isAsync = kind === "function" && node.firstChild?.type === "async";
  return { kind, isAsync, node, bodyStart: body.startIndex, bodyEnd: body.endIndex, name, parent, bound: new Set(), types: new Map(), imports: new Map() };
}

/** The innermost scope holding the code at an offset, tracked while captures arrive in document order. */
class ScopeStack {
  private readonly stack: Array<{ scope: Scope; cls?: ClassInfo }>;

  constructor(root: Scope) {
    this.stack = [{ scope: root }];
  }

  /**
   * The scope whose code runs at this offset. Parameters, defaults and decorators of a
   * definition run in the scope around it, so a definition counts only from its body on.
   */
  at(offset: number): { scope: Scope; ownerClass?: ClassInfo; classScope?: Scope } {
    while (this.stack.length > 1 && offset >= this.stack[this.stack.length - 1].scope.bodyEnd) this.stack.pop();
    let innermost = 0;
    for (let i = this.stack.length - 1; i > 0; i--) {
      if (offset >= this.stack[i].scope.bodyStart) {
        innermost = i;
        break;
      }
    }
    let ownerClass: ClassInfo | undefined;
    for (let i = innermost; i >= 0 && !ownerClass; i--) ownerClass = this.stack[i].cls;
    const classScope = this.stack[innermost].cls ? this.stack[innermost].scope : undefined;
    for (let i = innermost; i >= 0; i--) {
      if (this.stack[i].scope.kind !== "class") return { scope: this.stack[i].scope, ownerClass, classScope };
    }
    return { scope: this.stack[0].scope, ownerClass, classScope };
  }

  /** The function or lambda whose parameter list holds this offset. */
  definitionAt(offset: number): Scope | undefined {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const scope = this.stack[i].scope;
      if (scope.kind !== "class" && offset >= scope.node.startIndex && offset < scope.bodyStart) return scope;
    }
    return undefined;
  }

  push(scope: Scope, cls?: ClassInfo): void {
    this.stack.push({ scope, cls });
  }
}

function dottedText(node: Node): string | undefined {
  if (node.type === "identifier") return node.text;
  if (node.type === "dotted_name") return node.namedChildren.map((n) => n!.text).join(".");
  return undefined;
}

/** Binds the names an import statement brings into `scope` (also used by moduleSummary.ts). */
export function recordImport(node: Node, scope: Scope): void {
  const imports = scope.imports;
  const bind = (local: string, binding: ImportBinding) => {
    scope.bound.add(local);
    const previous = imports.get(local);
    const same = previous && previous.module === binding.module && previous.level === binding.level && previous.name === binding.name;
    imports.set(local, previous === undefined || same ? binding : null);
  };
  if (node.type === "import_statement") {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === "dotted_name") {
        const dotted = dottedText(child)!;
        // `import a.b` binds `a`, through which `a.b.f` is reached.
        const first = dotted.split(".")[0];
        bind(first, { module: first, level: 0 });
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name");
        const alias = child.childForFieldName("alias");
        if (name && alias) bind(alias.text, { module: dottedText(name) ?? name.text, level: 0 });
      }
    }
    return;
  }
  if (node.type === "future_import_statement") return;
  const moduleNode = node.childForFieldName("module_name");
  if (!moduleNode) return;
  let level = 0;
  let module = "";
  if (moduleNode.type === "relative_import") {
    for (const child of moduleNode.children) {
      if (!child) continue;
      if (child.type === "import_prefix") level = child.text.length;
      else if (child.type === "dotted_name") module = dottedText(child) ?? "";
    }
  } else {
    module = dottedText(moduleNode) ?? moduleNode.text;
  }
  for (const child of node.childrenForFieldName("name")) {
    if (!child) continue;
    if (child.type === "dotted_name") {
      bind(child.text, { module, level, name: child.text });
    } else if (child.type === "aliased_import") {
      const name = child.childForFieldName("name");
      const alias = child.childForFieldName("alias");
      if (name && alias) bind(alias.text, { module, level, name: name.text });
    }
  }
}

/** Adds every plain name a target binds (`a`, `a, b`, `[a, *b]`) to the scope. */
function bindTargets(target: Node, scope: Scope): void {
  switch (target.type) {
    case "identifier":
      scope.bound.add(target.text);
      return;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "list_splat_pattern":
    case "as_pattern_target":
    case "parenthesized_expression":
    case "expression_list":
    case "tuple":
    case "list":
      for (const child of target.namedChildren) if (child) bindTargets(child, scope);
      return;
    default:
      return;
  }
}

function bindParameters(def: Node, scope: Scope): void {
  const parameters = def.childForFieldName("parameters");
  if (!parameters) return;
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    if (parameter.type === "identifier") scope.bound.add(parameter.text);
    else {
      const name = parameter.childForFieldName("name") ?? parameter.namedChildren.find((c) => c?.type === "identifier");
      if (name) scope.bound.add(name.text);
    }
  }
}

/**
 * Reads a module in one query pass. With `part` (a top-level statement) only that statement is
 * read, as if it were the whole module: the server's incremental analysis merges such parts.
 */
/** A model with a fresh module scope and nothing read into it yet. */
export function emptyModuleModel(tree: Tree, text: string, parts: Node[]): ModuleModel {
  const root = tree.rootNode;
  const moduleScope = makeScope("module", root, root, undefined);
  return {
    tree,
    text,
    parts,
    moduleScope,
    imports: moduleScope.imports,
    asyncFunctions: new Set(),
    syncFunctions: new Set(),
    functions: new Map(),
    classes: new Map(),
    calls: [],
    typedBindings: [],
    comments: [],
    errorRanges: [],
    unterminatedStrings: [],
    eventLoopEvidence: new Set(),
    eventLoop: decideEventLoop(new Set()),
  };
}

export function buildModuleModel(tree: Tree, text: string, part?: Node): ModuleModel {
  const root = tree.rootNode;
  const model = emptyModuleModel(tree, text, [part ?? root]);
  const moduleScope = model.moduleScope;
  const scopes = new ScopeStack(moduleScope);
  const classOf = new Map<Scope, ClassInfo>();
  /** A definition's decorators, by where the definition starts (its `decorated_definition` match comes first). */
  const decoratorsAt = new Map<number, Node[]>();
  /** The facts of each `async def` read, for the yields in its body. */
  const factsOf = new Map<Scope, FunctionFacts>();
  const evidence = model.eventLoopEvidence;
  const unterminated = part ? [] : unterminatedStringRegions(tree, text);
  model.unterminatedStrings = unterminated;
  model.errorRanges.push(...unterminated);
  // Matches carry their own captures by name; sorted by where their main node starts, they
  // arrive in document order, which the scope stack needs.
  const matches = query()
    .matches(part ?? root)
    .map((match) => {
      const byName = new Map<string, Node>();
      for (const capture of match.captures) byName.set(capture.name, capture.node);
      const kind = match.captures.find((c) => !c.name.includes("."))?.name ?? "";
      return { kind, node: byName.get(kind)!, byName, captures: match.captures };
    })
    .filter((m) => m.node && !(unterminated.length > 0 && inRegion(unterminated, m.node.startIndex)))
    .sort((a, b) => a.node.startIndex - b.node.startIndex);
  for (const { kind, node, byName, captures } of matches) {
    switch (kind) {
      case "decorated": {
        const definition = byName.get("decorated.definition");
        const decorators = captures.filter((c) => c.name === "decorated.decorator").map((c) => c.node);
        if (definition) decoratorsAt.set(definition.startIndex, decorators);
        for (const decorator of decorators) {
          const found = decoratorEvidence(decorator);
          if (found) evidence.add(found);
        }
        break;
      }
      case "def": {
        const defName = byName.get("def.name")?.text;
        const body = byName.get("def.body");
        if (!body) break;
        const { scope: outer, classScope } = scopes.at(node.startIndex);
        const scope = makeScope("function", node, body, classScope ?? outer, defName);
        bindParameters(node, scope);
        if (scope.bound.has("anyio_backend")) evidence.add(anyioBackendEvidence("anyio_backend")!);
        if (defName) {
          const cls = classScope ? classOf.get(classScope) : undefined;
          const atModule = !cls && outer === moduleScope;
          if (cls || atModule) {
            // The yields of its body come later in the pass; only a module-level sync def is read as a decorator.
            const facts = functionFacts(node, decoratorsAt.get(node.startIndex) ?? [], atModule, false);
            if (facts.async) factsOf.set(scope, facts);
            addDefinition(cls ? cls.methods : model.functions, defName, facts);
          }
          if (cls) (scope.isAsync ? cls.asyncMethods : cls.syncMethods).add(defName);
          else if (atModule) (scope.isAsync ? model.asyncFunctions : model.syncFunctions).add(defName);
          (classScope ?? outer).bound.add(defName);
          const fixture = anyioBackendEvidence(defName);
          if (fixture) evidence.add(fixture);
        }
        scopes.push(scope);
        break;
      }
      case "yield": {
        const { scope } = scopes.at(node.startIndex);
        const facts = factsOf.get(scope);
        if (facts) facts.generator = true;
        scope.yields = true;
        break;
      }
      case "lambda": {
        const body = byName.get("lambda.body");
        if (!body) break;
        const { scope: outer } = scopes.at(node.startIndex);
        const scope = makeScope("lambda", node, body, outer);
        bindParameters(node, scope);
        scopes.push(scope);
        break;
      }
      case "class": {
        const className = byName.get("class.name")?.text;
        const body = byName.get("class.body");
        if (!body || !className) break;
        const { scope: outer } = scopes.at(node.startIndex);
        const scope = makeScope("class", node, body, outer, className);
        const superclasses = node.childForFieldName("superclasses");
        const bases = superclasses ? superclasses.namedChildren.filter((c) => c && c.type !== "keyword_argument").map((c) => c!.text) : [];
        const info: ClassInfo = { name: className, scope, asyncMethods: new Set(), syncMethods: new Set(), methods: new Map(), assigned: new Set(), bases };
        outer.bound.add(className);
        if (outer === moduleScope) model.classes.set(className, info);
        classOf.set(scope, info);
        scopes.push(scope, info);
        break;
      }
      case "call": {
        const callee = byName.get("call.callee");
        if (!callee) break;
        const { scope, ownerClass } = scopes.at(node.startIndex);
        model.calls.push({ node, callee, scope, ownerClass });
        const found = callEvidence(callee);
        // A runner called inside a coroutine drives nothing (it is AL401's mistake, or a loop of its own).
        if (found && !(scope.isAsync && found.startsWith("runner:"))) evidence.add(found);
        break;
      }
      case "import": {
        const { scope } = scopes.at(node.startIndex);
        recordImport(node, scope);
        for (const found of importEvidence(node)) evidence.add(found);
        break;
      }
      case "assign": {
        const target = byName.get("assign.target");
        const value = byName.get("assign.value");
        if (!target || !value) break;
        const { scope, ownerClass, classScope } = scopes.at(node.startIndex);
        model.typedBindings.push({ target, value, scope, ownerClass });
        // `x: T` alone binds nothing: it only declares what `x` will hold.
        if (value.type === "type") break;
        bindTargets(target, scope);
        if (classScope && node.type === "assignment" && target.type === "identifier") classOf.get(classScope)?.assigned.add(target.text);
        if (target.type === "identifier" && target.text === "pytestmark") for (const found of pytestmarkEvidence(target, value)) evidence.add(found);
        break;
      }
      case "param": {
        const paramName = byName.get("param.name");
        const type = byName.get("param.type");
        if (!paramName || !type) break;
        const { ownerClass } = scopes.at(node.startIndex);
        const owner = scopes.definitionAt(node.startIndex);
        if (owner) model.typedBindings.push({ target: paramName, value: type, scope: owner, ownerClass });
        break;
      }
      case "comment":
        model.comments.push(node);
        break;
      case "error":
        model.errorRanges.push([node.startIndex, node.endIndex]);
        break;
    }
  }
  model.eventLoop = decideEventLoop(evidence);
  return model;
}

export function insideError(model: ModuleModel, start: number, end: number): boolean {
  return model.errorRanges.some(([s, e]) => start < e + 1 && s < end + 1);
}

/** Points the scopes of a statement's own model at the module scope shared by all statements. */
export function rebaseOnto(part: ModuleModel, moduleScope: Scope): void {
  const own = part.moduleScope;
  const fix = (scope: Scope): Scope => {
    if (scope === own) return moduleScope;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.parent === own) {
        s.parent = moduleScope;
        break;
      }
    }
    return scope;
  };
  for (const site of part.calls) site.scope = fix(site.scope);
  for (const binding of part.typedBindings) binding.scope = fix(binding.scope);
  for (const info of part.classes.values()) fix(info.scope);
}
