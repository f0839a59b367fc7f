import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { nameFromBytes, toFsPath } from "../engine/rawFileNames";
import { isUnchanged, type FileSnapshot } from "../engine/readBounded";

/** The file is no longer what was read and fixed: someone else wrote it meanwhile. Nothing was replaced. */
export class FileChangedError extends Error {}

/** The user may not write the file (its permissions say so): it is not replaced, even where the folder would allow it. */
export class NotWritableError extends Error {}

/**
 * Replaces a file's content so that, whatever happens (a crash, SIGKILL, a full disk), the file
 * holds either its old or its new content, never a mix: the bytes go to a temporary file in the
 * same directory (same file system, so the rename is atomic), are flushed to disk, take the
 * original's permission bits and (where allowed) its owner and group, and the temporary file is
 * renamed over the original. A symbolic link is kept a link: its target is what gets replaced.
 *
 * A rename needs only a writable folder, so the file's own permission is asked first: a
 * read-only file is refused, not replaced. With `expected` (what the file looked like when it
 * was read) the file is compared again just before the rename, and a file someone else wrote
 * meanwhile is left alone (FileChangedError): their edit is never lost.
 */
export function writeFileAtomic(file: string, bytes: Buffer, expected?: FileSnapshot): void {
  // The native realpath: the JavaScript one turns a Buffer path into a string, losing bytes that are not UTF-8.
  const target = nameFromBytes(fs.realpathSync.native(toFsPath(file), { encoding: "buffer" }));
  const targetPath = toFsPath(target);
  try {
    fs.accessSync(targetPath, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") throw new NotWritableError(code === "EROFS" ? "the file system is read-only" : "you may not write this file (permission denied)");
    throw error;
  }
  const { mode, uid, gid } = fs.statSync(targetPath);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.asynclint-${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`);
  const temporaryPath = toFsPath(temporary);
  const fd = fs.openSync(temporaryPath, "wx", mode & 0o7777);
  let renamed = false;
  try {
    fs.writeSync(fd, bytes);
    // The umask may have narrowed the mode given to open.
    fs.fchmodSync(fd, mode & 0o7777);
    keepOwner(fd, uid, gid);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (expected && !isUnchanged(target, expected)) throw new FileChangedError("the file changed on disk while asynclint was fixing it");
    fs.renameSync(temporaryPath, targetPath);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed.
      }
      fs.rmSync(temporaryPath, { force: true });
    }
  }
}

/** The original's owner and group on the new file; only root may give a file away, so a user keeps at least the group (if a member). */
function keepOwner(fd: number, uid: number, gid: number): void {
  try {
    fs.fchownSync(fd, uid, gid);
  } catch {
    try {
      fs.fchownSync(fd, -1, gid);
    } catch {
      // Not a member of the group either: the content matters more than the owner.
    }
  }
}
