import type { Tree } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import { parsePythonDirective } from "./suppressionComments";
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
