import * as path from "node:path";

/** Batches never grow beyond this: a thread's kept trees (see parsedAhead.ts) stay few. */
const MAX_BATCH = 64;
/** Nor shrink below this, except for the last files: one message round trip per batch. */
export const MIN_BATCH = 4;

/**
 * Hands the files out to the threads in batches. A batch keeps to one folder when it can, because
 * modules import their neighbours: a thread checking a folder's files together parses each of
 * them once (a module another file imports is parsed ahead and its tree kept for its own check).
 * Batches shrink as the work runs out, so the threads finish together.
 */
export class WorkQueue {
  private readonly files: string[];
  private next = 0;

  constructor(
    files: readonly string[],
    private readonly threads: number,
  ) {
    // Folder by folder: a package's files together, even when a subfolder sorts in between.
    this.files = [...files].sort((a, b) => {
      const byFolder = path.dirname(a).localeCompare(path.dirname(b));
      return byFolder !== 0 ? byFolder : a.localeCompare(b);
    });
  }

  take(): string[] | undefined {
    const start = this.next;
    if (start >= this.files.length) return undefined;
    const remaining = this.files.length - start;
    const size = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil(remaining / (2 * this.threads))));
    const end = Math.min(this.files.length, start + size);
    let stop = start + 1;
    // Stop at the end of the folder once the batch is big enough to be worth a round trip.
    while (stop < end && (stop - start < MIN_BATCH || path.dirname(this.files[stop]) === path.dirname(this.files[stop - 1]))) stop++;
    this.next = stop;
    return this.files.slice(start, stop);
  }
}
