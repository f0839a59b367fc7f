import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import { FIXTURES, listFiles } from "../support/fixtures";
import { runTimedProgram } from "../support/timedProgram";

/**
 * The fixes of AL201/AL202 keep a program's meaning and make it faster: each program under
 * fixtures/concurrency/python runs as written and as fixed; results must match (lines sorted,
 * since concurrent work may finish in another order) and the fixed one must take clearly less
 * time. The programs time themselves (asyncio.run only, not the interpreter's start) and sleep
 * for a few tenths of a second, so the ratio has room for a busy machine.
 */

const PROGRAMS = listFiles(path.join(FIXTURES, "concurrency", "python"), ".py");



function fixConcurrency(text: string): { text: string; applied: number } {
  let applied = 0;
  for (let round = 0; round < 20; round++) {
    const fix = analyzePythonSource({ text }, { settings: defaultSettings() })
      .findings.filter((f) => f.code === "AL201" || f.code === "AL202")
      .flatMap((f) => f.fixes)[0];
    if (!fix) break;
    text = applyEdits(text, fix.edits);
    applied++;
  }
  return { text, applied };
}

const sortedLines = (text: string) => text.split(/\r?\n/).filter(Boolean).sort();

describe("AL201/AL202 fixes on runnable programs", () => {
  before(initEngine);

  it("has programs", () => assert.ok(PROGRAMS.length >= 4));

  it("keep the results and run faster", async (t) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-concurrency-"));
    try {
      const cases = PROGRAMS.map((file) => {
        const { text, applied } = fixConcurrency(fs.readFileSync(file, "utf8"));
        assert.ok(applied > 0, `${path.basename(file)}: no fix was applied`);
        const fixedFile = path.join(scratch, path.basename(file));
        fs.writeFileSync(fixedFile, text);
        return { name: path.basename(file), original: file, fixed: fixedFile };
      });
      // All programs at once: they mostly sleep, so the whole check costs about the slowest one.
      const runs = await Promise.all(cases.map(async (c) => ({ ...c, before: await runTimedProgram("python3", c.original), after: await runTimedProgram("python3", c.fixed) })));
      for (const { name, before, after } of runs) {
        t.diagnostic(`${name}: ${before.elapsed.toFixed(3)}s -> ${after.elapsed.toFixed(3)}s`);
        assert.deepEqual(sortedLines(after.stdout), sortedLines(before.stdout), `${name}: results differ`);
        // Each program saves at least 0.1 s by design; ask for half of it, and a clear ratio.
        const faster = after.elapsed < before.elapsed - 0.05 && after.elapsed < before.elapsed * 0.85;
        assert.ok(faster, `${name}: ${before.elapsed}s before, ${after.elapsed}s after the fix`);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
