import type { Node } from "web-tree-sitter";
import type { PythonRuleContext } from "./pythonRule";

/** An `async def` of the module, as the rules about definitions see it. */
export interface AsyncDefinition {
  node: Node;
  name: Node;
  /** Its decorators' expressions as written (`app.get("/")`, `staticmethod`). */
  decorators: Node[];
  /** Defined directly in a class body. */
  method: boolean;
  /** Defined inside another function (a closure, often a callback handed on). */
  nested: boolean;
}

const cache = new WeakMap<PythonRuleContext, AsyncDefinition[]>();

/** Statements and blocks hold definitions; expressions do not, so they are not walked. */
function holdsDefinitions(node: Node): boolean {
  return node.type === "module" || node.type === "block" || node.type === "decorated_definition" || node.type.endsWith("_statement") || node.type.endsWith("_clause");
}

function decoratorsOf(definition: Node): Node[] {
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent : undefined;
  return (decorated?.namedChildren ?? [])
    .filter((d): d is Node => d?.type === "decorator")
    .map((d) => d.namedChildren.find((c) => c?.type !== "comment"))
    .filter((d): d is Node => d !== null && d !== undefined);
}

function walk(node: Node, inFunction: boolean, inClassBody: boolean, found: AsyncDefinition[]): void {
  if (node.type === "function_definition") {
    const name = node.childForFieldName("name");
    if (node.firstChild?.type === "async" && name) found.push({ node, name, decorators: decoratorsOf(node), method: inClassBody, nested: inFunction });
    const body = node.childForFieldName("body");
    for (const child of body?.namedChildren ?? []) if (child) walk(child, true, false, found);
    return;
  }
  if (node.type === "class_definition") {
    const body = node.childForFieldName("body");
    for (const child of body?.namedChildren ?? []) if (child) walk(child, inFunction, true, found);
    return;
  }
  if (!holdsDefinitions(node)) return;
  for (const child of node.namedChildren) if (child) walk(child, inFunction, inClassBody, found);
}

/** Every `async def` in the code the model read (the whole module, or the top-level statements an edit touched), in document order. */
export function asyncDefinitions(context: PythonRuleContext): AsyncDefinition[] {
  let found = cache.get(context);
  if (found) return found;
  found = [];
  for (const part of context.model.parts) walk(part, false, false, found);
  cache.set(context, found);
  return found;
}
