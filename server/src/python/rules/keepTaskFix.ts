import type { Node } from "web-tree-sitter";
import type { Fix, TextEdit } from "../../engine/types";
import { fixable, type PythonRuleContext } from "../pythonRule";
import { containsWord } from "../wordMatch";

/** The name the fix gives the module's set of running tasks, when the module has none. */
const SET_NAME = "_background_tasks";

/** True when the name occurs as a word anywhere in the text: a fresh name must not. */
function occurs(text: string, name: string): boolean {
  return containsWord(text, name);
}

function freshName(text: string, base: string): string {
  if (!occurs(text, base)) return base;
  for (let i = 1; ; i++) if (!occurs(text, `${base}_${i}`)) return `${base}_${i}`;
}

/** The module-level `_background_tasks = set()` an earlier fix wrote (its name, used for discarding finished tasks). */
function existingSet(context: PythonRuleContext): { name: string; statement: Node } | undefined {
  for (const statement of context.model.tree.rootNode.namedChildren) {
    const assignment = statement?.type === "expression_statement" ? statement.namedChildren[0] : null;
    if (!statement || assignment?.type !== "assignment" || statement.hasError) continue;
    const target = assignment.childForFieldName("left");
    const value = assignment.childForFieldName("right");
    if (target?.type !== "identifier" || value?.type !== "call" || value.text.replace(/\s+/g, "") !== "set()") continue;
    const name = target.text;
    // Only a set this fix wrote: adding tasks to a set of the program's own would change what its other users see (a shutdown that awaits or cancels them).
    if (!(name === SET_NAME || (name.startsWith(`${SET_NAME}_`) && /^\d+$/.test(name.slice(SET_NAME.length + 1)))) || !context.model.text.includes(`${name}.discard`)) continue;
    const bindings = context.model.typedBindings.filter((b) => b.scope === context.model.moduleScope && b.target.type === "identifier" && b.target.text === name);
    if (bindings.length === 1 && !context.model.imports.has(name)) return { name, statement };
  }
  return undefined;
}

/** Where a new module-level statement goes: after the imports at the top (else after the docstring and `__future__` imports, else first). */
function moduleInsertion(context: PythonRuleContext): { offset: number; before: string; after: string } {
  const eol = context.lines.eol;
  const statements = context.model.tree.rootNode.namedChildren.filter((n): n is Node => n !== null);
  let anchor: Node | undefined;
  let i = 0;
  const first = statements.find((s) => s.type !== "comment");
  if (first?.type === "expression_statement" && first.namedChildren[0]?.type === "string") anchor = first;
  for (; i < statements.length; i++) {
    const s = statements[i];
    if (s === first && anchor) continue;
    if (s.type === "comment") continue;
    if (s.type !== "import_statement" && s.type !== "import_from_statement" && s.type !== "future_import_statement") break;
    anchor = s;
  }
  if (anchor) {
    const end = context.lines.lineEnd(context.lines.positionAt(anchor.endIndex).line);
    return { offset: end, before: `${eol}${eol}`, after: "" };
  }
  // No head: before the first statement's line (after a shebang or licence comment).
  const next = statements.find((s) => s.type !== "comment");
  const offset = next ? context.lines.lineStart(context.lines.positionAt(next.startIndex).line) : context.model.text.length;
  return { offset, before: "", after: `${eol}${eol}` };
}

function insertAt(context: PythonRuleContext, offset: number, text: string): TextEdit {
  const at = context.lines.positionAt(offset);
  return { range: { start: at, end: at }, newText: text };
}

export interface KeepTask {
  /** The statement that makes the task: the call itself as a statement, or `name = call`. */
  statement: Node;
  /** The name the task is bound to; undefined when the call is a statement of its own. */
  name?: string;
  /** The function whose locals the statement binds (a fresh name must not clash with them). */
  functionNode: Node;
  safe: boolean;
  /** The fix's title, given the set's name. */
  title: (set: string) => string;
}

/**
 * The documented asyncio idiom, written into the code: the task goes into a module-level set and
 * takes itself out when done (`add_done_callback(set.discard)`). Offered for a statement of its own
 * line in a block: the lines it adds go below it with its indentation.
 */
export function keepTaskFix(context: PythonRuleContext, keep: KeepTask): Fix | undefined {
  const { statement } = keep;
  const lines = context.lines;
  if (statement.parent?.type !== "block" || !fixable(context, statement)) return undefined;
  const start = lines.positionAt(statement.startIndex);
  const endLine = lines.positionAt(statement.endIndex).line;
  const lineText = lines.lineText(start.line);
  const indent = lineText.slice(0, start.character);
  if (indent.trim() !== "") return undefined;
  // Nothing but a comment may follow it on its last line (no `; other()`).
  const rest = context.model.text.slice(statement.endIndex, lines.lineEnd(endLine));
  if (rest.trim() !== "" && !rest.trim().startsWith("#")) return undefined;
  const eol = lines.eol;
  const edits: TextEdit[] = [];
  const found = existingSet(context);
  let set: string;
  if (found) {
    set = found.name;
    // The fix reads that statement: carrying it unchanged makes the editor's statement cache treat the fix as depending on it.
    edits.push({ range: lines.rangeOf(found.statement.startIndex, found.statement.endIndex), newText: found.statement.text });
  } else {
    set = freshName(context.model.text, SET_NAME);
    const at = moduleInsertion(context);
    edits.push(insertAt(context, at.offset, `${at.before}${set} = set()${at.after}`));
  }
  let name = keep.name;
  if (name === undefined) {
    name = freshName(keep.functionNode.text, "task");
    edits.push(insertAt(context, statement.startIndex, `${name} = `));
  }
  // After a trailing comment, so that it stays on the statement's line.
  const tail = rest.trim().startsWith("#") ? lines.lineEnd(endLine) : statement.endIndex;
  edits.push(insertAt(context, tail, `${eol}${indent}${set}.add(${name})${eol}${indent}${name}.add_done_callback(${set}.discard)`));
  return { title: keep.title(set), edits, safe: keep.safe };
}
