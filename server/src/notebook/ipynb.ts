import { t } from "../engine/l10n";
import { JsonSyntaxError, member, parseJsonWithSpans, type JsonNode } from "./jsonSpans";

/**
 * A Jupyter notebook file (nbformat 4 JSON) as asynclint reads it: the code cells of Python, and
 * where each cell's `source` is written, so fixed cells can be put back without touching the
 * rest of the file (outputs, metadata, indentation, key order, the final line break).
 */
export interface NotebookFile {
  /** The file's text, without a byte order mark. */
  text: string;
  bom: boolean;
  cells: NotebookCodeCell[];
}

export interface NotebookCodeCell {
  /** 1-based position among all the notebook's cells (markdown included), as editors count them. */
  number: number;
  source: string;
  /** How `source` is written: one string, or a list of lines (what Jupyter writes). */
  sourceNode: JsonNode;
}

export type ReadNotebookResult = { ok: true; notebook: NotebookFile } | { ok: false; skipped: boolean; message: string };

export function isNotebookPath(file: string): boolean {
  return file.toLowerCase().endsWith(".ipynb");
}

/** Reads a notebook's text. Never throws: a file that is not a readable nbformat 4 notebook gives one message. */
export function readNotebook(fileText: string): ReadNotebookResult {
  const bom = fileText.startsWith("\ufeff");
  const text = bom ? fileText.slice(1) : fileText;
  let root: JsonNode;
  try {
    root = parseJsonWithSpans(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, skipped: false, message: t("not a valid notebook: malformed JSON ({0})", error.message) };
    throw error;
  }
  if (root.kind !== "object") return { ok: false, skipped: false, message: t("not a valid notebook: the file is JSON but not an object") };
  const format = member(root, "nbformat");
  if (format?.kind === "literal" && typeof format.value === "number" && format.value !== 4) {
    return { ok: false, skipped: true, message: t("not analyzed: nbformat {0} notebooks are not read, only nbformat 4 (open and save it in Jupyter to convert it)", format.value) };
  }
  const cells = member(root, "cells");
  if (cells?.kind !== "array") return { ok: false, skipped: false, message: t("not a valid notebook: it has no `cells` list (nbformat 4)") };
  const language = kernelLanguage(root);
  if (language !== undefined && language.toLowerCase() !== "python") {
    return { ok: false, skipped: true, message: t("not analyzed: the notebook's kernel language is {0}, not Python", language) };
  }
  const codeCells: NotebookCodeCell[] = [];
  for (let index = 0; index < cells.items.length; index++) {
    const cell = cells.items[index];
    const type = member(cell, "cell_type");
    if (type?.kind !== "string" || type.value !== "code" || !isPythonCell(cell)) continue;
    const sourceNode = member(cell, "source");
    const source = sourceNode && sourceText(sourceNode);
    if (!sourceNode || source === undefined) {
      return { ok: false, skipped: false, message: t("not a valid notebook: cell {0} has no `source` string or list of strings", index + 1) };
    }
    codeCells.push({ number: index + 1, source, sourceNode });
  }
  return { ok: true, notebook: { text, bom, cells: codeCells } };
}

function kernelLanguage(root: JsonNode): string | undefined {
  const metadata = member(root, "metadata");
  for (const candidate of [member(member(metadata, "kernelspec"), "language"), member(member(metadata, "language_info"), "name")]) {
    if (candidate?.kind === "string" && candidate.value !== "") return candidate.value;
  }
  return undefined;
}

/** VS Code records a cell's language when it differs from the kernel's (an SQL or R cell in a Python notebook). */
function isPythonCell(cell: JsonNode): boolean {
  const languageId = member(member(member(cell, "metadata"), "vscode"), "languageId");
  return languageId?.kind !== "string" || languageId.value === "python";
}

function sourceText(node: JsonNode): string | undefined {
  if (node.kind === "string") return node.value;
  if (node.kind !== "array") return undefined;
  let text = "";
  for (const item of node.items) {
    if (item.kind !== "string") return undefined;
    text += item.value;
  }
  return text;
}

/**
 * The notebook's text with new sources for its code cells (one per cell, in order). Only the
 * `source` values of cells whose text changed are rewritten, each in the form it had.
 */
export function writeNotebook(notebook: NotebookFile, sources: readonly string[]): string {
  if (sources.length !== notebook.cells.length) throw new Error("writeNotebook: one source per code cell is needed");
  const asciiOnly = !/[^\x00-\x7f]/.test(notebook.text);
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  notebook.cells.forEach((cell, index) => {
    if (sources[index] === cell.source) return;
    const node = cell.sourceNode;
    const text = node.kind === "array" ? writeLines(notebook.text, node, sources[index], asciiOnly) : jsonString(sources[index], asciiOnly);
    replacements.push({ start: node.start, end: node.end, text });
  });
  let out = notebook.text;
  for (const replacement of replacements.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, replacement.start) + replacement.text + out.slice(replacement.end);
  }
  return (notebook.bom ? "\ufeff" : "") + out;
}

/** A string literal as the file writes them: files written with only ASCII escape everything else. */
function jsonString(value: string, asciiOnly: boolean): string {
  const json = JSON.stringify(value);
  return asciiOnly ? json.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

/** Lines with their line breaks, as nbformat stores them (the last one may lack its break). */
function splitKeepingBreaks(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * A list of lines laid out like the original list (its indentation and separators). Lines equal
 * to the original's at the start and the end keep their original text, escapes included.
 */
function writeLines(fileText: string, node: Extract<JsonNode, { kind: "array" }>, source: string, asciiOnly: boolean): string {
  const lines = splitKeepingBreaks(source);
  if (lines.length === 0) return "[]";
  const old = node.items as Array<Extract<JsonNode, { kind: "string" }>>;
  const layout = listLayout(fileText, node);
  const raw = lines.map((line) => jsonString(line, asciiOnly));
  let head = 0;
  while (head < lines.length && head < old.length && old[head].value === lines[head]) {
    raw[head] = fileText.slice(old[head].start, old[head].end);
    head++;
  }
  for (let tail = 1; tail <= Math.min(lines.length, old.length) - head; tail++) {
    const before = old[old.length - tail];
    if (before.value !== lines[lines.length - tail]) break;
    raw[lines.length - tail] = fileText.slice(before.start, before.end);
  }
  return `[${layout.open}${raw.join(layout.separator)}${layout.close}]`;
}

/** The whitespace around and between a list's items, taken from the list itself or, for `[]`, from the file. */
function listLayout(fileText: string, node: Extract<JsonNode, { kind: "array" }>): { open: string; separator: string; close: string } {
  const items = node.items;
  if (items.length > 0) {
    const open = fileText.slice(node.start + 1, items[0].start);
    const close = fileText.slice(items[items.length - 1].end, node.end - 1);
    const separator = items.length > 1 ? fileText.slice(items[0].end, items[1].start) : "," + open;
    return { open, separator, close };
  }
  // An empty list: indent one level deeper than the line that holds it, with the file's indent unit.
  const lineStart = fileText.lastIndexOf("\n", node.start) + 1;
  const indent = /^[ \t]*/.exec(fileText.slice(lineStart))![0];
  if (lineStart === 0 && !fileText.slice(0, node.start).includes("\n")) return { open: "", separator: ", ", close: "" };
  const unit = /\n([ \t]+)"/.exec(fileText)?.[1] ?? " ";
  return { open: `\n${indent}${unit}`, separator: `,\n${indent}${unit}`, close: `\n${indent}` };
}
