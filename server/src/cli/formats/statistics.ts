import { ruleByCode } from "../../engine/catalogue";
import { fixKind, reportedFindings, type CheckReport } from "./report";

export interface CodeStatistics {
  code: string;
  name: string;
  count: number;
  /** How many of them --fix can fix (safe fixes). */
  fixable: number;
}

/** One row per code that has findings, most frequent first (then by code). */
export function statistics(report: CheckReport): CodeStatistics[] {
  const rows = new Map<string, CodeStatistics>();
  for (const { finding } of reportedFindings(report)) {
    let row = rows.get(finding.code);
    if (!row) rows.set(finding.code, (row = { code: finding.code, name: ruleByCode(finding.code)?.name ?? finding.code, count: 0, fixable: 0 }));
    row.count++;
    if (fixKind(finding) === "safe") row.fixable++;
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** `    12  AL102  blocking-call  (8 fixable)`, aligned. */
export function formatStatisticsText(rows: readonly CodeStatistics[]): string[] {
  const width = Math.max(1, ...rows.map((row) => String(row.count).length));
  const nameWidth = Math.max(0, ...rows.map((row) => row.name.length));
  return rows.map((row) => {
    const fixable = row.fixable > 0 ? `  (${row.fixable} fixable)` : "";
    return `${String(row.count).padStart(width)}  ${row.code}  ${row.name.padEnd(nameWidth)}${fixable}`.trimEnd();
  });
}
