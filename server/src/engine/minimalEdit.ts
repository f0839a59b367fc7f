import { LineIndex } from "./lineIndex";
import type { TextEdit } from "./types";

/** One edit turning `before` into `after`, covering only the span that differs (keeps the cursor and folding steady). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (before.charCodeAt(start - 1) === 13 || isHighSurrogate(before.charCodeAt(start - 1)))) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  while (endBefore < before.length && (before.charCodeAt(endBefore) === 10 || isLowSurrogate(before.charCodeAt(endBefore))) && endBefore > start) {
    endBefore++;
    endAfter++;
  }
  const lines = new LineIndex(before);
  return { range: lines.rangeOf(start, endBefore), newText: after.slice(start, endAfter) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
