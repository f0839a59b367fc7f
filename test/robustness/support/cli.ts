// Runs the bundled CLI against hostile trees, always with a deadline: a run that hangs (a FIFO
// read, /dev/zero) is killed and reported as timed out instead of stalling the suite.
// ASYNCLINT_CLI=/path/to/cli.js runs another build (e.g. the build before a fix, to see these tests fail there).
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.join(__dirname, "..", "..", "..");
export const CLI = process.env.ASYNCLINT_CLI ?? path.join(REPO, "dist", "cli.js");

/** Long enough for a cold start on a busy two-core machine; only a hang reaches it. (ASYNCLINT_DEADLINE_MS: shorter, to run an old build that hangs.) */
export const DEADLINE_MS = Number(process.env.ASYNCLINT_DEADLINE_MS ?? 30_000);

/** The CLI tests run the bundle; build it once when a test file runs alone on a fresh clone. */
export function ensureBuilt(): void {
  if (process.env.ASYNCLINT_CLI) return;
  if (["cli.js", "cliWorker.js", "typescript.js"].every((file) => fs.existsSync(path.join(REPO, "dist", file)))) return;
  const result = spawnSync(process.execPath, [path.join(REPO, "scripts", "build.mjs")], { cwd: REPO, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface CliRunOptions {
  cwd: string;
  input?: string | Buffer;
  uid?: number;
  gid?: number;
  deadlineMs?: number;
}

/** Environment without colour, CI or locale hints from the machine running the tests. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["FORCE_COLOR", "NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG", "GITHUB_ACTIONS"]) delete env[key];
  return env;
}

/** Runs `node cli.js ...args`; a run past the deadline is killed (SIGKILL) and comes back with `timedOut`. */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

export function runCommand(command: string, args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"], uid: options.uid, gid: options.gid });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.deadlineMs ?? DEADLINE_MS);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), timedOut, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A fresh folder under the system's temporary folder (nothing is ever written elsewhere). */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `asynclint-${prefix}-`));
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** A named pipe (FIFO): reading it blocks until a writer comes, which here never happens. */
export function makeFifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const made = spawnSync("mkfifo", [file], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mkfifo ${file}: ${made.stderr}`);
}

/** A Python module with one AL101 (a blocking sleep in a coroutine, safe fix: asyncio imported). */
export const SLEEPY_PY = "import asyncio\nimport time\n\n\nasync def poll(device):\n    time.sleep(1)\n    return await device.read()\n";

/** A TypeScript module with one AL301 (a floating promise). */
export const FLOATING_TS = "async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  save();\n}\n";

export function assertFinished(run: CliRun, what: string): void {
  if (run.timedOut) throw new Error(`${what}: the CLI was still running after ${DEADLINE_MS / 1000} s and was killed (a hang).\nstderr: ${run.stderr.slice(0, 2000)}`);
}
