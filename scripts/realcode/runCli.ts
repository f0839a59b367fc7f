import { spawnSync } from "node:child_process";

/** A finding as the CLI's `--format json` prints it, with the project it was found in. */
export interface ProjectFinding {
  project: string;
  file: string;
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
  fixable: boolean;
}

export interface ProjectRun {
  findings: ProjectFinding[];
  seconds: number;
  /** Set when the CLI could not check the project (its message); the project then counts no findings. */
  failure?: string;
}

/**
 * Runs `asynclint check . --format json` inside the project folder, so files are relative to its root
 * (`--no-cache`: every file is checked, and no cache folder is written into the third-party checkout).
 * With `select`, only those codes are checked (`--select`: in test code too, and rules that are off by default).
 */
export function runCliOnProject(cli: string, project: string, dir: string, timeoutSeconds: number, select?: string): ProjectRun {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, "check", ".", "--format", "json", "--exit-zero", "--no-cache", ...(select ? ["--select", select] : [])], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) return { findings: [], seconds, failure: result.error.message };
  // Exit 2 still prints every finding it could make (a file that could not be read is reported on stderr).
  if (result.status !== 0 && result.status !== 2) {
    return { findings: [], seconds, failure: `exit ${result.status ?? result.signal}: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    return { findings: [], seconds, failure: `the CLI printed no JSON: ${result.stdout.slice(0, 200)}` };
  }
  const findings = (parsed as Omit<ProjectFinding, "project">[]).map((finding) => ({
    project,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    fixable: finding.fixable,
  }));
  return { findings, seconds };
}
