import type { Node } from "web-tree-sitter";
import { asyncWithoutAwait } from "../../catalogue/AL502-async-without-await";
import { t } from "../../engine/l10n";
import { asyncDefinitions } from "../asyncDefinitions";
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
 * How the module uses each name: called and awaited at once (`await name(…)`), or any other way
 * (`add_get("/", name)`, `handlers = [name]`, `mock.return_value = name(…)`: a coroutine kept as a value).
 */
interface NameUses {
  awaited: Set<string>;
  asValue: Set<string>;
}

const usesCache = new WeakMap<PythonRuleContext, NameUses>();

function nameUses(context: PythonRuleContext): NameUses {
  let uses = usesCache.get(context);
  if (uses) return uses;
  uses = { awaited: new Set(), asValue: new Set() };
  for (const identifier of context.model.tree.rootNode.descendantsOfType("identifier")) {
    if (!identifier) continue;
    const parent = identifier.parent;
    if (!parent) continue;
    // An attribute's name (`x.name`) or a definition's own name is not a use of the module's name.
    if (parent.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if ((parent.type === "function_definition" || parent.type === "class_definition") && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (parent.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    if (parent.type === "call" && parent.childForFieldName("function")?.id === identifier.id && parent.parent?.type === "await") uses.awaited.add(identifier.text);
    else uses.asValue.add(identifier.text);
  }
  usesCache.set(context, uses);
  return uses;
}

/**
 * AL502 (style): an `async def` that never awaits, reported only with evidence that nothing needs it
 * to be a coroutine function: a module-level function, defined once, undecorated, that the module
 * itself calls and awaits at once (`await name(…)`) and never uses any other way. Left out: methods (an override or a protocol's
 * method must be async whatever its body), nested functions (mostly callbacks), decorated ones (a
 * framework's handler, `asynccontextmanager`, a fixture), async generators (their consumers use
 * `async for`), stubs, and functions the module never calls or passes on (a handler registered
 * elsewhere: on real code nearly every such finding was a web or SSH server's handler).
 */
export const asyncWithoutAwaitRule: PythonRule = {
  meta: asyncWithoutAwait,
  readsWholeModule: true,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const definition of asyncDefinitions(context)) {
      if (definition.method || definition.nested || definition.decorators.length > 0) continue;
      const name = definition.name.text;
      if ((context.model.functions.get(name)?.length ?? 0) !== 1) continue;
      const uses = nameUses(context);
      if (!uses.awaited.has(name) || uses.asValue.has(name)) continue;
      const body = definition.node.childForFieldName("body");
      if (!body || body.namedChildren.every((statement) => !statement || isStubStatement(statement))) continue;
      const inside = checkpointsIn(body);
      if (inside.awaits || inside.yields) continue;
      reports.push({
        node: definition.name,
        message: t(
          "`async def {0}` never awaits: nothing in it needs a coroutine. A plain `def` would do (its callers then drop `await`), unless something requires a coroutine function here.",
          definition.name.text,
        ),
        fixes: [],
      });
    }
    return reports;
  },
};
