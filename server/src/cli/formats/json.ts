import { ruleByCode } from "../../engine/catalogue";
import { chosenFix } from "../../engine/fixAll";
import type { Finding, Position } from "../../engine/types";
import { displayPath, reportedFindings, type CheckReport } from "./report";

/** A position as Ruff's JSON writes it: 1-based row and column. */
export interface JsonLocation {
  row: number;
  column: number;
}

/** One replacement of a fix, in Ruff's shape: the text from `location` up to `end_location` becomes `content`. */
export interface JsonEdit {
  content: string;
  location: JsonLocation;
  end_location: JsonLocation;
}

/** The fix `--fix` would apply to a finding (or, when it has only unsafe ones, `--fix --unsafe-fixes`), in Ruff's shape. */
export interface JsonFix {
  /** "safe": `--fix` applies it; "unsafe": only `--fix --unsafe-fixes`, since it may change what the code does (the message says what). */
  applicability: "safe" | "unsafe";
  message: string;
  /**
   * Absent for a notebook's finding: the fix edits the program the cells make, not the file,
   * so there is no file position to give (`--fix` applies it all the same).
   */
  edits?: JsonEdit[];
}

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
  /** The fix that would be applied, or null when the finding has none (`fixable` is then false). */
  fix: JsonFix | null;
  /** Places that explain the finding (the blocking call a helper reaches); absent when there are none. `file` is shown as the finding's file is. */
  related?: JsonRelated[];
}

export interface JsonRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

function location(position: Position): JsonLocation {
  return { row: position.line + 1, column: position.character + 1 };
}

function jsonFix(finding: Finding, inNotebook: boolean): JsonFix | null {
  const fix = chosenFix(finding, false) ?? chosenFix(finding, true);
  if (!fix) return null;
  return {
    applicability: fix.safe ? "safe" : "unsafe",
    message: fix.title,
    ...(inNotebook
      ? {}
      : { edits: fix.edits.map((edit) => ({ content: edit.newText, location: location(edit.range.start), end_location: location(edit.range.end) })) }),
  };
}

/** `showPath`: how a file other than the finding's is named in the output (as the finding's own file is). */
export function toJsonFinding(file: string, finding: Finding, cell?: number, showPath: (absolute: string) => string = (absolute) => absolute): JsonFinding {
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
    fix: jsonFix(finding, cell !== undefined || finding.notebookCell !== undefined),
    ...(finding.related && cell === undefined && finding.notebookCell === undefined
      ? {
          related: finding.related.map((place) => ({
            file: place.file === undefined ? file : showPath(place.file),
            line: place.range.start.line + 1,
            column: place.range.start.character + 1,
            endLine: place.range.end.line + 1,
            endColumn: place.range.end.character + 1,
            message: place.message,
          })),
        }
      : {}),
  };
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify(
    reportedFindings(report).map(({ file, cell, finding }) => toJsonFinding(file, finding, cell, (absolute) => displayPath(absolute, report.cwd))),
    null,
    2,
  );
}
