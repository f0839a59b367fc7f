/**
 * File names that are not valid UTF-8 (possible on Linux, where a name is any bytes). Node turns
 * such a name into a string with U+FFFD in place of the bad bytes, which names no file, so it
 * could never be opened again. Here, as in Python's `surrogateescape`, each byte that is not part
 * of valid UTF-8 becomes the lone surrogate U+DC80…U+DCFF: the name stays a string (it sorts,
 * crosses worker threads and prints like any other), and `toFsPath` turns it back into the exact
 * bytes for the file system. Valid UTF-8 never decodes to a lone surrogate, so nothing is ambiguous.
 */

const ESCAPED = /[\udc80-\udcff]/u;

/** The name a directory entry's bytes spell: plain UTF-8 when valid, bad bytes escaped. */
export function nameFromBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    // Decoded sequence by sequence below.
  }
  let name = "";
  for (let i = 0; i < buffer.length; ) {
    const length = validSequenceLength(buffer, i);
    if (length > 0) {
      name += buffer.toString("utf8", i, i + length);
      i += length;
    } else {
      name += String.fromCharCode(0xdc00 + buffer[i]);
      i++;
    }
  }
  return name;
}

/** The length of the valid UTF-8 sequence starting at `at`, or 0 when the byte there starts none. */
function validSequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at];
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    // No overlong forms, no encoded surrogates.
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (at + length > bytes.length) return 0;
  if (bytes[at + 1] < low || bytes[at + 1] > high) return 0;
  for (let k = 2; k < length; k++) if (bytes[at + k] < 0x80 || bytes[at + k] > 0xbf) return 0;
  return length;
}

/** Whether the name holds escaped bytes (it was not valid UTF-8 on disk). */
export function hasEscapedBytes(name: string): boolean {
  return ESCAPED.test(name);
}

/** What to hand to `fs` for a name: the string itself, or its exact bytes when it holds escaped ones. */
export function toFsPath(name: string): string | Buffer {
  if (!hasEscapedBytes(name)) return name;
  const parts: Buffer[] = [];
  let plain = "";
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      if (plain) parts.push(Buffer.from(plain, "utf8"));
      plain = "";
      parts.push(Buffer.of(code - 0xdc00));
    } else plain += char;
  }
  if (plain) parts.push(Buffer.from(plain, "utf8"));
  // Node's fs takes a Buffer wherever it takes a path.
  return Buffer.concat(parts);
}
