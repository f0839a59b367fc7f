// Runs the bundled `asynclint` command the way a user or CI does: a child process with
// arguments, standard input and environment, in a folder of files the test writes.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.join(__dirname, "..", "..");
export const BIN = path.join(REPO, "bin", "asynclint.js");
const DIST_CLI = path.join(REPO, "dist", "cli.js");

/** The CLI tests run the bundle; build it once when a test file runs alone on a fresh clone. */
export function ensureBuilt(): void {
  if ([DIST_CLI, path.join(REPO, "dist", "cliWorker.js"), path.join(REPO, "dist", "typescript.js")].every((file) => fs.existsSync(file))) return;
  const result = spawnSync(process.execPath, [path.join(REPO, "scripts", "build.mjs")], { cwd: REPO, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  uid?: number;
  gid?: number;
}

/** Environment without colour or CI hints from the machine running the tests. */
function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  // A Russian (or any) locale on the machine must not change the English output these tests read.
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.LANG;
  // Each run checks every file, as these tests expect (threads, fixes, errors); the cache's own tests turn it back on.
  env.ASYNCLINT_NO_CACHE = "1";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function asynclint(args: readonly string[], options: RunOptions): RunResult {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    input: options.input ?? "",
    env: cleanEnv(options.env),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  };
  if (options.uid !== undefined) spawnOptions.uid = options.uid;
  if (options.gid !== undefined) spawnOptions.gid = options.gid;
  const result = spawnSync(process.execPath, [BIN, ...args], spawnOptions);
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Starts the CLI without waiting, for tests that interrupt it. */
export function startAsynclint(args: readonly string[], cwd: string) {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
}

/** A fresh folder with the given files (relative paths; folders are created). Removed by `removeTree`. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-cli-"));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A coroutine with a blocking sleep (AL101, safe fix) and a dropped task (AL302, no fix). */
export const SLEEPY = ["import asyncio", "import time", "", "", "async def main():", "    time.sleep(1)", "    asyncio.create_task(main())", ""].join("\n");

export const CLEAN = ["import asyncio", "", "", "async def main():", "    await asyncio.sleep(1)", ""].join("\n");

export interface JsonRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: string;
  message: string;
  fixable: boolean;
}
