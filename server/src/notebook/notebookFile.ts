import type { EngineOptions } from "../engine/analyze";
import { t } from "../engine/l10n";
import { megabytes, readRegularFile, snapshotOf, type FileSnapshot } from "../engine/readBounded";
import type { AnalysisResult, Finding } from "../engine/types";
import { analyzeNotebookProgram } from "./analyzeNotebook";
import { readNotebook, writeNotebook, type NotebookFile } from "./ipynb";
import { NotebookProgram } from "./notebookProgram";

/**
 * A `.ipynb` file as the CLI checks it: the program its Python cells make, and the way back
 * from a fixed program to the file's bytes (only the changed cells' `source` rewritten).
 */
export interface LoadedNotebook {
  text: string;
  notebook: true;
  file: NotebookFile;
  program: NotebookProgram;
  /** The file as it was read (absent for standard input): --fix replaces it only while it still is so. */
  snapshot?: FileSnapshot;
  serialize(text: string): { ok: true; bytes: Buffer } | { ok: false; reason: string };
  /** The file's text before and after, for a unified diff of the notebook itself. */
  fileTexts(text: string): { before: string; after: string } | undefined;
}

export type LoadNotebookResult = { ok: true; source: LoadedNotebook } | { ok: false; skipped: boolean; message: string };

/**
 * A notebook file's bytes are mostly outputs (images, tables): the file may be far larger than
 * the code `maxFileSize` is about. It is still read bounded (see readBounded.ts); the program its
 * cells make is judged by `maxFileSize` when analyzed.
 */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** Reads a notebook from its path, or from the bytes given (standard input). */
export function loadNotebookFile(path: string, given?: Buffer, maxFileSize = 0): LoadNotebookResult {
  let bytes: Buffer;
  let snapshot: FileSnapshot | undefined;
  if (given) bytes = given;
  else {
    const cap = Math.max(maxFileSize, MAX_NOTEBOOK_BYTES);
    const read = readRegularFile(path, cap);
    if (!read.ok) {
      if (read.problem === "too-large") return { ok: false, skipped: true, message: `not analyzed: the notebook is ${megabytes(read.size ?? 0)}, larger than ${megabytes(cap)}.` };
      if (read.problem === "special") return { ok: false, skipped: true, message: `not analyzed: ${read.message}.` };
      return { ok: false, skipped: false, message: read.message };
    }
    bytes = read.bytes;
    snapshot = snapshotOf(read);
  }
  let text: string;
  try {
    // nbformat files are UTF-8 JSON.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, skipped: false, message: t("not a valid notebook: it is not UTF-8 text") };
  }
  const read = readNotebook(text);
  if (!read.ok) return read;
  return { ok: true, source: loadedNotebook(read.notebook, snapshot) };
}

export function loadedNotebook(file: NotebookFile, snapshot?: FileSnapshot): LoadedNotebook {
  const program = new NotebookProgram(file.cells.map((cell) => cell.source));
  const fileTextFor = (text: string): string | undefined => {
    const sources = program.cellSourcesOf(text);
    return sources && writeNotebook(file, sources);
  };
  return {
    text: program.text,
    notebook: true,
    file,
    snapshot,
    program,
    serialize(text) {
      const written = fileTextFor(text);
      if (written === undefined) return { ok: false, reason: "the fixes reach into an IPython magic or across cells" };
      return { ok: true, bytes: Buffer.from(written, "utf8") };
    },
    fileTexts(text) {
      const after = fileTextFor(text);
      return after === undefined ? undefined : { before: (file.bom ? "\ufeff" : "") + file.text, after };
    },
  };
}

export function isLoadedNotebook(source: object): source is LoadedNotebook {
  return "program" in source && (source as { notebook?: unknown }).notebook === true;
}

/**
 * Analyzes a program text of the notebook (the original, or one made by fixes). Findings keep
 * program ranges, which fix-all works with, and carry their cell: its number in the notebook
 * and the range inside it, which is what the user is shown.
 */
export function analyzeNotebookText(text: string, source: LoadedNotebook, options: EngineOptions, path?: string): AnalysisResult {
  let program = source.program;
  if (text !== program.text) {
    const sources = program.cellSourcesOf(text);
    if (!sources) return { findings: [], notices: [] };
    program = new NotebookProgram(sources);
    if (program.text !== text) return { findings: [], notices: [] };
  }
  const result = analyzeNotebookProgram(program, options, path);
  const findings: Finding[] = [];
  for (const finding of result.findings) {
    const located = program.toCellRange(finding.range)!;
    findings.push({ ...finding, notebookCell: { cell: source.file.cells[located.cell].number, range: located.range } });
  }
  return { findings, notices: result.notices };
}
