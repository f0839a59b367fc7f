import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { asynclint, ensureBuilt, makeTree, removeTree, startAsynclint } from "./cliHarness";

const FILES = 600;

/** A module with many blocking sleeps to fix; big enough that fixing the tree takes a few seconds. */
function body(): string {
  // asyncio imported: the sleeps' fix is safe, so --fix applies it.
  const lines = ["import asyncio", "import time", ""];
  for (let i = 0; i < 60; i++) lines.push("", `async def step_${i}(device):`, `    time.sleep(${i})`, `    return await device.poll(${i})`, "");
  return lines.join("\n");
}

describe("asynclint check --fix killed mid-run", () => {
  before(ensureBuilt);

  it("leaves every file with either its old or its new content, never a mix", async () => {
    const original = body();
    // The fixed text, from the CLI itself (standard input, nothing written).
    const fixed = asynclint(["check", "--stdin-filename", "x.py", "--fix"], { cwd: process.cwd(), input: original }).stdout;
    assert.notEqual(fixed, original);
    assert.match(fixed, /await asyncio\.sleep\(59\)/);

    const header = (i: number) => `# module ${i}\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`pkg/m${String(i).padStart(4, "0")}.py`] = header(i) + original;
    const root = makeTree(files);
    try {
      const child = startAsynclint(["check", "pkg", "--fix"], root);
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      const names = Object.keys(files);
      // Kill as soon as the first files are rewritten, while the rest are still being fixed.
      const deadline = Date.now() + 60_000;
      let firstChanged = false;
      while (!firstChanged && Date.now() < deadline && child.exitCode === null) {
        firstChanged = names.some((name) => fs.readFileSync(path.join(root, name), "utf8") !== files[name]);
        if (!firstChanged) await sleep(5);
      }
      child.kill("SIGKILL");
      await exited;
      assert.ok(firstChanged, "the run started fixing before it was killed");

      let old = 0;
      let rewritten = 0;
      names.forEach((name, i) => {
        const content = fs.readFileSync(path.join(root, name), "utf8");
        if (content === files[name]) old++;
        else if (content === header(i) + fixed) rewritten++;
        else assert.fail(`${name} holds neither its old nor its fixed content (${content.length} characters)`);
      });
      assert.ok(rewritten > 0, "some files were fixed");
      assert.ok(old > 0, `the kill came mid-run (${rewritten} of ${FILES} fixed), or this test proves nothing`);
    } finally {
      removeTree(root);
    }
  });
});
