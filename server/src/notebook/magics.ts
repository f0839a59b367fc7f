import type { Node, Tree } from "web-tree-sitter";
import { LineIndex } from "../engine/lineIndex";
import { parsePython } from "../python/parser";

/**
 * IPython syntax in a cell (`%time f()`, `!ping host`, `obj?`, `%%bash` cells) is not Python:
 * it is replaced by harmless text of the same length before parsing, so it causes no findings,
 * no parse errors around it, and every column of the real code stays where it is.
 */
export interface MaskedCell {
  /** The cell's text with the magics masked: same length, same line breaks. */
  text: string;
  /** Spans of the cell (offsets) that were masked; fixes must not touch them. */
  masks: Array<{ start: number; end: number }>;
}

/** Characters that start an IPython escape at the beginning of a logical line (see IPython's inputtransformer2). */
const ESCAPES = new Set(["%", "!", "?", "/", ",", ";"]);

/** Cell magics whose body is Python that IPython runs: only their first line is masked. */
const PYTHON_BODY_CELL_MAGICS = new Set(["time", "timeit", "capture", "prun", "debug"]);

/** Rounds of mask-and-reparse: a magic such as `!echo '''` can hide the lines after it until it is masked. */
const MAX_ROUNDS = 8;

export function maskMagics(source: string): MaskedCell {
  const masks: MaskedCell["masks"] = [];
  let text = source;
  const lines = new LineIndex(source);

  const first = firstCodeLine(lines);
  if (first !== undefined && lines.lineText(first).startsWith("%%")) {
    const name = /^%%\s*([\w.]+)/.exec(lines.lineText(first))?.[1] ?? "";
    if (!PYTHON_BODY_CELL_MAGICS.has(name)) {
      // `%%bash`, `%%html`, `%%writefile`…: the whole cell is another language.
      const start = lines.lineStart(first);
      return { text: text.slice(0, start) + blank(text.slice(start)), masks: [{ start, end: text.length }] };
    }
    text = mask(text, lines.lineStart(first), lines.lineEnd(first), masks);
  }

  if (!mayHoldMagic(lines)) return { text, masks };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const tree = parsePython(text);
    let found: Array<{ start: number; end: number }>;
    try {
      found = findLineMagics(tree, new LineIndex(text), masks);
    } finally {
      tree.delete();
    }
    if (found.length === 0) break;
    text = maskAll(text, found, masks);
  }
  masks.sort((a, b) => a.start - b.start);
  return { text, masks };
}

function firstCodeLine(lines: LineIndex): number | undefined {
  for (let line = 0; line < lines.lineCount; line++) if (lines.lineText(line).trim() !== "") return line;
  return undefined;
}

/** Cheap test before parsing: most cells have no line that could be a magic. */
function mayHoldMagic(lines: LineIndex): boolean {
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line).trim();
    if (text === "") continue;
    if (ESCAPES.has(text[0]) || text.endsWith("?") || assignedMagicStart(text) !== undefined) return true;
  }
  return false;
}

/** Replaces a span with `0` and spaces (a valid expression, also as `x = 0`), keeping line breaks. */
function mask(text: string, start: number, end: number, masks: MaskedCell["masks"]): string {
  return maskAll(text, [{ start, end }], masks);
}

/** Masks several spans (in order, not overlapping) in one pass over the text. */
function maskAll(text: string, spans: ReadonlyArray<{ start: number; end: number }>, masks: MaskedCell["masks"]): string {
  const pieces: string[] = [];
  let cursor = 0;
  for (const { start, end } of spans) {
    masks.push({ start, end });
    const replaced = blank(text.slice(start, end));
    pieces.push(text.slice(cursor, start), replaced.length > 0 && replaced[0] === " " ? "0" + replaced.slice(1) : replaced);
    cursor = end;
  }
  pieces.push(text.slice(cursor));
  return pieces.join("");
}

/** Every character but line breaks becomes a space. */
function blank(text: string): string {
  let out = "";
  for (const ch of text) out += ch === "\n" || ch === "\r" ? ch : " ".repeat(ch.length);
  return out;
}

