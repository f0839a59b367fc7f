import * as fs from "node:fs";
import { describeError } from "./discover";

/**
 * A source read as text. `bom` and `encoding` say how the bytes looked, so that a fix can be
 * written back the way the file was stored (the BOM is stripped from `text`).
 */
export type ReadResult = { ok: true; text: string; bom: boolean; encoding: string } | { ok: false; skipped: boolean; message: string };

/** PEP 263: a coding declaration in a comment on the first or second line. */
function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 400).toString("latin1").split(/\r\n|\n|\r/, 2);
  for (const line of head) {
    const match = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (match) return match[1].toLowerCase();
  }
  return undefined;
}

/**
 * Reads a source file as text: UTF-8 (with or without BOM) or the encoding its coding
 * declaration names. Binary and undecodable files are skipped with a reason, never guessed.
 */
export function readSource(file: string, maxBytes: number): ReadResult {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { ok: false, skipped: false, message: "is a directory" };
    if (stat.size > maxBytes) {
      return { ok: false, skipped: true, message: `not analyzed: the file is ${(stat.size / (1024 * 1024)).toFixed(1)} MB, larger than maxFileSize (${(maxBytes / (1024 * 1024)).toFixed(1)} MB).` };
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, skipped: false, message: describeError(error) };
  }
  return decodeSource(bytes);
}

/** Decodes a source's bytes (from a file or standard input) the way `readSource` does. */
export function decodeSource(bytes: Buffer): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, skipped: true, message: "not analyzed: the file looks binary (it contains NUL bytes)." };
  const encoding = declaredEncoding(bytes) ?? "utf-8";
  try {
    const decoder = new TextDecoder(encoding === "utf8" ? "utf-8" : encoding, { fatal: true, ignoreBOM: true });
    const text = decoder.decode(bytes);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { ok: true, text: bom ? text.slice(1) : text, bom, encoding: decoder.encoding };
  } catch (error) {
    const reason = error instanceof RangeError ? `unknown encoding ${encoding}` : `not valid ${encoding}`;
    return { ok: false, skipped: true, message: `not analyzed: ${reason}.` };
  }
}
