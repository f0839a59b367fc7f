/**
 * Text from the workspace (file names above all) printed to a terminal: control characters are
 * shown as escapes, never sent raw, so a file crafted as `\x1b]0;pwned\x07.py` cannot set the
 * terminal's title, move the cursor or hide lines of the report. Also escaped: bytes of names
 * that are not UTF-8 (see rawFileNames.ts) as `\xNN`, and the bidirectional controls that make a
 * line display in another order than it reads. JSON and SARIF need none of this: their strings
 * are escaped by JSON itself.
 */

// C0 (tab included), DEL, C1, escaped bytes (lone U+DC80…U+DCFF), bidi embeddings, overrides and isolates.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\udc80-\udcff]/gu;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x80) return `\\x${code.toString(16).padStart(2, "0")}`;
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
    return `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
