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
}

export function toJsonFinding(file: string, finding: Finding): JsonFinding {
  return {
    file,
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
    reportedFindings(report).map(({ file, finding }) => toJsonFinding(file, finding)),
    null,
    2,
  );
}
