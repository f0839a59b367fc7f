import { LineIndex } from "./lineIndex";
import type { TextEdit } from "./types";

/**
 * Applies non-overlapping edits to a text. Overlapping edits are a programming error in a
 * fix, so they throw rather than produce a corrupted file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const resolved = edits
    .map((edit, order) => ({
      start: index.offsetAt(edit.range.start),
      end: index.offsetAt(edit.range.end),
      newText: edit.newText,
      order,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = "";
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor) throw new Error("overlapping edits");
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** True when two edit lists touch overlapping text (so they cannot be applied in one pass). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[], text: string): boolean {
  const index = new LineIndex(text);
  const spans = (edits: readonly TextEdit[]) =>
    edits.map((e) => [index.offsetAt(e.range.start), index.offsetAt(e.range.end)] as const);
  for (const [s1, e1] of spans(a)) {
    for (const [s2, e2] of spans(b)) {
      if (s1 < e2 && s2 < e1) return true;
      // Two insertions at the same point would be ordered arbitrarily.
      if (s1 === s2 && (s1 === e1 || s2 === e2)) return true;
    }
  }
  return false;
}
