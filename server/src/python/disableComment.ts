import type { Tree } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import { parsePythonComment, parsePythonDirective } from "./suppressionComments";
import type { TextEdit } from "../engine/types";

/**
 * The edit that silences `code` on one line: adds the code to the line's
 * `# asynclint: ignore[...]` comment, or appends such a comment. Undefined when the line ends
 * inside a string, where a comment cannot go, or when the line is already silenced.
 */
export function disableLineEdit(tree: Tree, lines: LineIndex, line: number, code: string): TextEdit | undefined {
  const lineEnd = lines.lineEnd(line);
  const lineStart = lines.lineStart(line);
  let trimmedEnd = lineEnd;
  while (trimmedEnd > lineStart && /[ \t]/.test(lines.text[trimmedEnd - 1])) trimmedEnd--;
  if (trimmedEnd === lineStart) return undefined;
  const last = tree.rootNode.descendantForIndex(trimmedEnd - 1);
  if (last?.type === "comment") {
    const directive = parsePythonDirective(last.text);
    if (directive && directive.scope === "line") {
      if (directive.codes === null || directive.codes.includes(code)) return undefined;
      const bracket = last.text.indexOf("]", last.text.indexOf("ignore["));
      if (bracket < 0) return undefined;
      const at = lines.positionAt(last.startIndex + bracket);
      return { range: { start: at, end: at }, newText: `, ${code}` };
    }
  } else {
    for (let node = last; node; node = node.parent) {
      if ((node.type === "string" || node.type === "concatenated_string") && node.endPosition.row > line) return undefined;
    }
  }
  const at = lines.positionAt(trimmedEnd);
  return { range: { start: at, end: at }, newText: `  # asynclint: ignore[${code}]` };
}

/** A first or second line naming the file's encoding (PEP 263): it must stay there. */
const CODING_LINE = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;

/**
 * The edit that silences `code` in the whole file ("Disable ALxxx for this file"): adds the code to
 * the header's `# asynclint: ignore-file[...]` comment, or writes one above the first line, below a
 * shebang and an encoding line (which must stay first). Undefined when the header already silences it.
 * Above the first line is before the first statement, where `ignore-file` counts (suppressionComments.ts).
 */
export function disableFileEdit(tree: Tree, lines: LineIndex, code: string): TextEdit | undefined {
  for (const child of tree.rootNode.children) {
    if (!child || child.type !== "comment") break;
    const directive = parsePythonComment(child.text).find((d) => d.owner === "asynclint" && d.scope === "file");
    if (!directive) continue;
    if (directive.codes === null || directive.codes.includes(code)) return undefined;
    // Only a list that reads is extended; a malformed or empty one (`ignore-file[]`) is left for AL900 to point at.
    if (!directive.list) continue;
    const at = lines.positionAt(child.startIndex + directive.list.end);
    return { range: { start: at, end: at }, newText: `, ${code}` };
  }
  let line = 0;
  if (lines.lineCount > 0 && lines.lineText(0).startsWith("#!")) line = 1;
  for (const candidate of [0, 1]) if (candidate >= line && candidate < lines.lineCount && CODING_LINE.test(lines.lineText(candidate))) line = candidate + 1;
  const eol = lines.eol;
  // A header that is the whole file, without a last newline (only a shebang): the directive goes after a new one.
  if (line >= lines.lineCount) {
    const end = lines.positionAt(lines.text.length);
    return { range: { start: end, end }, newText: `${eol}# asynclint: ignore-file[${code}]${eol}` };
  }
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `# asynclint: ignore-file[${code}]${eol}` };
}
