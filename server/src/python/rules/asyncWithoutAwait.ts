import type { Node } from "web-tree-sitter";
import { asyncWithoutAwait } from "../../catalogue/AL502-async-without-await";
import { t } from "../../engine/l10n";
import { asyncDefinitions, type AsyncDefinition } from "../asyncDefinitions";
import { checkpointsIn } from "../checkpoints";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";

/** A statement of a body that only declares it: a docstring, `...`, `pass`, a `raise` (`NotImplementedError`). */
function isStubStatement(statement: Node): boolean {
  if (statement.type === "comment" || statement.type === "pass_statement" || statement.type === "raise_statement") return true;
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1) return false;
  const value = statement.namedChildren[0];
  return value?.type === "string" || value?.type === "ellipsis";
}

/**
 * How the module uses each name, as a bare name (`render(…)`) or as an attribute (`self.render(…)`,
 * `views.health`): called and awaited at once (`await name(…)`) or iterated at once (`async for x in
 * name(…)`), or any other way (`add_get("/", name)`, `handlers = [name]`, `create_task(name())`,
 * `mock.return_value = name(…)`: the function or its coroutine kept as a value, handed on, registered).
 */
interface NameUses {
  consumed: Set<string>;
  asValue: Set<string>;
  attributesAsValue: Set<string>;
  /** Names written as a base class anywhere in the module (`class Fake(Base)` makes `Base` an interface). */
  bases: Set<string>;
}

const usesCache = new WeakMap<PythonRuleContext, NameUses>();

/** True when `node` (a name or attribute) is the callee of a call awaited or iterated with `async for` right there. */
function consumedAtOnce(node: Node): boolean {
  const call = node.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.id !== node.id) return false;
  const user = call.parent;
  if (user?.type === "await") return true;
  return (user?.type === "for_statement" || user?.type === "for_in_clause") && user.childForFieldName("right")?.id === call.id && user.children.some((child) => child?.type === "async");
}

function nameUses(context: PythonRuleContext): NameUses {
  let uses = usesCache.get(context);
  if (uses) return uses;
  uses = { consumed: new Set(), asValue: new Set(), attributesAsValue: new Set(), bases: new Set() };
  const root = context.model.tree.rootNode;
  for (const identifier of root.descendantsOfType("identifier")) {
    if (!identifier) continue;
    const parent = identifier.parent;
    if (!parent) continue;
    if (parent.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) {
      if (!consumedAtOnce(parent)) uses.attributesAsValue.add(identifier.text);
      continue;
    }
    // A definition's own name, or a keyword argument's name, is not a use of the module's name.
    if ((parent.type === "function_definition" || parent.type === "class_definition") && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (parent.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (consumedAtOnce(identifier)) uses.consumed.add(identifier.text);
    else uses.asValue.add(identifier.text);
  }
  for (const definition of root.descendantsOfType("class_definition")) {
    for (const base of definition?.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (base?.type === "identifier") uses.bases.add(base.text);
      else if (base?.type === "attribute") uses.bases.add(base.childForFieldName("attribute")?.text ?? "");
    }
  }
  usesCache.set(context, uses);
  return uses;
}

/** The class a method is defined in, read from the tree (`def` inside the class body's block). */
function classOf(definition: AsyncDefinition): Node | undefined {
  const owner = definition.node.parent?.type === "decorated_definition" ? definition.node.parent : definition.node;
  const classNode = owner.parent?.type === "block" ? owner.parent.parent : undefined;
  return classNode?.type === "class_definition" ? classNode : undefined;
}

/**
 * A method that may have to be async whatever its body, as Ruff's RUF029 takes every method to be.
 * Only a private helper (`_name`) of a class with no base and no subclass in the module is read: on
 * real code, public methods of classes without bases were hooks documented for overriding (a
 * client's `on_error`, a translator's `translate`) or one side of a duck-typed interface (two
 * transports' `readexactly`, a partial state's `query_members`), all of which must stay async.
 * Dunders (`__aenter__`, `__anext__`) are the protocol's; a name another class of the module also
 * defines is an interface.
 */
function mayBeAnInterface(definition: AsyncDefinition, uses: NameUses, context: PythonRuleContext): boolean {
  const name = definition.name.text;
  if (!name.startsWith("_") || name.startsWith("__")) return true;
  const classNode = classOf(definition);
  if (!classNode) return true;
  if ((classNode.childForFieldName("superclasses")?.namedChildren ?? []).some((base) => base !== null && base.type !== "comment" && base.text !== "object")) return true;
  const className = classNode.childForFieldName("name")?.text ?? "";
  if (uses.bases.has(className)) return true;
  return [...context.model.classes.values()].some((info) => info.name !== className && info.methods.has(name));
}

/**
 * AL502 (style, opt-in), close to Ruff's RUF029: an `async def` with no `await`, `async for`, `async
 * with` or async comprehension in its own body (nested defs do not count; a `yield` does not need
 * async either), left out only where something may require a coroutine function or an async
 * generator whatever the body does: decorated functions (framework handlers, `asynccontextmanager`,
 * fixtures), names the module hands on or keeps as values (registered as a callback, in a list,
 * `create_task(f())`, `asyncio.run(main())`, a mock's `return_value`), names defined more than once,
 * methods that may belong to an interface (see `mayBeAnInterface`), stubs, and public module-level
 * functions the module never calls. That last one is where we differ from RUF029, on evidence: on ten
 * real projects every such finding was used by another module as a coroutine function (a web
 * handler registered in the app's main module, one platform's variant of a function another
 * platform's module implements with awaits, a test stub patched in for `asyncio.create_subprocess_exec`).
 * A private module-level function (`_name`) is not meant for other modules and is read like the rest.
 */
export const asyncWithoutAwaitRule: PythonRule = {
  meta: asyncWithoutAwait,
  readsWholeModule: true,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const definition of asyncDefinitions(context)) {
      const name = definition.name.text;
      if (definition.decorators.length > 0) continue;
      const uses = nameUses(context);
      if (definition.method) {
        if (mayBeAnInterface(definition, uses, context) || uses.attributesAsValue.has(name) || uses.asValue.has(name)) continue;
      } else if (uses.asValue.has(name)) {
        continue;
      } else if (!definition.nested) {
        if ((context.model.functions.get(name)?.length ?? 0) !== 1) continue;
        if (!name.startsWith("_") && !uses.consumed.has(name)) continue;
      }
      const body = definition.node.childForFieldName("body");
      if (!body || body.namedChildren.every((statement) => !statement || isStubStatement(statement))) continue;
      const inside = checkpointsIn(body);
      if (inside.awaits) continue;
      reports.push({
        node: definition.name,
        message: inside.yields
          ? t(
              "`async def {0}` never awaits: nothing in it needs an async generator. A plain generator would do (its callers then iterate it with `for`), unless something requires an async iterator here.",
              name,
            )
          : t(
              "`async def {0}` never awaits: nothing in it needs a coroutine. A plain `def` would do (its callers then drop `await`), unless something requires a coroutine function here.",
              name,
            ),
        fixes: [],
      });
    }
    return reports;
  },
};
