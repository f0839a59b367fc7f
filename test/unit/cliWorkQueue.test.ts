// How `asynclint check` hands files to its threads: every file to exactly one thread, a folder's
// files together (modules import their neighbours), smaller batches as the work runs out.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { claimFile, createSharedRun, WorkQueue } from "../../server/src/cli/workQueue";

function tree(folders: Record<string, number>): string[] {
  const files: string[] = [];
  for (const [folder, count] of Object.entries(folders)) for (let i = 0; i < count; i++) files.push(path.join("/p", folder, `m${String(i).padStart(3, "0")}.py`));
  return files;
}

function drain(queue: WorkQueue): string[][] {
  const batches: string[][] = [];
  for (let batch = queue.take(); batch; batch = queue.take()) batches.push(batch);
  return batches;
}

describe("the CLI's work queue", () => {
  it("hands out every file once, folder by folder, in batches that shrink towards the end", () => {
    const files = tree({ a: 41, "a/sub": 7, b: 41, c: 200, d: 3 });
    const batches = drain(new WorkQueue(createSharedRun(files, false), 2));
    assert.deepEqual(batches.flat().sort(), [...files].sort());
    assert.ok(batches.every((batch) => batch.length <= 64), "no batch beyond 64 files");
    const folders = (batch: string[]) => new Set(batch.map((file) => path.dirname(file))).size;
    assert.equal(folders(batches[0]), 1, "a batch keeps to one folder");
    assert.deepEqual(batches[0], files.slice(0, 41), "the whole first folder, before its subfolder");
    assert.ok(batches[batches.length - 1].length < batches[0].length, "the last batch is smaller than the first");
  });

  it("skips files a thread claimed on its own", () => {
    const files = tree({ a: 10 });
    const run = createSharedRun(files, true);
    assert.equal(claimFile(run, 3), true);
    assert.equal(claimFile(run, 3), false, "a file is claimed once");
    const handedOut = drain(new WorkQueue(run, 2)).flat();
    assert.equal(handedOut.length, 9);
    assert.ok(!handedOut.includes(run.files[3]));
  });

  it("a small folder joins the next one rather than making a batch of one", () => {
    const batches = drain(new WorkQueue(createSharedRun(tree({ a: 1, b: 1, c: 1, d: 1, e: 1 }), false), 2));
    assert.ok(batches[0].length >= 4, `first batch: ${batches[0].length} files`);
  });
});
