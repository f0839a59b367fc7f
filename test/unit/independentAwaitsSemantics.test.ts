import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import { FIXTURES, listFiles } from "../support/fixtures";
import { mostAtOnce, runLoggedProgram } from "../support/loggedProgram";

/**
 * The fixes of AL201/AL202 keep a program's meaning and make its independent calls run at once:
 * each program under fixtures/concurrency/python runs as written and as fixed; results must match
 * (lines sorted, since concurrent work may finish in another order), and the programs' own logs
 * (a line when each call starts and ends) must show the calls one after the other before the fix
 * and overlapping after it. No clock is read: speed is measured in benchmarks, not here.
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

  it("keep the results and run the independent calls concurrently", async () => {
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
      const runs = await Promise.all(cases.map(async (c) => ({ ...c, before: await runLoggedProgram("python3", c.original), after: await runLoggedProgram("python3", c.fixed) })));
      for (const { name, before, after } of runs) {
        assert.deepEqual(sortedLines(after.stdout), sortedLines(before.stdout), `${name}: results differ`);
        assert.equal(mostAtOnce(before.events), 1, `${name}: the calls overlap before the fix`);
        assert.ok(mostAtOnce(after.events) >= 2, `${name}: the fixed calls still run one after the other: ${JSON.stringify(after.events)}`);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
