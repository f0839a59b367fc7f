import type { Node, Tree } from "web-tree-sitter";
import type { HelperFacts } from "./helperFacts";
import { addDefinition, decoratorsOf, functionFacts, type FunctionFacts } from "./coroutineFunctions";
import { makeScope, recordImport, type ImportBinding, type ModuleModel } from "./moduleModel";
import { inRegion, unterminatedStringRegions } from "./unterminatedStrings";

/** A class as other modules see it. */
export interface ClassSummary {
  asyncMethods: Set<string>;
  syncMethods: Set<string>;
  /** Each method's definitions, by name. */
  methods: Map<string, FunctionFacts[]>;
  /** Names the class body binds by assignment. */
  assigned: Set<string>;
}

/** What another module offers to the modules importing it, kept after its tree is deleted. */
export interface ModuleSummary {
  asyncFunctions: Set<string>;
  syncFunctions: Set<string>;
  /** Each top-level function's definitions (decorators, async generator or not), by name. */
  functions: Map<string, FunctionFacts[]>;
  /** Top-level names bound by an assignment or `with … as`: a function bound again is not what its def says. */
  assigned: Set<string>;
  classes: Map<string, ClassSummary>;
  /** Module-level imports, for names a package re-exports (`from .client import connect`). */
  imports: Map<string, ImportBinding | null>;
  /**
   * What its sync functions and methods pass on to a coroutine calling them (helperFacts.ts), by
   * `f` or `Cls.m`; added by the workspace index, and unset until it reads them. A function of the
   * module's text alone, whichever thread or route reads them.
   */
  blocking?: Map<string, HelperFacts>;
}

/** The summary of a module whose full model was built anyway (the file was analyzed). */
export function summaryOfModel(model: ModuleModel): ModuleSummary {
  const classes = new Map<string, ClassSummary>();
  for (const [name, info] of model.classes) classes.set(name, { asyncMethods: info.asyncMethods, syncMethods: info.syncMethods, methods: info.methods, assigned: info.assigned });
  const imports = new Map<string, ImportBinding | null>();
  for (const [name, binding] of model.imports) if (model.moduleScope.bound.has(name)) imports.set(name, binding);
  const assigned = new Set<string>();
  for (const binding of model.typedBindings) {
    // `x: T` alone declares a type and binds nothing.
    if (binding.scope === model.moduleScope && !binding.ownerClass && binding.target.type === "identifier" && binding.value.type !== "type") assigned.add(binding.target.text);
  }
  return { asyncFunctions: model.asyncFunctions, syncFunctions: model.syncFunctions, functions: model.functions, assigned, classes, imports };
}

type Methods = ClassSummary;

/** Where the walk is: inside a function or lambda body (nothing there is the module's), and the class whose body it is in. */
interface Place {
  inFunction: boolean;
  methods?: Methods;
}

/**
 * The same summary as `summaryOfModel(buildModuleModel(tree))`, without the rest of the model
 * (calls, assignments, comments), for a module that is only imported. It walks the tree but
 * never enters a function's or a lambda's body, where most of the code is and nothing belongs
 * to the module. Scopes are the model's: a definition counts as one only with a name and a
 * body block, and its parameters belong to the place around it. A test compares both on many
 * trees, broken ones included.
 */
export function summarizeTree(tree: Tree): ModuleSummary {
  const root = tree.rootNode;
  const moduleScope = makeScope("module", root, root, undefined);
  const summary: ModuleSummary = { asyncFunctions: new Set(), syncFunctions: new Set(), functions: new Map(), assigned: new Set(), classes: new Map(), imports: moduleScope.imports };
  /** A definition's decorators, by where the definition starts: its `decorated_definition` is visited first. */
  const decoratorsAt = new Map<number, Node[]>();
  /** A name bound by assignment, where the model records a typed binding. */
  const assign = (place: Place, target: Node | null) => {
    if (target?.type !== "identifier" || place.inFunction) return;
    (place.methods ? place.methods.assigned : summary.assigned).add(target.text);
  };
  // What Python reads as the inside of a string that never closes defines nothing, as in the model.
  const unterminated = unterminatedStringRegions(tree);
  // Iterative, not recursive: an imported module may be nested deeper than the stack allows.
  const cursor = tree.walk();
  /** What the node being visited is: `body`, the place inside its scope's body (`skip`: a function's or lambda's). */
  const visit = (place: Place): Place | "skip" | undefined => {
    if (unterminated.length > 0 && inRegion(unterminated, cursor.startIndex)) return undefined;
    const type = cursor.nodeType;
    if (type === "import_statement" || type === "import_from_statement") {
      if (!place.inFunction) recordImport(cursor.currentNode, moduleScope);
      return undefined;
    }
    if (type === "decorated_definition") {
      const node = cursor.currentNode;
      const definition = node.childForFieldName("definition");
      if (definition) decoratorsAt.set(definition.startIndex, decoratorsOf(node));
      return undefined;
    }
    if (type === "assignment") {
      const node = cursor.currentNode;
      if (node.childForFieldName("right")) assign(place, node.childForFieldName("left"));
      return undefined;
    }
    if (type === "with_item" && !place.methods) {
      const value = cursor.currentNode.childForFieldName("value");
      if (value?.type === "as_pattern") assign(place, value.childForFieldName("alias")?.namedChildren[0] ?? null);
      return undefined;
    }
    if (type !== "function_definition" && type !== "class_definition" && type !== "lambda") return undefined;
    const node = cursor.currentNode;
    const body = node.childForFieldName("body");
    if (type === "lambda") return body ? "skip" : undefined;
    const name = node.childForFieldName("name");
    if (body?.type !== "block" || name?.type !== "identifier") return undefined;
    if (type === "function_definition") {
      const isAsync = node.firstChild?.type === "async";
      const atModule = !place.methods && !place.inFunction;
      if (place.methods || atModule) {
        const facts = functionFacts(node, decoratorsAt.get(node.startIndex) ?? [], atModule);
        addDefinition(place.methods ? place.methods.methods : summary.functions, name.text, facts);
      }
      if (place.methods) (isAsync ? place.methods.asyncMethods : place.methods.syncMethods).add(name.text);
      else if (!place.inFunction) (isAsync ? summary.asyncFunctions : summary.syncFunctions).add(name.text);
      return "skip";
    }
    const methods: Methods = { asyncMethods: new Set(), syncMethods: new Set(), methods: new Map(), assigned: new Set() };
    if (!place.inFunction) summary.classes.set(name.text, methods);
    return { inFunction: place.inFunction, methods };
  };
  const frames: Array<{ place: Place; body: Place | "skip" | undefined }> = [];
  /** To the next node after this one's subtree; false at the end of the tree. */
  const advance = (): boolean => {
    while (!cursor.gotoNextSibling()) {
      frames.pop();
      if (frames.length === 0 || !cursor.gotoParent()) return false;
    }
    return true;
  };
  try {
    let place: Place = { inFunction: false };
    walk: for (;;) {
      const body = visit(place);
      if (cursor.gotoFirstChild()) frames.push({ place, body });
      else if (!advance()) break;
      // The place of the node the cursor is on now, passing over the bodies not to enter.
      for (;;) {
        const parent = frames[frames.length - 1];
        if (parent.body === undefined || cursor.currentFieldName !== "body") {
          place = parent.place;
          continue walk;
        }
        if (parent.body !== "skip") {
          place = parent.body;
          continue walk;
        }
        if (!advance()) break walk;
      }
    }
  } finally {
    cursor.delete();
  }
  return summary;
}
