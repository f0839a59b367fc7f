import type { LineIndex } from "./lineIndex";
import type { Range } from "./types";

/**
 * A selection's offsets without the white space around it (a selection of whole lines starts
 * and ends with some, which belongs to no statement); undefined when nothing else is selected.
 */
export function trimmedSelection(lines: LineIndex, selection: Range): { start: number; end: number } | undefined {
  const text = lines.text;
  let start = lines.offsetAt(selection.start);
  let end = lines.offsetAt(selection.end);
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : undefined;
}
