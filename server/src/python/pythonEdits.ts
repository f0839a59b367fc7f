import type { Node } from "web-tree-sitter";
import { containsWord } from "./wordMatch";
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

/** Modules whose import does nothing but bind the name (the standard library's, for the fixes that stop using them). */
const SIDE_EFFECT_FREE_MODULES = new Set(["time"]);

const identifierUses = new WeakMap<ModuleModel, Map<string, number>>();

/**
 * How often each name occurs as an identifier outside import statements, read once per
 * analysis. Attribute names and keyword argument names count too: an over-count only keeps an
 * import that could have gone.
 */
function usesOf(model: ModuleModel, name: string): number {
  let counts = identifierUses.get(model);
  if (!counts) {
    const found = new Map<string, number>();
    const cursor = model.tree.walk();
    for (;;) {
      const node = cursor.currentNode;
      const skip = node.type === "import_statement" || node.type === "import_from_statement" || node.type === "future_import_statement";
      if (node.type === "identifier") found.set(node.text, (found.get(node.text) ?? 0) + 1);
      if (!skip && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) continue;
      let up = false;
      while (cursor.gotoParent()) {
        if (cursor.gotoNextSibling()) {
          up = true;
          break;
        }
      }
      if (!up) break;
    }
    cursor.delete();
    counts = found;
    identifierUses.set(model, counts);
  }
  return counts.get(name) ?? 0;
}

/** True when a string that is not a docstring names the word: a string annotation (`"time.struct_time"`), `__all__`, `getattr(module, "time")`. */
function namedInString(model: ModuleModel, name: string): boolean {
  if (!containsWord(model.tree.rootNode.text, name)) return false;
  const strings = model.tree.rootNode.descendantsOfType("string");
  return strings.some((s) => s !== null && !(s.parent?.type === "expression_statement" && s.parent.namedChildCount === 1) && containsWord(s.text, name));
}

/**
 * The edit that removes the top-level import binding `local`, when the fix replacing `use`
 * (an identifier naming the import) takes away its last use. Undefined when the name has any
 * other use (code, a string annotation, `__all__`), when the import has effects of its own that
 * cannot be known (only modules known to have none are removed), or when the statement is not
 * one plain line of its own (a `;`, a comment after it, a backslash, parentheses).
 */
export function removeImportMadeUnused(model: ModuleModel, lines: LineIndex, local: string, use: Node): TextEdit | undefined {
  if (use.type !== "identifier" || use.text !== local) return undefined;
  const binding = model.imports.get(local);
  if (!binding || binding.level !== 0 || !SIDE_EFFECT_FREE_MODULES.has(binding.module)) return undefined;
  if (usesOf(model, local) !== 1 || namedInString(model, local)) return undefined;
  const bindings = topLevelStatements(model).filter((statement) => importedNames(statement).some((entry) => entry.local === local));
  if (bindings.length !== 1) return undefined;
  const statement = bindings[0];
  const start = lines.positionAt(statement.startIndex);
  const end = lines.positionAt(statement.endIndex);
  const lineText = lines.text.slice(lines.lineStart(start.line), lines.lineEnd(end.line));
  if (start.line !== end.line || lineText.trim() !== statement.text || /[\\(;]/.test(statement.text)) return undefined;
  const names = importedNames(statement);
  if (names.length === 1) {
    // The whole line goes, with its line break.
    const from = lines.positionAt(lines.lineStart(start.line));
    const nextLine = start.line + 1 < lines.lineCount ? lines.positionAt(lines.lineStart(start.line + 1)) : lines.positionAt(lines.lineEnd(start.line));
    return { range: { start: from, end: nextLine }, newText: "" };
  }
  // One name of several: it goes with the comma that joins it to the next name (or the previous one, for the last).
  const index = names.findIndex((entry) => entry.local === local);
  const removed = names[index].node;
  const [from, to] = index < names.length - 1 ? [removed.startIndex, names[index + 1].node.startIndex] : [names[index - 1].node.endIndex, removed.endIndex];
  return { range: lines.rangeOf(from, to), newText: "" };
}

/** The names a top-level import statement binds, with the node of each (`os.path` binds `os`). */
function importedNames(statement: Node): Array<{ local: string; node: Node }> {
  if (statement.type !== "import_statement" && statement.type !== "import_from_statement") return [];
  const moduleName = statement.type === "import_from_statement" ? statement.childForFieldName("module_name") : null;
  const names: Array<{ local: string; node: Node }> = [];
  for (const child of statement.namedChildren) {
    if (!child || child.id === moduleName?.id) continue;
    if (child.type === "aliased_import") {
      const alias = child.childForFieldName("alias");
      if (alias) names.push({ local: alias.text, node: child });
    } else if (child.type === "dotted_name") {
      names.push({ local: statement.type === "import_statement" ? child.text.split(".")[0] : child.text, node: child });
    } else if (child.type === "wildcard_import") {
      return [];
    }
  }
  return names;
}

/**
 * Makes one fix's edits safe to send together: an insertion at the start of a range another edit
 * deletes (`import asyncio` added where `import time` goes) becomes that edit's new text, since
 * an editor may apply two edits at one point in either order.
 */
export function mergeInsertIntoDeletion(edits: TextEdit[]): TextEdit[] {
  const out = [...edits];
  for (let i = 0; i < out.length; i++) {
    const insert = out[i];
    if (insert.range.start.line !== insert.range.end.line || insert.range.start.character !== insert.range.end.character) continue;
    const j = out.findIndex(
      (edit, k) => k !== i && edit.newText === "" && edit.range.start.line === insert.range.start.line && edit.range.start.character === insert.range.start.character,
    );
    if (j < 0) continue;
    out[j] = { range: out[j].range, newText: insert.newText };
    out.splice(i, 1);
    i = -1;
  }
  return out;
}
