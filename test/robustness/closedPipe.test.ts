import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { CLI, cleanEnv, DEADLINE_MS, ensureBuilt, scratchDir, writeFiles } from "./support/cli";

/** Far more report than a pipe holds (64 KB): the CLI is still writing when the reader leaves. */
function manyFindings(): string {
  const lines = ["import time", ""];
  for (let i = 0; i < 1500; i++) lines.push(`async def poll_${i}():`, `    time.sleep(${i})`, "");
  return lines.join("\n");
}

/**
 * `asynclint check . | head -1`: the reader takes one line and goes away. Like any Unix tool the
 * CLI then stops writing and ends quietly, with no EPIPE stack trace on the terminal.
 */
describe("a closed output pipe", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("pipe");
    writeFiles(root, { "polls.py": manyFindings() });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const format of ["text", "json"]) {
    it(`ends the run quietly when the reader of stdout leaves after the first line (--format ${format})`, async () => {
      const child = spawn(process.execPath, [CLI, "check", ".", "--format", format], { cwd: root, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      // As `head -1` does: read until the first line, then close the pipe.
      child.stdout.once("data", () => child.stdout.destroy());
      const timer = setTimeout(() => child.kill("SIGKILL"), DEADLINE_MS);
      const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("close", (code, sig) => resolve([code, sig])));
      clearTimeout(timer);
      assert.equal(signal, null, `ended by ${signal}\n${stderr}`);
      assert.doesNotMatch(stderr, /EPIPE|Error|at .*\.js:\d+/, stderr);
      assert.equal(stderr, "");
      // The findings decide the code, as if the whole report had been read.
      assert.equal(status, 1);
    });
  }
});
