import { diffLines } from "diff";
import { LineIndex } from "../engine/lineIndex";
import type { Position, Range, TextEdit } from "../engine/types";
import { maskMagics, type MaskedCell } from "./magics";

/**
 * A comment line between two cells of the joined program. It keeps the cells apart so a fixed
 * program can be cut back into its cells exactly; fixes that touch it are not offered.
 */
export const CELL_BOUNDARY = "#~asynclint~ next notebook cell";

/** An edit of one cell, in the cell's own coordinates. `cell` indexes the cells the program was built from. */
export interface CellEdit {
  cell: number;
  edit: TextEdit;
}

interface ProgramCell {
  source: string;
  masked: MaskedCell;
  lines: LineIndex;
  /** Program line of the cell's first line. */
  startLine: number;
  /** Lines the cell occupies in the program (its boundary line not counted). */
  lineCount: number;
  /** The program adds a line break after a cell that does not end with one. */
  addedBreak: boolean;
}

/**
 * A notebook's code cells joined into one Python program, in order, as the kernel runs them:
 * names bound in an earlier cell are visible in a later one. Magics are masked (same length),
 * so every program line is a line of exactly one cell, at the same columns.
 */
export class NotebookProgram {
  readonly text: string;
  private readonly cells: ProgramCell[] = [];

  constructor(sources: readonly string[]) {
    const parts: string[] = [];
    let line = 0;
    sources.forEach((source, index) => {
      if (index > 0) {
        parts.push(CELL_BOUNDARY + "\n");
        line++;
      }
      const masked = maskedCell(source);
      const lines = new LineIndex(source);
      const endsWithBreak = source.endsWith("\n") || source.endsWith("\r");
      const lineCount = lines.lineCount - (endsWithBreak ? 1 : 0);
      this.cells.push({ source, masked, lines, startLine: line, lineCount, addedBreak: !endsWithBreak });
      parts.push(masked.text, endsWithBreak ? "" : "\n");
      line += lineCount;
    });
    this.text = parts.join("");
  }

  get cellCount(): number {
    return this.cells.length;
  }

  /** The cell (index) a program line belongs to; undefined for boundary lines. */
  cellOfLine(line: number): number | undefined {
    const index = this.cellIndexAt(line);
    const cell = this.cells[index];
    return cell && line - cell.startLine < cell.lineCount ? index : undefined;
  }

  /** A program range as a range of one cell; undefined when it leaves its cell (such findings are about two cells). */
  toCellRange(range: Range): { cell: number; range: Range } | undefined {
    const start = this.locate(range.start);
    const end = this.locate(range.end);
    if (!start || !end || start.cell !== end.cell || start.offset === this.cells[start.cell].source.length + 1) return undefined;
    const cell = this.cells[start.cell];
    const clamp = (offset: number) => Math.min(offset, cell.source.length);
    return { cell: start.cell, range: cell.lines.rangeOf(clamp(start.offset), clamp(end.offset)) };
  }

  /**
   * A program edit as an edit of one cell. Undefined when it cannot be one: it spans cells,
   * touches a boundary line, or touches a masked magic (the cell holds other text there).
   */
  toCellEdit(edit: TextEdit): CellEdit | undefined {
    const start = this.locate(edit.range.start);
    const end = this.locate(edit.range.end);
    if (!start || !end || start.cell !== end.cell) return undefined;
    const cell = this.cells[start.cell];
    let from = start.offset;
    let to = end.offset;
    const touchesMask = cell.masked.masks.some((mask) => (from === to ? mask.start < from && from < mask.end : from < mask.end && mask.start < to));
    if (touchesMask) return undefined;
    let newText = edit.newText;
    const length = cell.source.length;
    if (cell.addedBreak && to > length) {
      // The edit reaches the line break the program added after the cell: the cell has none.
      if (from > length) newText = "\n" + newText;
      from = Math.min(from, length);
      to = length;
      if (newText.endsWith("\n")) newText = newText.slice(0, -1);
    }
    return { cell: start.cell, edit: { range: cell.lines.rangeOf(from, to), newText } };
  }

  /**
   * The cells' sources for a program text made from this one by fixes (magics put back). Undefined
   * when the text no longer has this program's cells, or a change reaches into a magic.
   */
  cellSourcesOf(text: string): string[] | undefined {
    if (text === this.text) return this.cells.map((cell) => cell.source);
    const chunks = splitAtBoundaries(text);
    if (chunks.length !== this.cells.length) return undefined;
    const sources: string[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const cell = this.cells[i];
      let chunk = chunks[i];
      if (cell.addedBreak && chunk.endsWith("\n")) chunk = chunk.slice(0, -1);
      const restored = restoreMagics(cell, chunk);
      if (restored === undefined) return undefined;
      sources.push(restored);
    }
    return sources;
  }

  /** Where a program position is: a cell and an offset into the cell's text plus the added line break. */
  private locate(position: Position): { cell: number; offset: number } | undefined {
    const index = this.cellIndexAt(position.line);
    const cell = this.cells[index];
    if (!cell) return undefined;
    const line = position.line - cell.startLine;
    if (line < cell.lineCount) return { cell: index, offset: cell.lines.offsetAt({ line, character: position.character }) };
    // The start of the boundary line (or of the program's last, empty line) ends the cell.
    if (line === cell.lineCount && position.character === 0) return { cell: index, offset: cell.source.length + (cell.addedBreak ? 1 : 0) };
    return undefined;
  }

  private cellIndexAt(line: number): number {
    let low = 0;
    let high = this.cells.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.cells[mid].startLine <= line) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/**
 * Masking parses a cell that holds a magic; while one cell is edited the others keep their text,
 * so their masks are remembered (by text, a bounded number of them, oldest forgotten first).
 */
const maskCache = new Map<string, MaskedCell>();
const MASK_CACHE_SIZE = 2000;

function maskedCell(source: string): MaskedCell {
  let masked = maskCache.get(source);
  if (masked) {
    maskCache.delete(source);
  } else {
    masked = maskMagics(source);
    if (maskCache.size >= MASK_CACHE_SIZE) maskCache.delete(maskCache.keys().next().value!);
  }
  maskCache.set(source, masked);
  return masked;
}

/** The program text between boundary lines (each chunk keeps its final line break). */
function splitAtBoundaries(text: string): string[] {
  const lines = new LineIndex(text);
  const chunks: string[] = [];
  let chunkStart = 0;
  for (let line = 0; line < lines.lineCount; line++) {
    if (lines.lineText(line) !== CELL_BOUNDARY) continue;
    chunks.push(text.slice(chunkStart, lines.lineStart(line)));
    chunkStart = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
  }
  chunks.push(text.slice(chunkStart));
  return chunks;
}

/** The cell's source with a fixed masked text: unchanged lines keep their magics; changed lines must hold none. */
function restoreMagics(cell: ProgramCell, fixed: string): string | undefined {
  if (fixed === cell.masked.text) return cell.source;
  if (cell.masked.masks.length === 0) return fixed;
  let out = "";
  let offset = 0;
  for (const part of diffLines(cell.masked.text, fixed)) {
    const length = part.value.length;
    if (part.added) {
      out += part.value;
      continue;
    }
    if (part.removed && cell.masked.masks.some((mask) => offset < mask.end && mask.start < offset + length)) return undefined;
    if (!part.removed) out += cell.source.slice(offset, offset + length);
    offset += length;
  }
  return out;
}
