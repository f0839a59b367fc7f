import type { Palette } from "./colors";
import { printable } from "./printable";
import { fixKind, plural, reportedFindings, type CheckReport } from "./report";

/** `path:line:col: CODE message`, one finding a line, the way compilers print them. */
export function formatTextFindings(report: CheckReport, palette: Palette): string[] {
  return reportedFindings(report).map(({ file, cell, finding }) => {
    const position = `${cell !== undefined ? `cell ${cell}:` : ""}${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    return `${palette.path(printable(file))}:${palette.position(position)}: ${palette.code(finding.code, finding.severity)} ${printable(finding.message)}`;
  });
}

/** Counts per code in code order: `2 × AL101, 1 × AL302`. */
export function countsByCode(report: CheckReport): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { finding } of reportedFindings(report)) counts.set(finding.code, (counts.get(finding.code) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** The closing lines: what was fixed, what is left (with counts per code), and what --fix could still do. */
export function formatTextSummary(report: CheckReport, palette: Palette): string[] {
  const findings = reportedFindings(report);
  const checked = plural(report.outcomes.length, "file") + " checked";
  const lines: string[] = [];
  const fixed = report.outcomes.reduce((sum, outcome) => sum + outcome.fixesApplied, 0);
  const fixedFiles = report.outcomes.filter((outcome) => outcome.fixesApplied > 0).length;
  if (report.fixMode === "write" && fixed > 0) lines.push(palette.good(`Fixed ${plural(fixed, "problem")} in ${plural(fixedFiles, "file")}.`));
  if (findings.length === 0) {
    lines.push(palette.good(`No ${report.fixMode === "write" && fixed > 0 ? "remaining " : ""}problems found (${checked}).`));
    return lines;
  }
  const files = new Set(findings.map((item) => item.file)).size;
  const perCode = [...countsByCode(report)].map(([code, count]) => `${count} × ${code}`).join(", ");
  lines.push(palette.summary(`Found ${plural(findings.length, "problem")} in ${plural(files, "file")} (${checked}): ${perCode}.`));
  const safe = findings.filter((item) => fixKind(item.finding) === "safe").length;
  const unsafe = findings.filter((item) => fixKind(item.finding) === "unsafe").length;
  const hints: string[] = [];
  if (safe > 0 && report.fixMode !== "write") hints.push(`${safe} fixable with --fix`);
  if (unsafe > 0) hints.push(`${unsafe} ${hints.length > 0 ? "more" : "fixable"} with --fix --unsafe-fixes`);
  if (hints.length > 0) lines.push(`${hints.join(", ")}.`);
  return lines;
}
