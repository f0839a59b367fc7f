import { expectExit, timeNodeProcess } from "../process";
import { median } from "../stats";
import { pythonFilesOf } from "./pythonCli";

export interface BaselineFigures {
  medianMs: number;
  /** Median CPU time (user + system, all threads); undefined where the platform gives none. */
  medianCpuMs: number | undefined;
  findings: number;
}

export interface BaselineComparison {
  target: string;
  files: number;
  lines: number;
  repeats: number;
  jobs: number | undefined;
  ours: BaselineFigures;
  baseline: BaselineFigures;
}

/**
 * This build's CLI against an earlier build's (`--baseline`: its dist/ folder) on the same files,
 * cold, without the result cache, alternating which goes first: what a change costs or saves, in
 * the same run and so under the same background load (an issue's "before/after in the same run").
 * `jobs`: passed to both as `--jobs`; undefined leaves each build its own default.
 */
export async function compareWithBaseline(cli: string, baselineCli: string, target: string, repeats: number, jobs: number | undefined): Promise<BaselineComparison> {
  const { files, lines } = pythonFilesOf(target);
  const args = ["check", target, "--format", "json", "--exit-zero", ...(jobs !== undefined ? ["--jobs", String(jobs)] : [])];
  const runs = { ours: [] as Array<{ ms: number; cpuMs: number | undefined; findings: number }>, baseline: [] as Array<{ ms: number; cpuMs: number | undefined; findings: number }> };
  for (let i = 0; i < repeats; i++) {
    const order: Array<["ours" | "baseline", string]> = [
      ["ours", cli],
      ["baseline", baselineCli],
    ];
    if (i % 2 === 1) order.reverse();
    for (const [which, script] of order) {
      const run = await timeNodeProcess(script, args, target, { ASYNCLINT_NO_CACHE: "1" });
      expectExit(run, [0], which === "ours" ? "asynclint check" : "asynclint check (baseline build)");
      runs[which].push({ ms: run.ms, cpuMs: run.cpuMs, findings: (JSON.parse(run.stdout) as unknown[]).length });
    }
  }
  const summarize = (list: Array<{ ms: number; cpuMs: number | undefined; findings: number }>): BaselineFigures => {
    const cpu = list.map((run) => run.cpuMs).filter((value): value is number => value !== undefined);
    return { medianMs: median(list.map((run) => run.ms)), medianCpuMs: cpu.length === list.length ? median(cpu) : undefined, findings: list[0].findings };
  };
  return { target, files: files.length, lines, repeats, jobs, ours: summarize(runs.ours), baseline: summarize(runs.baseline) };
}
