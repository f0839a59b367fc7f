import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

const PEAK_RSS_PRELOAD = path.join(__dirname, "peakRss.cjs");

export interface TimedRun {
  /** Wall time of the whole process, spawn to exit. */
  ms: number;
  /** Peak resident memory of the process in MB, all threads together. */
  peakRssMb: number | undefined;
  /** CPU time of the process (user + system, all threads) in ms: steadier than `ms` on a busy machine. */
  cpuMs: number | undefined;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs a Node script as its own process and times it from spawn to exit: a user running a linter
 * in CI pays for the start-up, module loading and wasm compilation too, so they are counted.
 */
export async function timeNodeProcess(script: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<TimedRun> {
  const rssFile = path.join(os.tmpdir(), `asynclint-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const child = spawn(process.execPath, ["--require", PEAK_RSS_PRELOAD, script, ...args], {
    cwd,
    env: { ...process.env, ...env, ASYNCLINT_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  const ms = performance.now() - started;
  let peakRssMb: number | undefined;
  let cpuMs: number | undefined;
  try {
    const [kilobytes, cpu] = fs.readFileSync(rssFile, "utf8").trim().split(" ").map(Number);
    peakRssMb = kilobytes / 1024;
    cpuMs = Number.isFinite(cpu) ? cpu : undefined;
    fs.rmSync(rssFile);
  } catch {
    peakRssMb = undefined;
  }
  return { ms, peakRssMb, cpuMs, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), exitCode };
}

/** Fails loudly when a tool did not run as intended, so no figure is reported for work not done. */
export function expectExit(run: TimedRun, allowed: readonly number[], what: string): void {
  if (run.exitCode !== null && allowed.includes(run.exitCode)) return;
  throw new Error(`${what} exited with ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
}

/** Resident memory of a running process in MB (Linux: /proc), current and peak; undefined elsewhere. */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
      return match ? Number(match[1]) / 1024 : NaN;
    };
    return { rssMb: field("VmRSS"), peakMb: field("VmHWM") };
  } catch {
    return undefined;
  }
}
