import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isPythonPath } from "../../server/src/engine/analyze";
import { discoverFiles } from "../../server/src/cli/discover";
import { countLines } from "../corpus/pythonCorpus";
import { expectExit, timeNodeProcess, type TimedRun } from "../process";
import { median } from "../stats";
import { REPO } from "../paths";

const RUFF_RUNNER = path.join(__dirname, "..", "peers", "ruffLint.cjs");

interface ToolFigures {
  medianMs: number;
  runsMs: number[];
  linesPerSecond: number;
  peakRssMb: number | undefined;
  /** Median CPU time (user + system, all threads): what the work cost, whatever else ran on the cores. */
  medianCpuMs: number | undefined;
  findings: number;
}

export interface PythonCliComparison {
  target: string;
  files: number;
  lines: number;
  repeats: number;
  /** Cold: a process with an empty result cache (which it fills). */
  ours: ToolFigures;
  /** Warm: the same command again right after, over the unchanged tree, reading that cache. */
  oursWarm: ToolFigures;
  ruffWasm: ToolFigures;
  /** Our median time over Ruff's: below 1 means we are faster. */
  ratio: number;
  /** The same for CPU time. */
  cpuRatio: number | undefined;
  /** Warm over cold, ours: the cache's gain (wall time, and CPU time). */
  warmGain: number;
  warmCpuGain: number | undefined;
  commands: { ours: string; oursWarm: string; ruffWasm: string };
}

/** The Python files our CLI's discovery finds under a folder, and their lines. */
export function pythonFilesOf(target: string): { files: string[]; lines: number } {
  const { files } = discoverFiles([target], isPythonPath, target);
  if (files.length === 0) throw new Error(`no Python files under ${target}`);
  let lines = 0;
  for (const file of files) lines += countLines(fs.readFileSync(file, "utf8"));
  return { files, lines };
}

/**
 * Our CLI and the Ruff WebAssembly build on the same files, each as a whole cold process,
 * alternating runs so that both see the same background load. The files are those our CLI's own
 * discovery finds, so both tools read exactly the same set.
 */
export async function comparePythonCli(cli: string, target: string, repeats: number): Promise<PythonCliComparison> {
  const { files, lines } = pythonFilesOf(target);
  const listFile = path.join(os.tmpdir(), `asynclint-bench-files-${process.pid}.txt`);
  fs.writeFileSync(listFile, files.join("\n") + "\n");
  // The cache lives outside the target (a real project is never written to); each cold run starts with none.
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-bench-cache-"));
  const oursArgs = (cacheDir: string) => ["check", target, "--format", "json", "--exit-zero", "--cache-dir", cacheDir];
  const ours: Run[] = [];
  const oursWarm: Run[] = [];
  const ruff: Run[] = [];
  const run = (timed: TimedRun, findings: number): Run => ({ ms: timed.ms, cpuMs: timed.cpuMs, rss: timed.peakRssMb, findings });
  try {
    for (let i = 0; i < repeats; i++) {
      const cacheDir = path.join(cacheRoot, `run-${i}`);
      const a = await timeNodeProcess(cli, oursArgs(cacheDir), target);
      expectExit(a, [0], "asynclint check");
      ours.push(run(a, (JSON.parse(a.stdout) as unknown[]).length));
      const b = await timeNodeProcess(RUFF_RUNNER, [listFile], REPO);
      expectExit(b, [0], "the Ruff runner");
      ruff.push(run(b, (JSON.parse(b.stdout) as { diagnostics: number }).diagnostics));
      const c = await timeNodeProcess(cli, oursArgs(cacheDir), target);
      expectExit(c, [0], "asynclint check (warm)");
      if (c.stdout !== a.stdout) throw new Error(`asynclint check from its cache reported differently on ${target}`);
      oursWarm.push(run(c, (JSON.parse(c.stdout) as unknown[]).length));
    }
  } finally {
    fs.rmSync(listFile, { force: true });
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  }
  const summarize = (runs: Run[]): ToolFigures => {
    const medianMs = median(runs.map((r) => r.ms));
    const rss = runs.map((r) => r.rss).filter((r): r is number => r !== undefined);
    const cpu = runs.map((r) => r.cpuMs).filter((r): r is number => r !== undefined);
    return {
      medianMs,
      runsMs: runs.map((r) => Math.round(r.ms)),
      linesPerSecond: Math.round(lines / (medianMs / 1000)),
      peakRssMb: rss.length ? Math.max(...rss) : undefined,
      medianCpuMs: cpu.length === runs.length ? median(cpu) : undefined,
      findings: runs[0].findings,
    };
  };
  const oursSummary = summarize(ours);
  const warmSummary = summarize(oursWarm);
  const ruffSummary = summarize(ruff);
  const over = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a / b : undefined);
  return {
    target,
    files: files.length,
    lines,
    repeats,
    ours: oursSummary,
    oursWarm: warmSummary,
    ruffWasm: ruffSummary,
    ratio: oursSummary.medianMs / ruffSummary.medianMs,
    cpuRatio: over(oursSummary.medianCpuMs, ruffSummary.medianCpuMs),
    warmGain: oursSummary.medianMs / warmSummary.medianMs,
    warmCpuGain: over(oursSummary.medianCpuMs, warmSummary.medianCpuMs),
    commands: {
      ours: `node dist/cli.js check DIR --format json --exit-zero --cache-dir <empty folder>`,
      oursWarm: "the same command again (its cache filled)",
      ruffWasm: `node bench/peers/ruffLint.cjs <list of the same ${files.length} files>`,
    },
  };
}

interface Run {
  ms: number;
  cpuMs: number | undefined;
  rss: number | undefined;
  findings: number;
}