function findLineMagics(tree: Tree, lines: LineIndex, done: MaskedCell["masks"]): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  // Lines are visited in order, so one pointer over the masks sorted by start finds the span holding an offset.
  const sorted = [...done].sort((a, b) => a.start - b.start);
  let next = 0;
  const alreadyMasked = (offset: number) => {
    while (next < sorted.length && sorted[next].end <= offset) next++;
    return next < sorted.length && sorted[next].start <= offset;
  };
  for (let line = 0; line < lines.lineCount; line++) {
    const lineStart = lines.lineStart(line);
    const raw = lines.lineText(line);
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (content === "") continue;
    const first = lineStart + indent;
    if (alreadyMasked(first) || isContinuation(tree, lines, line, first)) continue;
    let start: number | undefined;
    if (ESCAPES.has(content[0]) && !insideStringOrComment(tree, first)) start = first;
    else if (content.endsWith("?") && !insideStringOrComment(tree, lineStart + raw.trimEnd().length - 1)) start = first;
    else {
      // `files = !ls`, `t = %timeit -o f()`: only the right-hand side is IPython.
      const at = assignedMagicStart(raw.trimStart());
      if (at !== undefined && !insideStringOrComment(tree, first + at)) start = first + at;
    }
    if (start === undefined) continue;
    // A magic continues over lines that end with a backslash, as IPython reads it.
    let endLine = line;
    while (endLine + 1 < lines.lineCount && lines.lineText(endLine).trimEnd().endsWith("\\")) endLine++;
    found.push({ start, end: lines.lineEnd(endLine) });
    line = endLine;
  }
  return found;
}

/**
 * Where `!`/`%` starts in `name = !cmd` or `a, b = %magic`: the left side is names, dots and
 * commas only (IPython's assignment-magic form); undefined when the line is not of that form.
 */
function assignedMagicStart(line: string): number | undefined {
  let i = 0;
  while (i < line.length && (isNameChar(line[i]) || line[i] === "." || line[i] === "," || line[i] === " " || line[i] === "\t")) i++;
  if (i === 0 || line[i] !== "=" || line[i + 1] === "=") return undefined;
  i++;
  while (line[i] === " " || line[i] === "\t") i++;
  if (line[i] === "!" || line[i] === "%") return line[i + 1] === "=" ? undefined : i;
  return undefined;
}

function isNameChar(ch: string): boolean {
  return /[\p{L}\p{N}_]/u.test(ch);
}

function insideStringOrComment(tree: Tree, offset: number): boolean {
  for (let node: Node | null = tree.rootNode.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === "comment" || node.type === "string" || node.type === "string_content" || node.type === "concatenated_string") {
      // A string that does not close is error recovery (a magic's stray quote), not a string.
      return node.type === "comment" || !node.hasError;
    }
  }
  return false;
}

const OPENERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * Whether the line continues the previous logical line (inside brackets that close, inside a
 * string, or after a backslash): a `%` there is the modulo operator, not a magic.
 */
function isContinuation(tree: Tree, lines: LineIndex, line: number, first: number): boolean {
  if (line > 0) {
    const previousEnd = lines.lineEnd(line - 1);
    if (previousEnd > 0 && lines.text[previousEnd - 1] === "\\") {
      const node = tree.rootNode.descendantForIndex(previousEnd - 1);
      if (node?.type === "line_continuation" || node?.parent?.type === "line_continuation") return true;
    }
  }
  for (let node: Node | null = tree.rootNode.descendantForIndex(first); node; node = node.parent) {
    if (node.type === "string" && node.startIndex < first && !node.hasError) return true;
    if (node.type === "ERROR" || node.childCount < 2) continue;
    const open = node.child(0)!;
    const close = node.child(node.childCount - 1)!;
    if (OPENERS[open.type] === close.type && !close.isMissing && open.startIndex < first && close.startIndex >= first) return true;
  }
  return false;
}
