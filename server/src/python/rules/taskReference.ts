import type { Node } from "web-tree-sitter";
import type { CallSite } from "../moduleModel";

/**
 * What becomes of the task a call returns, judged from where the call stands (AL302):
 * - `dropped`: the call is a statement, or only tested for truth (`if create_task(…):`);
 * - `unused-name`: bound to names in a function that nothing reads (a branch's binding included);
 * - `discarded-collection`: it builds a list, set or dict of tasks that is thrown away or bound to a name nothing reads;
 * - `never-iterated`: it stands in a generator expression statement, which never runs;
 * - `used`: anything else (awaited, returned, passed on, stored in an attribute or item, kept in a module or class variable).
 */
export type TaskUse =
  | { kind: "dropped"; statement?: Node }
  | { kind: "unused-name"; statement: Node; name: string }
  | { kind: "discarded-collection" }
  | { kind: "never-iterated" }
  | { kind: "used" };

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
/** Displays that hold what is written in them: `[create_task(…)]`. */
const DISPLAYS = new Set(["list", "set", "tuple", "expression_list"]);
/** Builtins that gather what a generator gives into a collection. */
const COLLECTORS = new Set(["list", "set", "tuple", "frozenset", "sorted"]);

function unparenthesized(node: Node): Node {
  let n = node;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  return n;
}

/** True when a value standing here is only tested for truth and then forgotten. */
function onlyTestedForTruth(node: Node): boolean {
  let n = unparenthesized(node);
  for (;;) {
    const parent = n.parent;
    if (!parent) return false;
    switch (parent.type) {
      case "not_operator":
      case "boolean_operator":
        // `a or create_task(…)` as a value flows on; only a truth test of the whole drops it.
        n = unparenthesized(parent);
        continue;
      case "if_statement":
      case "elif_clause":
      case "while_statement":
        return parent.childForFieldName("condition")?.id === n.id;
      case "assert_statement":
        return parent.namedChildren[0]?.id === n.id;
      case "if_clause":
        // `(x for x in xs if create_task(…))`: the filter of a comprehension.
        return true;
      case "conditional_expression":
        // `a if create_task(…) else b`: the test is the middle operand.
        return parent.namedChildren[1]?.id === n.id;
      default:
        return false;
    }
  }
}

/** The statement a node is the whole value of, when it stands alone as an expression statement. */
function expressionStatement(node: Node): Node | undefined {
  const n = unparenthesized(node);
  const parent = n.parent;
  return parent?.type === "expression_statement" && parent.namedChildCount === 1 ? parent : undefined;
}

/** A plain assignment chain `a = b = value`: its statement and its identifier targets, or undefined when a target is anything else. */
function assignedNames(value: Node): { statement: Node; targets: Node[] } | undefined {
  let n = unparenthesized(value);
  const targets: Node[] = [];
  for (;;) {
    const parent = n.parent;
    if (parent?.type !== "assignment" || parent.childForFieldName("right")?.id !== n.id) break;
    const target = parent.childForFieldName("left");
    if (target?.type !== "identifier") return undefined;
    targets.push(target);
    n = parent;
  }
  if (targets.length === 0) return undefined;
  const statement = n.parent;
  if (statement?.type !== "expression_statement") return undefined;
  // A class body's binding is a class attribute, kept with the class.
  if (statement.parent?.parent?.type === "class_definition") return undefined;
  return { statement, targets };
}

/** Identifiers that name something other than a local variable, or store into it without reading it. */
function neverReads(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "attribute":
      return parent.childForFieldName("attribute")?.id === identifier.id;
    case "keyword_argument":
      return parent.childForFieldName("name")?.id === identifier.id;
    case "assignment":
      return parent.childForFieldName("left")?.id === identifier.id;
    case "function_definition":
    case "class_definition":
      return parent.childForFieldName("name")?.id === identifier.id;
    default:
      return false;
  }
}

/** True when a function reads the name anywhere (nested functions included), or may reach it by other means. */
function readsName(scopeNode: Node, name: string, targets: readonly Node[]): boolean {
  const own = new Set(targets.map((t) => t.id));
  for (const identifier of scopeNode.descendantsOfType("identifier")) {
    if (!identifier || own.has(identifier.id)) continue;
    if (identifier.text === name && !neverReads(identifier)) return true;
    // `locals()` and `vars()` reach every local.
    if ((identifier.text === "locals" || identifier.text === "vars") && identifier.parent?.type === "call") return true;
  }
  for (const declaration of scopeNode.descendantsOfType(["global_statement", "nonlocal_statement"])) {
    if (declaration?.namedChildren.some((n) => n?.text === name)) return true;
  }
  return false;
}

/** What becomes of the value of a collection of tasks (a comprehension, or `list(…)` around a generator). */
function collectionUse(collection: Node, site: CallSite): TaskUse {
  if (expressionStatement(collection)) return { kind: collection.type === "generator_expression" ? "never-iterated" : "discarded-collection" };
  if (collection.type === "generator_expression") {
    // `list(create_task(…) for …)`: the generator is the call's only argument, and the call gives the collection.
    const call = collection.parent;
    const callee = call?.type === "call" ? call.childForFieldName("function") : null;
    if (call && callee?.type === "identifier" && COLLECTORS.has(callee.text) && call.childForFieldName("arguments")?.id === collection.id) {
      return collectionUse(call, site);
    }
    return { kind: "used" };
  }
  const bound = assignedNames(collection);
  if (bound && site.scope.kind === "function" && !bound.targets.some((t) => readsName(site.scope.node, t.text, bound.targets))) return { kind: "discarded-collection" };
  return { kind: "used" };
}

export function taskUse(site: CallSite): TaskUse {
  const call = site.node;
  const statement = expressionStatement(call);
  if (statement) return { kind: "dropped", statement };
  if (onlyTestedForTruth(call)) return { kind: "dropped" };
  const outer = unparenthesized(call);
  // `create_task(…).add_done_callback(cb)` as a statement: the callback is held by the task, nothing holds the task.
  if (outer.parent?.type === "attribute" && outer.parent.childForFieldName("object")?.id === outer.id) {
    const method = outer.parent.childForFieldName("attribute")?.text;
    const methodCall = outer.parent.parent;
    if ((method === "add_done_callback" || method === "set_name") && methodCall?.type === "call" && expressionStatement(methodCall)) return { kind: "dropped" };
  }
  const holder = outer.parent;
  // The element of a comprehension: every task it makes lands in the collection.
  if (holder && COMPREHENSIONS.has(holder.type) && holder.childForFieldName("body")?.id === outer.id) return collectionUse(holder, site);
  if (holder?.type === "pair" && holder.childForFieldName("value")?.id === outer.id && holder.parent?.type === "dictionary_comprehension") return collectionUse(holder.parent, site);
  // `[create_task(…)]` as a statement, and the like.
  if (holder && DISPLAYS.has(holder.type) && expressionStatement(holder)) return { kind: "discarded-collection" };
  // `with create_task(…) as t:` fails (a task is no context manager), and nothing keeps the task.
  if (holder?.type === "with_item" || (holder?.type === "as_pattern" && holder.parent?.type === "with_item" && holder.namedChildren[0]?.id === outer.id)) return { kind: "dropped" };
  const bound = assignedNames(call);
  // Module-level names may be imported elsewhere; only a function's locals are judged.
  if (!bound || site.scope.kind !== "function") return { kind: "used" };
  if (bound.targets.some((t) => readsName(site.scope.node, t.text, bound.targets))) return { kind: "used" };
  return { kind: "unused-name", statement: bound.statement, name: bound.targets.length === 1 ? bound.targets[0].text : "" };
}
