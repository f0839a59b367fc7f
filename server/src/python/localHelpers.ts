import type { Node } from "web-tree-sitter";
import { resolveHelper, MAX_HOPS, type ResolvedHelper } from "./helperChains";
import type { LineIndex } from "../engine/lineIndex";
import { helperFactsOfModel, singlePlainDefinition, type HelperFacts } from "./helperFacts";
import { buildModuleModel, rebaseOnto, type ModuleModel, type Scope } from "./moduleModel";
import type { PythonWorkspace } from "./workspace";

/** The name a top-level statement defines as a function or class, if it is one. */
function definedName(statement: Node): string | undefined {
  const definition = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
  if (definition?.type !== "function_definition" && definition?.type !== "class_definition") return undefined;
  return definition.childForFieldName("name")?.text;
}

/**
 * The helpers of the module being analyzed, followed to what they block on. Each helper's facts are
 * read from a model of its own top-level statement, over the module's names (imports, definitions,
 * module variables): the same whether the module is analyzed whole or statement by statement, so
 * the incremental analysis gives what a fresh one gives. Only a helper a coroutine calls is read.
 */
export class LocalHelpers {
  private readonly factsByStatement = new Map<number, Map<string, HelperFacts>>();
  private readonly resolved = new Map<string, ResolvedHelper | null>();
  private statements: Map<string, Node | null> | undefined;
  private assignedAtTop: Set<string> | undefined;

  constructor(
    private readonly model: ModuleModel,
    private readonly filePath: string | undefined,
    private readonly workspace: PythonWorkspace | undefined,
    private readonly lines: LineIndex,
  ) {}

  /** What calling the helper `f` / `Cls.m` (`Cls.__init__`: constructing it) may block on, or undefined. */
  helper(key: string, depth = 0): ResolvedHelper | undefined {
    if (depth > MAX_HOPS) return undefined;
    if (this.resolved.has(key)) return this.resolved.get(key) ?? undefined;
    // A cycle: while being followed, the helper leads nowhere through itself.
    this.resolved.set(key, null);
    const facts = this.plain(key) ? this.factsOf(key) : undefined;
    const resolved = facts
      ? resolveHelper(key, facts, undefined, (target) => {
          if ("local" in target) return this.helper(target.local, depth + 1);
          return this.workspace?.helper?.(this.filePath, target.external);
        })
      : undefined;
    const useful = resolved && resolved.steps.length > 0 ? resolved : undefined;
    this.resolved.set(key, useful ?? null);
    return useful;
  }

  /** Defined once, as a sync def under decorators that keep its body running where it is called, and bound to nothing else. */
  private plain(key: string): boolean {
    const model = this.model;
    const [name, method] = key.split(".");
    const kinds = [model.asyncFunctions.has(name), model.syncFunctions.has(name), model.classes.has(name), model.imports.has(name)].filter(Boolean).length;
    if (kinds !== 1 || this.assigned().has(name)) return false;
    const cls = method === undefined ? undefined : model.classes.get(name);
    if (method !== undefined && (!cls || cls.assigned.has(method))) return false;
    const definitions = method === undefined ? model.functions.get(name) : cls?.methods.get(method);
    return singlePlainDefinition(definitions);
  }

  private assigned(): Set<string> {
    if (!this.assignedAtTop) {
      this.assignedAtTop = new Set();
      for (const binding of this.model.typedBindings) {
        if (binding.scope === this.model.moduleScope && !binding.ownerClass && binding.target.type === "identifier" && binding.value.type !== "type") this.assignedAtTop.add(binding.target.text);
      }
    }
    return this.assignedAtTop;
  }

  private factsOf(key: string): HelperFacts | undefined {
    const statement = this.statementDefining(key.split(".")[0]);
    // A statement the model read already (a whole module's, or one the incremental analysis re-reads) is read as its own model would read it
    // (the incremental analysis's tests compare both): the model's facts serve, and for a whole module they are the ones its summary gives importers.
    const model = this.model;
    const root = model.tree.rootNode.id;
    if (statement && model.parts.some((part) => part.id === root || part.id === statement.id)) return helperFactsOfModel(model, this.lines).get(key);
    if (!statement) return undefined;
    let facts = this.factsByStatement.get(statement.id);
    if (!facts) this.factsByStatement.set(statement.id, (facts = helperFactsOfModel(this.statementModel(statement), this.lines)));
    return facts.get(key);
  }

  /** The one top-level statement defining the name (none when a def sits in an `if`/`try`, or there are two). */
  private statementDefining(name: string): Node | undefined {
    if (!this.statements) {
      this.statements = new Map();
      for (const statement of this.model.tree.rootNode.namedChildren) {
        const defined = statement ? definedName(statement) : undefined;
        if (defined !== undefined) this.statements.set(defined, this.statements.has(defined) ? null : statement);
      }
    }
    return this.statements.get(name) ?? undefined;
  }

  /** A model of one statement's code over the module's names: its calls and bindings, the module's imports, definitions and module variables. */
  private statementModel(statement: Node): ModuleModel {
    const model = this.model;
    const part = buildModuleModel(model.tree, model.text, statement);
    // A scope of its own: what the helper pass learns of module variables' types stays out of the analysis's.
    const moduleScope: Scope = { ...model.moduleScope, types: new Map() };
    rebaseOnto(part, moduleScope);
    // Module variables from the whole module; a class body's bindings (`self.x` types) from the statement's own classes.
    const moduleBindings = model.typedBindings.filter((binding) => binding.scope === model.moduleScope && !binding.ownerClass).map((binding) => ({ ...binding, scope: moduleScope }));
    const own = part.typedBindings.filter((binding) => binding.scope !== moduleScope || binding.ownerClass !== undefined);
    return {
      ...model,
      parts: [statement],
      moduleScope,
      calls: part.calls,
      typedBindings: [...moduleBindings, ...own],
    };
  }
}
