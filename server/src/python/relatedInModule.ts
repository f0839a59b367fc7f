import type { Node, Tree } from "web-tree-sitter";
import type { RawFinding, RelatedInModule } from "../engine/analyze";
import type { LineIndex } from "../engine/lineIndex";

function definitionOf(statement: Node | null): Node | null {
  return statement?.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
}

/** The one definition named `name` among these statements (a module's or a class body's). */
function uniqueDefinition(statements: readonly (Node | null)[], name: string): Node | undefined {
  let found: Node | undefined;
  for (const statement of statements) {
    const definition = definitionOf(statement);
    if ((definition?.type !== "function_definition" && definition?.type !== "class_definition") || definition.childForFieldName("name")?.text !== name) continue;
    if (found) return undefined;
    found = definition;
  }
  return found;
}

/** The helper's def (`f`, `Cls.m`) in the current tree. */
function helperDefinition(tree: Tree, key: string): Node | undefined {
  const [name, method] = key.split(".");
  const top = uniqueDefinition(tree.rootNode.namedChildren, name);
  if (!top || method === undefined) return top?.type === "function_definition" ? top : undefined;
  const body = top.type === "class_definition" ? top.childForFieldName("body") : null;
  const found = body ? uniqueDefinition(body.namedChildren, method) : undefined;
  return found?.type === "function_definition" ? found : undefined;
}

/** The `nth` call written `call` in the def's own body (not in a nested def, lambda or class). */
function callInBody(definition: Node, place: RelatedInModule): Node | undefined {
  const body = definition.childForFieldName("body");
  if (!body) return undefined;
  let seen = 0;
  for (const call of body.descendantsOfType("call")) {
    if (!call) continue;
    let own = true;
    for (let parent = call.parent; parent && parent.id !== definition.id; parent = parent.parent) {
      if (parent.type === "function_definition" || parent.type === "lambda" || parent.type === "class_definition") {
        own = false;
        break;
      }
    }
    if (!own || call.childForFieldName("function")?.text.replace(/\s+/g, "") !== place.call) continue;
    if (seen++ === place.nth) return call;
  }
  return undefined;
}

/**
 * Turns the places in the module a finding names by helper and call into ranges of the final
 * text. Done last, after the incremental analysis kept some statements' findings: the helper may
 * have moved since they were computed.
 */
export function placeRelatedInModule(findings: RawFinding[], tree: Tree, lines: LineIndex): RawFinding[] {
  if (!findings.some((finding) => finding.relatedInModule)) return findings;
  return findings.map((finding) => {
    if (!finding.relatedInModule) return finding;
    const { relatedInModule, ...rest } = finding;
    const placed = relatedInModule.flatMap((place) => {
      const definition = helperDefinition(tree, place.helper);
      const call = definition ? callInBody(definition, place) : undefined;
      return call ? [{ range: lines.rangeOf(call.startIndex, call.endIndex), message: place.message }] : [];
    });
    return placed.length > 0 ? { ...rest, related: [...(rest.related ?? []), ...placed] } : rest;
  });
}
