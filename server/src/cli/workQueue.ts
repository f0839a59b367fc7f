import * as path from "node:path";

/** Batches never grow beyond this: a thread's kept trees (see parsedAhead.ts) stay few. */
const MAX_BATCH = 64;
/** Nor shrink below this, except for the last files: one message round trip per batch. */
export const MIN_BATCH = 4;

/**
 * The files of a run, in the order they are handed out, and which of them a thread has taken:
 * a batch from the queue, or one file a thread claimed on its own because a file it was checking
 * imports it (see parsedAhead.ts). The flags live in shared memory, so worker threads claim with
 * an atomic operation and no message: each file is checked by exactly one thread.
 */
export interface SharedRun {
  files: readonly string[];
  /** One flag per file, 0 while no thread has it; a SharedArrayBuffer when threads share it. */
  claims: Int32Array;
}

export function createSharedRun(files: readonly string[], shared: boolean): SharedRun {
  // Folder by folder: a package's files together, even when a subfolder sorts in between.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...files].sort((a, b) => order(path.dirname(a), path.dirname(b)) || order(a, b));
  const bytes = Int32Array.BYTES_PER_ELEMENT * sorted.length;
  return { files: sorted, claims: new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)) };
}

/** Takes file `index` for this thread; false when another thread already has it. */
export function claimFile(run: SharedRun, index: number): boolean {
  return Atomics.compareExchange(run.claims, index, 0, 1) === 0;
}

/**
 * Hands the files out in batches. A batch keeps to one folder when it can, because modules import
 * their neighbours: a thread checking a folder's files together parses each of them once.
 * Batches shrink as the work runs out, so the threads finish together.
 */
export class WorkQueue {
  private next = 0;

  constructor(
    private readonly run: SharedRun,
    private readonly threads: number,
  ) {}

  take(): string[] | undefined {
    const { files } = this.run;
    let unclaimed = 0;
    for (let i = this.next; i < files.length; i++) if (Atomics.load(this.run.claims, i) === 0) unclaimed++;
    const size = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil(unclaimed / (2 * this.threads))));
    const batch: string[] = [];
    for (; this.next < files.length && batch.length < size; this.next++) {
      const file = files[this.next];
      // Stop at the end of the folder once the batch is big enough to be worth a round trip.
      if (batch.length >= MIN_BATCH && path.dirname(file) !== path.dirname(batch[batch.length - 1])) break;
      if (claimFile(this.run, this.next)) batch.push(file);
    }
    return batch.length > 0 ? batch : undefined;
  }
}
