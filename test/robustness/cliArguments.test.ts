import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, runCli, scratchDir, SLEEPY_PY, writeFiles } from "./support/cli";

/**
 * Arguments a CI script or a shell passes as they come: folder names with brackets, an unset
 * variable, a huge number. None of them may make a run pass while checking nothing, check or
 * rewrite other files than named, or exhaust the machine.
 */
describe("command-line arguments", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("arguments");
    writeFiles(root, {
      "My Project (1)/src/poll.py": SLEEPY_PY,
      "[a].py": SLEEPY_PY,
      "a.py": SLEEPY_PY,
      "{x,y}/poll.py": SLEEPY_PY,
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("a path that exists is taken literally, glob characters and all", async () => {
    const run = await runCli(["check", "My Project (1)", "{x,y}"], { cwd: root });
    assertFinished(run, "literal folders");
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^My Project \(1\)\/src\/poll\.py:6:5: AL101/m);
    assert.match(run.stdout, /^\{x,y\}\/poll\.py:6:5: AL101/m);
    assert.match(run.stdout, /\(2 files checked\)/);
  });

  it("--fix '[a].py' rewrites that file only, not a.py", async () => {
    const run = await runCli(["check", "[a].py", "--fix"], { cwd: root });
    assertFinished(run, "--fix [a].py");
    assert.equal(run.status, 0, run.stderr);
    assert.match(fs.readFileSync(path.join(root, "[a].py"), "utf8"), /await asyncio\.sleep\(1\)/);
    assert.equal(fs.readFileSync(path.join(root, "a.py"), "utf8"), SLEEPY_PY);
  });

  it("a pattern inside a folder with glob characters in its name expands inside that folder", async () => {
    const run = await runCli(["check", "My Project (1)/**/*.py"], { cwd: root });
    assertFinished(run, "pattern under a literal folder");
    assert.match(run.stdout, /^My Project \(1\)\/src\/poll\.py:6:5: AL101/m);
  });

  it("a pattern that matches nothing is an error (exit 2), not a clean run", async () => {
    const run = await runCli(["check", "srcc/**/*.py"], { cwd: root });
    assertFinished(run, "empty pattern");
    assert.equal(run.status, 2, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /srcc\/\*\*\/\*\.py: no source files match this pattern/);
  });

  it("--select with an empty value (an unset variable) is a usage error", async () => {
    for (const args of [["--select", ""], ["--select=,"]]) {
      const run = await runCli(["check", "a.py", ...args], { cwd: root });
      assertFinished(run, "--select ''");
      assert.equal(run.status, 2, `${args.join(" ")}: ${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /--select needs at least one rule code/);
    }
  });

  it("--jobs far above the cores is capped at the cores available, and the run says so", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`many/m${i}.py`] = SLEEPY_PY;
    writeFiles(root, files);
    const run = await runCli(["check", "many", "--jobs", "99999"], { cwd: root });
    assertFinished(run, "--jobs 99999");
    const cores = os.availableParallelism();
    assert.match(run.stderr, new RegExp(`--jobs 99999: using ${cores} threads?, one per available core`));
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /\(12 files checked\)/);
  });
});
