import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Replaces a file's content so that, whatever happens (a crash, SIGKILL, a full disk), the file
 * holds either its old or its new content, never a mix: the bytes go to a temporary file in the
 * same directory (same file system, so the rename is atomic), are flushed to disk, take the
 * original's permission bits, and the temporary file is renamed over the original. A symbolic
 * link is kept a link: its target is what gets replaced.
 */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const target = fs.realpathSync(file);
  const { mode, uid, gid } = fs.statSync(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.asynclint-${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`);
  const fd = fs.openSync(temporary, "wx", mode & 0o7777);
  let renamed = false;
  try {
    fs.writeSync(fd, bytes);
    // The umask may have narrowed the mode given to open.
    fs.fchmodSync(fd, mode & 0o7777);
    try {
      fs.fchownSync(fd, uid, gid);
    } catch {
      // Only the owner or root may keep another owner; the content matters more than the owner.
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temporary, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed.
      }
      fs.rmSync(temporary, { force: true });
    }
  }
}
