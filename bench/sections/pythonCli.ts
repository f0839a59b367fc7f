import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isPythonPath } from "../../server/src/engine/analyze";
import { discoverFiles } from "../../server/src/cli/discover";
import { countLines } from "../corpus/pythonCorpus";
import { expectExit, timeNodeProcess } from "../process";
import { median } from "../stats";
import { REPO } from "../paths";

const RUFF_RUNNER = path.join(__dirname, "..", "peers", "ruffLint.cjs");

export interface PythonCliComparison {
  target: string;
  files: number;
  lines: number;
  repeats: number;
  ours: { medianMs: number; runsMs: number[]; linesPerSecond: number; peakRssMb: number | undefined; findings: number };
  ruffWasm: { medianMs: number; runsMs: number[]; linesPerSecond: number; peakRssMb: number | undefined; findings: number };
  /** Our median time over Ruff's: below 1 means we are faster. */
  ratio: number;
  commands: { ours: string; ruffWasm: string };
}

/**
 * Our CLI and the Ruff WebAssembly build on the same files, each as a whole cold process,
 * alternating runs so that both see the same background load. The files are those our CLI's own
 * discovery finds, so both tools read exactly the same set.
 */
export async function comparePythonCli(cli: string, target: string, repeats: number): Promise<PythonCliComparison> {
  const { files } = discoverFiles([target], isPythonPath, target);
  if (files.length === 0) throw new Error(`no Python files under ${target}`);
  let lines = 0;
  for (const file of files) lines += countLines(fs.readFileSync(file, "utf8"));
  const listFile = path.join(os.tmpdir(), `asynclint-bench-files-${process.pid}.txt`);
  fs.writeFileSync(listFile, files.join("\n") + "\n");
  const oursArgs = ["check", target, "--format", "json", "--exit-zero"];
  const ours: Array<{ ms: number; rss: number | undefined; findings: number }> = [];
  const ruff: Array<{ ms: number; rss: number | undefined; findings: number }> = [];
  try {
    for (let i = 0; i < repeats; i++) {
      const a = await timeNodeProcess(cli, oursArgs, target);
      expectExit(a, [0], "asynclint check");
      ours.push({ ms: a.ms, rss: a.peakRssMb, findings: (JSON.parse(a.stdout) as unknown[]).length });
      const b = await timeNodeProcess(RUFF_RUNNER, [listFile], REPO);
      expectExit(b, [0], "the Ruff runner");
      ruff.push({ ms: b.ms, rss: b.peakRssMb, findings: (JSON.parse(b.stdout) as { diagnostics: number }).diagnostics });
    }
  } finally {
    fs.rmSync(listFile, { force: true });
  }
  const summarize = (runs: typeof ours) => {
    const medianMs = median(runs.map((r) => r.ms));
    const rss = runs.map((r) => r.rss).filter((r): r is number => r !== undefined);
    return { medianMs, runsMs: runs.map((r) => Math.round(r.ms)), linesPerSecond: Math.round(lines / (medianMs / 1000)), peakRssMb: rss.length ? Math.max(...rss) : undefined, findings: runs[0].findings };
  };
  const oursSummary = summarize(ours);
  const ruffSummary = summarize(ruff);
  return {
    target,
    files: files.length,
    lines,
    repeats,
    ours: oursSummary,
    ruffWasm: ruffSummary,
    ratio: oursSummary.medianMs / ruffSummary.medianMs,
    commands: { ours: `node dist/cli.js ${oursArgs.join(" ")}`, ruffWasm: `node bench/peers/ruffLint.cjs <list of the same ${files.length} files>` },
  };
}
