import * as path from "node:path";
import type { Finding } from "../../engine/types";
import type { FileOutcome, FixMode } from "../fileOutcome";

/** Everything a run found, in file order: what every output format is written from. */
export interface CheckReport {
  cwd: string;
  /** One per checked file, sorted by path. */
  outcomes: FileOutcome[];
  fixMode: FixMode;
  /** Lines already reported on stderr that make the run unsuccessful (unreadable files, config errors). */
  errors: string[];
}

export interface ReportedFinding {
  /** As shown to the user: relative to the working directory, forward slashes. */
  file: string;
  absolute: string;
  /** In a notebook: the cell (1-based); `finding.range` is then inside that cell. */
  cell?: number;
  finding: Finding;
}

export function reportedFindings(report: CheckReport): ReportedFinding[] {
  return report.outcomes.flatMap((outcome) =>
    outcome.findings.map((finding) => {
      const file = displayPath(outcome.file, report.cwd);
      if (!finding.notebookCell) return { file, absolute: outcome.file, finding };
      return { file, absolute: outcome.file, cell: finding.notebookCell.cell, finding: { ...finding, range: finding.notebookCell.range } };
    }),
  );
}

/** Paths are shown relative to where the command runs, with forward slashes, like compilers do. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join("/");
}

/** A finding's fix the user can apply with --fix (safe), only with --unsafe-fixes, or none. */
export function fixKind(finding: Finding): "safe" | "unsafe" | "none" {
  if (finding.fixes.some((fix) => fix.safe)) return "safe";
  return finding.fixes.length > 0 ? "unsafe" : "none";
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
