import { megabytes, readRegularFile, snapshotOf, type FileSnapshot } from "../engine/readBounded";
import { lookupPythonCodec, type Decoder } from "./pythonCodecs";

/**
 * A source read as text. `bom` and `encoding` say how the bytes looked, so that a fix can be
 * written back the way the file was stored (the BOM is stripped from `text`). `snapshot` (files
 * only, not standard input) is what the file looked like when read: `--fix` replaces it only if
 * it still looks so.
 */
export type ReadResult = { ok: true; text: string; bom: boolean; encoding: string; snapshot?: FileSnapshot } | { ok: false; skipped: boolean; message: string };

/** A comment that is, as Python reads it, a PEP 263 coding declaration (tokenize.cookie_re). */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
/** A line after which a coding declaration on line 2 still counts (tokenize.blank_re). */
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;

/** PEP 263: a coding declaration on the first line, or on the second after a blank or comment line. */
function declaredEncoding(bytes: Buffer): string | undefined {
  // After the BOM, as Python reads it.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const [first, second] = bytes.subarray(start, start + 400).toString("latin1").split(/\r\n|\n|\r/, 2);
  const onFirst = CODING.exec(first ?? "");
  if (onFirst) return onFirst[1];
  if (second === undefined || !BLANK_OR_COMMENT.test(first)) return undefined;
  return CODING.exec(second)?.[1];
}

/**
 * Reads a source file as text: UTF-8 (with or without BOM) or the encoding its coding
 * declaration names. Only a regular file of at most `maxBytes` is read (see readBounded.ts);
 * binary and undecodable files are skipped with a reason, never guessed.
 */
export function readSource(file: string, maxBytes: number): ReadResult {
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) {
    switch (read.problem) {
      case "too-large":
        return { ok: false, skipped: true, message: `not analyzed: the file is ${megabytes(read.size ?? 0)}, larger than maxFileSize (${megabytes(maxBytes)}).` };
      case "special":
        return { ok: false, skipped: true, message: `not analyzed: ${read.message}.` };
      default:
        return { ok: false, skipped: false, message: read.message };
    }
  }
  const decoded = decodeSource(read.bytes);
  return decoded.ok ? { ...decoded, snapshot: snapshotOf(read) } : decoded;
}

/** Decodes a source's bytes (from a file or standard input) the way `readSource` does. */
export function decodeSource(bytes: Buffer): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, skipped: true, message: "not analyzed: the file looks binary (it contains NUL bytes)." };
  const declared = declaredEncoding(bytes);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let decoder: Decoder = { kind: "whatwg", label: "utf-8" };
  if (declared !== undefined) {
    const codec = lookupPythonCodec(declared);
    if (!codec.ok) {
      const reason = codec.known ? `the encoding ${declared} is not one asynclint can decode` : `unknown encoding ${declared}`;
      return { ok: false, skipped: true, message: `not analyzed: ${reason}.` };
    }
    // Python: "encoding problem: X with BOM".
    if (hasBom && codec.codec !== "utf_8" && codec.codec !== "utf_8_sig") {
      return { ok: false, skipped: true, message: `not analyzed: the file starts with a UTF-8 byte order mark but declares ${declared}.` };
    }
    decoder = codec.decoder;
  }
  const text = decode(bytes, decoder);
  if (text === undefined) return { ok: false, skipped: true, message: `not analyzed: not valid ${declared ?? "utf-8"}.` };
  const bom = text.charCodeAt(0) === 0xfeff && decoder.kind === "whatwg" && decoder.label === "utf-8";
  return { ok: true, text: bom ? text.slice(1) : text, bom, encoding: encodingName(decoder) };
}

function decode(bytes: Buffer, decoder: Decoder): string | undefined {
  switch (decoder.kind) {
    case "latin1":
      return bytes.toString("latin1");
    case "ascii":
      return bytes.some((byte) => byte > 0x7f) ? undefined : bytes.toString("latin1");
    case "whatwg":
      try {
        return new TextDecoder(decoder.label, { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return undefined;
      }
  }
}

/** The name fixes are judged by (only UTF-8 is written back). */
function encodingName(decoder: Decoder): string {
  if (decoder.kind === "whatwg") return new TextDecoder(decoder.label).encoding;
  return decoder.kind === "latin1" ? "iso-8859-1" : "ascii";
}
