import type { Tree } from "web-tree-sitter";

export type Region = [start: number, end: number];

/**
 * Where Python reads the text as the inside of a string literal that never closes: not code, so
 * nothing there is read, reported or fixed. A triple-quoted string that never closes runs to the
 * end of the file (python3: "unterminated triple-quoted string literal"); a quoted one to the end
 * of its line ("unterminated string literal"). The half-typed docstring is the common case.
 *
 * tree-sitter does not say so on its own: its scanner finds no closing quote, so it gives up the
 * string, leaves the opening quote as a lone `string_start` token in an ERROR node (or ends a
 * `string` with a MISSING `string_end`) and reads the text after it as code, which its error
 * recovery mostly accepts. What marks it is that token stream: each `string_start` is closed by a
 * `string_end` (strings nest through f-string interpolations), and one left open never closed.
 * A subtree without errors holds whole strings only, so only subtrees holding an error are entered.
 */
export function unterminatedStringRegions(tree: Tree, text?: string): Region[] {
  const root = tree.rootNode;
  if (!root.hasError) return [];
  const open: Array<{ start: number; triple: boolean }> = [];
  const cursor = tree.walk();
  try {
    // Iterative preorder walk: an erroneous tree may be nested deeper than the stack allows.
    for (;;) {
      const type = cursor.nodeType;
      const entered = (type === "ERROR" || cursor.currentNode.hasError) && cursor.gotoFirstChild();
      if (!entered) {
        if (type === "string_start") {
          const quotes = cursor.nodeText;
          open.push({ start: cursor.startIndex, triple: quotes.endsWith('"""') || quotes.endsWith("'''") });
        } else if (type === "string_end" && !cursor.currentNode.isMissing) {
          open.pop();
        }
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return regionsOf(open, root.endIndex, () => text ?? root.text);
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

/** `text` is only asked for when a quoted string ends at its line (a summary has no text but the tree's). */
function regionsOf(open: ReadonlyArray<{ start: number; triple: boolean }>, end: number, text: () => string): Region[] {
  const regions: Region[] = [];
  for (const { start, triple } of open) {
    // Everything after an open triple-quoted string is inside it, later openings included.
    if (triple) return [...regions, [start, end]];
    regions.push([start, lineEnd(text(), start)]);
  }
  return regions;
}

/** Where the line holding `offset` ends (Python ends a line at "\n", "\r\n" or a lone "\r"). */
function lineEnd(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) if (text[i] === "\n" || text[i] === "\r") return i;
  return text.length;
}

/** Whether an offset lies inside one of the regions. */
export function inRegion(regions: readonly Region[], offset: number): boolean {
  return regions.some(([start, end]) => offset >= start && offset < end);
}

/** Whether the text from `start` to `end` reaches into one of the regions. */
export function overlapsRegion(regions: readonly Region[], start: number, end: number): boolean {
  return regions.some(([from, to]) => start < to && from < Math.max(end, start + 1));
}
