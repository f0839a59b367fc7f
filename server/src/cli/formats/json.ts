import { ruleByCode } from "../../engine/catalogue";
import type { Finding } from "../../engine/types";
import { reportedFindings, type CheckReport } from "./report";

/** One finding of the CLI's JSON output. This shape is a public contract: add fields, never change these. */
export interface JsonFinding {
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
  /** Only for notebooks: the cell (1-based, as editors number them); line and column are then the cell's. */
  cell?: number;
}

export function toJsonFinding(file: string, finding: Finding, cell?: number): JsonFinding {
  return {
    file,
    ...(cell !== undefined ? { cell } : {}),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    code: finding.code,
    name: ruleByCode(finding.code)?.name ?? finding.code,
    severity: finding.severity,
    message: finding.message,
    fixable: finding.fixes.length > 0,
  };
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify(
    reportedFindings(report).map(({ file, cell, finding }) => toJsonFinding(file, finding, cell)),
    null,
    2,
  );
}
