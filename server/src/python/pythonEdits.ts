import type { Node } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import type { TextEdit } from "../engine/types";
import type { ModuleModel } from "./moduleModel";

/** Node types after which `await x` must be parenthesized because `x` sits in a primary position. */
function inPrimaryPosition(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "attribute":
      return parent.childForFieldName("object")?.id === node.id;
    case "subscript":
      return parent.childForFieldName("value")?.id === node.id;
    case "call":
      return parent.childForFieldName("function")?.id === node.id;
    default:
      return false;
  }
}

/** `await <expression>` as it must be written where `node` stands. */
export function awaitText(node: Node, expressionText: string): string {
  const text = `await ${expressionText}`;
  return inPrimaryPosition(node) ? `(${text})` : text;
}

/** Expressions that may follow `await` without parentheses. */
export function isPrimary(node: Node): boolean {
  return ["call", "identifier", "attribute", "subscript", "parenthesized_expression", "await"].includes(node.type);
}

/** True when adding `await` here would turn a generator expression into an async generator (breaking `list(...)`, `sum(...)`). */
export function insideGeneratorExpression(node: Node, stopAt: Node): boolean {
  for (let n = node.parent; n && n.id !== stopAt.id; n = n.parent) {
    if (n.type === "generator_expression") return true;
  }
  return false;
}

export interface ImportPlan {
  /** The name to write: `asyncio`, or the alias the module already uses. */
  name: string;
  edits: TextEdit[];
}

/** Makes sure `import <module>` is available at module level, reusing an existing import or alias. */
export function ensureModuleImport(model: ModuleModel, lines: LineIndex, module: string): ImportPlan {
  for (const [local, binding] of model.imports) {
    if (binding && binding.level === 0 && binding.module === module && binding.name === undefined && model.moduleScope.bound.has(local)) {
      if (isTopLevelImport(model, local)) return { name: local, edits: [] };
    }
  }
  const eol = lines.eol;
  const statement = `import ${module}`;
  // Leading comments (shebang, encoding cookie, licence) stay first, then the docstring and
  // `from __future__` imports, which must precede any other statement.
  const children = topLevelStatements(model).filter((c) => c.type !== "comment");
  let i = 0;
  let after: Node | undefined;
  if (children[0]?.type === "expression_statement" && children[0].namedChildren[0]?.type === "string") after = children[i++];
  while (children[i]?.type === "future_import_statement") after = children[i++];
  const next = children[i];
  if (next && (next.type === "import_statement" || next.type === "import_from_statement" || !after)) {
    const at = lines.positionAt(lines.lineStart(lines.positionAt(next.startIndex).line));
    const gap = next.type.startsWith("import") ? "" : eol;
    return { name: module, edits: [{ range: { start: at, end: at }, newText: `${statement}${eol}${gap}` }] };
  }
  if (after) {
    const end = lines.positionAt(lines.lineEnd(lines.positionAt(after.endIndex).line));
    return { name: module, edits: [{ range: { start: end, end }, newText: `${eol}${statement}` }] };
  }
  const last = lines.positionAt(lines.text.length);
  const needsBreak = lines.text.length > 0 && !/[\r\n]$/.test(lines.text);
  return { name: module, edits: [{ range: { start: last, end: last }, newText: `${needsBreak ? eol : ""}${statement}${eol}` }] };
}

const topLevel = new WeakMap<ModuleModel, Node[]>();

/**
 * The module's top-level nodes, read once per analysis: every fix that adds an import asks, and
 * reading them per fix made a large file with many findings quadratic (minutes for 2 MB).
 */
function topLevelStatements(model: ModuleModel): Node[] {
  let nodes = topLevel.get(model);
  if (!nodes) {
    nodes = model.tree.rootNode.namedChildren.filter((c): c is Node => c !== null);
    topLevel.set(model, nodes);
  }
  return nodes;
}

function isTopLevelImport(model: ModuleModel, local: string): boolean {
  for (const child of topLevelStatements(model)) {
    if (child.type !== "import_statement") continue;
    for (const name of child.namedChildren) {
      if (!name) continue;
      const bound = name.type === "aliased_import" ? name.childForFieldName("alias")?.text : name.text.split(".")[0];
      if (bound === local) return true;
    }
  }
  return false;
}

/** Replaces a node's text. */
export function replaceNode(lines: LineIndex, node: Node, newText: string): TextEdit {
  return { range: lines.rangeOf(node.startIndex, node.endIndex), newText };
}

/** The text between a call's parentheses, or a lone generator expression argument with its own. */
export function argumentsText(call: Node): string | undefined {
  const args = call.childForFieldName("arguments");
  if (!args) return undefined;
  if (args.type === "generator_expression") return args.text;
  const text = args.text;
  if (!text.startsWith("(") || !text.endsWith(")")) return undefined;
  return text.slice(1, -1);
}
