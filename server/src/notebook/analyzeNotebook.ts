import { analyzePythonSource, type EngineOptions } from "../engine/analyze";
import { fixAll } from "../engine/fixAll";
import type { AnalysisResult, Finding, Range, Severity } from "../engine/types";
import { NotebookProgram, type CellEdit } from "./notebookProgram";

/** A fix whose edits may land in several cells (a quick fix in cell 3 that adds `import asyncio` to cell 1). */
export interface NotebookFix {
  title: string;
  safe: boolean;
  edits: CellEdit[];
}

/** A finding in one cell, in the cell's coordinates; `cell` indexes the cells the program was built from. */
export interface CellFinding {
  cell: number;
  code: string;
  range: Range;
  message: string;
  severity: Severity;
  fixes: NotebookFix[];
}

/**
 * Analyzes the joined program as a notebook (top-level `await` is valid, a loop is running).
 * Findings stay in program coordinates, so fix-all can work on the program text, but only those
 * that sit in one cell are kept (a finding about code in two cells is no mistake: the user runs
 * cells one by one), and only fixes that map onto cells.
 */
export function analyzeNotebookProgram(program: NotebookProgram, options: EngineOptions, path?: string): AnalysisResult {
  const result = analyzePythonSource({ text: program.text, path, notebook: true }, options);
  const findings: Finding[] = [];
  for (const finding of result.findings) {
    if (!program.toCellRange(finding.range)) continue;
    findings.push({ ...finding, fixes: finding.fixes.filter((fix) => fix.edits.every((edit) => program.toCellEdit(edit) !== undefined)) });
  }
  return { findings, notices: result.notices };
}

/** Program findings (from `analyzeNotebookProgram`) as findings of cells. */
export function toCellFindings(program: NotebookProgram, findings: readonly Finding[]): CellFinding[] {
  const cellFindings: CellFinding[] = [];
  for (const finding of findings) {
    const located = program.toCellRange(finding.range);
    if (!located) continue;
    const fixes: NotebookFix[] = [];
    for (const fix of finding.fixes) {
      const edits = fix.edits.map((edit) => program.toCellEdit(edit));
      if (edits.every((edit) => edit !== undefined)) fixes.push({ title: fix.title, safe: fix.safe, edits: edits as CellEdit[] });
    }
    cellFindings.push({ cell: located.cell, code: finding.code, range: located.range, message: finding.message, severity: finding.severity, fixes });
  }
  return cellFindings;
}

/**
 * The analysis of any program text made from `program` by fixes: the text is cut back into cells,
 * the magics are put back, and the cells are joined again. A text that no longer has the
 * program's cells gives no findings, which ends fix-all.
 */
export function programAnalyzer(program: NotebookProgram, options: EngineOptions, path?: string): (text: string) => Finding[] {
  return (text) => {
    if (text === program.text) return analyzeNotebookProgram(program, options, path).findings;
    const sources = program.cellSourcesOf(text);
    if (!sources) return [];
    const rebuilt = new NotebookProgram(sources);
    return rebuilt.text === text ? analyzeNotebookProgram(rebuilt, options, path).findings : [];
  };
}

/** Fix-all over a notebook's cells: the new source of every cell (unchanged ones as they were) and how many fixes were applied. */
export function fixAllNotebook(
  program: NotebookProgram,
  options: EngineOptions,
  path?: string,
  fixOptions: { unsafe?: boolean; maxPasses?: number; /** Only this rule's fixes ("Fix all ALxxx problems"). */ code?: string } = {},
): { sources: string[]; applied: number } | undefined {
  const analyze = programAnalyzer(program, options, path);
  const code = fixOptions.code;
  const fixed = fixAll(program.text, code ? (text) => analyze(text).filter((finding) => finding.code === code) : analyze, fixOptions);
  const sources = program.cellSourcesOf(fixed.text);
  return sources ? { sources, applied: fixed.applied } : undefined;
}
