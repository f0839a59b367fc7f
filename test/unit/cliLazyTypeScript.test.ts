// The TypeScript compiler is a file of its own (dist/typescript.js, about 9 MB) that the CLI loads
// only when it meets a TS/JS file: a Python-only run, and each of its worker threads, start in a
// fraction of the time. These tests watch which modules the bundled CLI process loaded.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CLEAN, ensureBuilt, makeTree, REPO, removeTree, SLEEPY } from "./cliHarness";

const CLI = path.join(REPO, "dist", "cli.js");
const FLOATING = ["async function load(): Promise<number> {", "  return 1;", "}", "", "export async function main(): Promise<void> {", "  load();", "}", ""].join("\n");

/** Runs the bundled CLI with a preloaded script that reports, at exit, whether dist/typescript.js was loaded. */
function runWatchingTypeScript(args: string[], cwd: string): { status: number | null; stdout: string; loadedTypeScript: boolean } {
  const watcher = path.join(cwd, "watch-typescript.cjs");
  fs.writeFileSync(
    watcher,
    `process.on("exit", () => process.stderr.write("\\nloaded typescript.js: " + Object.keys(require.cache).some((file) => file === ${JSON.stringify(path.join(REPO, "dist", "typescript.js"))}) + "\\n"));\n`,
  );
  const env = { ...process.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.LANG;
  const result = spawnSync(process.execPath, ["--require", watcher, CLI, ...args], { cwd, env, encoding: "utf8" });
  fs.rmSync(watcher);
  const match = /loaded typescript\.js: (true|false)/.exec(result.stderr);
  assert.ok(match, `the watcher reported (stderr: ${result.stderr})`);
  return { status: result.status, stdout: result.stdout, loadedTypeScript: match[1] === "true" };
}

describe("the CLI loads the TypeScript compiler only for TS/JS files", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = makeTree({ "py/a.py": SLEEPY, "py/b.py": CLEAN, "web/main.ts": FLOATING });
  });
  after(() => removeTree(root));

  it("a run over Python files finds their problems without loading it", () => {
    const run = runWatchingTypeScript(["check", "py", "--format", "json"], root);
    assert.equal(run.status, 1);
    assert.ok(JSON.parse(run.stdout).some((row: { code: string }) => row.code === "AL101"), run.stdout);
    assert.equal(run.loadedTypeScript, false);
  });

  it("a run that meets a TypeScript file loads it and reports the file's findings", () => {
    const run = runWatchingTypeScript(["check", "py", "web", "--format", "json"], root);
    assert.equal(run.status, 1);
    const codes = JSON.parse(run.stdout).map((row: { code: string; file: string }) => `${path.basename(row.file)} ${row.code}`);
    assert.ok(codes.includes("main.ts AL301"), codes.join(", "));
    assert.ok(codes.includes("a.py AL101"), codes.join(", "));
    assert.equal(run.loadedTypeScript, true);
  });
});
