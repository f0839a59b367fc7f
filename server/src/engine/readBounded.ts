import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { toFsPath } from "./rawFileNames";

/**
 * The one way asynclint reads a file from disk (sources, notebooks, project configuration,
 * `.gitignore`, every file a TypeScript program loads). A workspace is untrusted input: a FIFO
 * named `pyproject.toml` would block a plain read forever, and a symbolic link to `/dev/zero`
 * would fill memory (its `stat` size is 0, which proves nothing for a device). So only regular
 * files are read, the type is checked on the opened descriptor (a file swapped after the first
 * check is caught), the open never blocks (O_NONBLOCK: a FIFO opens at once and is then refused),
 * and at most `cap + 1` bytes are read, whatever the size said.
 */

export type ReadProblem =
  /** No such file (or a path through a non-directory). */
  | "missing"
  | "directory"
  /** A FIFO, socket or device: never read. */
  | "special"
  | "too-large"
  /** Exists but cannot be read (permissions, a symbolic link loop, an I/O error). */
  | "unreadable";

export type BoundedRead =
  | { ok: true; bytes: Buffer; stat: fs.Stats }
  | { ok: false; problem: ReadProblem; message: string; size?: number; code?: string };

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/** What a file's stat says about reading it, or undefined when it is a regular file within the cap. */
function refusal(stat: fs.Stats, cap: number): Extract<BoundedRead, { ok: false }> | undefined {
  if (stat.isDirectory()) return { ok: false, problem: "directory", message: "is a directory" };
  if (!stat.isFile()) return { ok: false, problem: "special", message: `${kindOf(stat)}, not a regular file` };
  if (stat.size > cap) return tooLarge(stat.size, cap);
  return undefined;
}

function tooLarge(size: number, cap: number): Extract<BoundedRead, { ok: false }> {
  return { ok: false, problem: "too-large", size, message: `the file is ${megabytes(size)}, larger than the limit of ${megabytes(cap)}` };
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "a special file";
}

function failure(error: unknown): Extract<BoundedRead, { ok: false }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return { ok: false, problem: "missing", code, message: "no such file or directory" };
    case "EISDIR":
      return { ok: false, problem: "directory", code, message: "is a directory" };
    // A socket cannot be opened; nor can a device without a driver.
    case "ENXIO":
    case "ENODEV":
      return { ok: false, problem: "special", code, message: "not a regular file" };
    case "EACCES":
    case "EPERM":
      return { ok: false, problem: "unreadable", code, message: "permission denied" };
    case "ELOOP":
      return { ok: false, problem: "unreadable", code, message: "too many levels of symbolic links" };
    default:
      return { ok: false, problem: "unreadable", code, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads a regular file of at most `cap` bytes (symbolic links followed). Never throws, never blocks on a special file. */
export function readRegularFile(file: string, cap: number): BoundedRead {
  const name = toFsPath(file);
  let fd: number;
  try {
    // A plain stat first: some devices act on open (a tape rewinds), so they are not even opened.
    const before = refusal(fs.statSync(name), cap);
    if (before) return before;
    fd = fs.openSync(name, OPEN_FLAGS);
  } catch (error) {
    return failure(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    const refused = refusal(stat, cap);
    if (refused) return refused;
    // Up to one byte more than the cap: a file that grew since fstat is caught, never read whole.
    const limit = cap + 1;
    let buffer = Buffer.allocUnsafe(Math.min(limit, stat.size + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (buffer.length >= limit) break;
        const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const read = fs.readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) break;
      total += read;
    }
    if (total > cap) return tooLarge(total, cap);
    return { ok: true, bytes: buffer.subarray(0, total), stat };
  } catch (error) {
    return failure(error);
  } finally {
    fs.closeSync(fd);
  }
}

/** A regular file (symbolic links followed) of at most `cap` bytes: a stat, nothing opened. */
export function isReadableRegularFile(file: string, cap: number): boolean {
  try {
    return refusal(fs.statSync(toFsPath(file)), cap) === undefined;
  } catch {
    return false;
  }
}

/** What a regular file is, by stat alone: a refusal reason, or undefined when it can be read. Missing files are "missing". */
export function regularFileProblem(file: string, cap: number): Extract<BoundedRead, { ok: false }> | undefined {
  try {
    return refusal(fs.statSync(toFsPath(file)), cap);
  } catch (error) {
    return failure(error);
  }
}

/**
 * What a file looked like when it was read, to tell before replacing it (`--fix`) whether
 * someone else wrote it meanwhile: its size, its modification time and a hash of its bytes.
 */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export function snapshotOf(read: Extract<BoundedRead, { ok: true }>): FileSnapshot {
  return { size: read.bytes.length, mtimeMs: read.stat.mtimeMs, sha256: contentHash(read.bytes) };
}

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Whether the file is still exactly what `snapshot` saw: a missing, special, grown or rewritten file is not. */
export function isUnchanged(file: string, snapshot: FileSnapshot): boolean {
  const read = readRegularFile(file, snapshot.size);
  return read.ok && read.bytes.length === snapshot.size && read.stat.mtimeMs === snapshot.mtimeMs && contentHash(read.bytes) === snapshot.sha256;
}
