import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, runCli, scratchDir, writeFiles } from "./support/cli";

/** Many blocking sleeps to fix: enough passes of fix-then-reanalyze that another writer gets in between. */
function slowToFix(): string {
  const lines = ["import asyncio", "import time", ""];
  for (let i = 0; i < 150; i++) lines.push("", `async def step_${i}(device):`, `    time.sleep(${i})`, `    return await device.poll(${i})`, "");
  return lines.join("\n");
}

const NOBODY = 65534;

/**
 * `--fix` replaces a file only when that is what the user would want: never over an edit
 * someone else made while asynclint worked (the file is compared with what was read just before
 * the rename), and never when the user may not write the file (a rename needs only a writable
 * folder, so asking the file's own permission is on asynclint).
 */
describe("--fix and other writers", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("fix-races");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("an edit made while --fix runs is kept: the file is skipped with a message and exit 2", async () => {
    const dir = path.join(root, "concurrent");
    const file = path.join(dir, "steps.py");
    writeFiles(dir, { "steps.py": slowToFix() });
    const run = runCli(["check", "steps.py", "--fix"], { cwd: dir });
    // Another writer (an editor saving, a formatter) appends a line every few milliseconds until the run ends.
    const appended: string[] = [];
    let finished = false;
    void run.finally(() => (finished = true));
    while (!finished) {
      const line = `# edit ${appended.length}\n`;
      fs.appendFileSync(file, line);
      appended.push(line);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const result = await run;
    assertFinished(result, "--fix with a concurrent writer");
    const content = fs.readFileSync(file, "utf8");
    const lost = appended.filter((line) => !content.includes(line));
    assert.deepEqual(lost, [], `${lost.length} of ${appended.length} edits made during the run were lost`);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /steps\.py: not fixed: the file changed on disk while asynclint was fixing it/);
    // Nothing half-done is left behind.
    assert.deepEqual(fs.readdirSync(dir), ["steps.py"]);
  });

  it("a file the user may not write is not replaced, even in a folder they may write", async () => {
    const dir = path.join(root, "read-only");
    const file = path.join(dir, "poll.py");
    const original = "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(1)\n";
    writeFiles(dir, { "poll.py": original });
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o777);
    // The other user must reach the folder (mkdtemp makes it private).
    fs.chmodSync(root, 0o755);
    // Root may write any file; the case is another user's, so as root the run is made as nobody.
    const asRoot = process.getuid?.() === 0;
    const before = fs.statSync(file);
    const run = await runCli(["check", "poll.py", "--fix"], { cwd: dir, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
    assertFinished(run, "--fix on a read-only file");
    const after = fs.statSync(file);
    assert.equal(fs.readFileSync(file, "utf8"), original);
    assert.equal(after.ino, before.ino, "the file was replaced");
    assert.equal(after.uid, before.uid, "the owner changed");
    assert.equal(after.mode & 0o7777, 0o444);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /poll\.py: not fixed: you may not write this file \(permission denied\)/);
    assert.deepEqual(fs.readdirSync(dir), ["poll.py"]);
  });

  it("a file fixed for its owner by root keeps its owner, group and mode", { skip: process.getuid?.() !== 0 && "needs root to own a file as another user" }, async () => {
    const dir = path.join(root, "owned");
    const file = path.join(dir, "poll.py");
    writeFiles(dir, { "poll.py": "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(1)\n" });
    fs.chownSync(file, NOBODY, NOBODY);
    fs.chmodSync(file, 0o640);
    const run = await runCli(["check", "poll.py", "--fix"], { cwd: dir });
    assertFinished(run, "--fix as root");
    assert.equal(run.status, 0, run.stderr);
    const stat = fs.statSync(file);
    assert.match(fs.readFileSync(file, "utf8"), /await asyncio\.sleep\(1\)/);
    assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [NOBODY, NOBODY, 0o640]);
  });
});
