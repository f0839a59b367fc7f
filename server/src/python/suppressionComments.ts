import type { Node, Tree } from "web-tree-sitter";
import { t } from "../engine/l10n";
import type { LineIndex } from "../engine/lineIndex";
import { normalizeCodes, type Suppression } from "../engine/suppression";
import type { Range } from "../engine/types";

/**
 * Suppression directives in Python comments:
 *
 * - `# asynclint: ignore[AL101, AL102]` silences those codes on the comment's line,
 *   `# asynclint: ignore` silences every code there;
 * - `# asynclint: ignore-file[AL201]` (or bare `ignore-file`) silences them in the whole file, and only
 *   counts before the first statement (a module docstring does not count as one): like a shebang or an
 *   encoding line, it belongs with the file's header, where a reader looks for it;
 * - `# noqa: ASYNC251, RUF006` with Ruff's equivalent codes or ours silences them on the line. A bare
 *   `# noqa` is left to flake8/Ruff: hiding a real async bug behind a blanket directive is not ours to do.
 *
 * The comment's text comes from the tree-sitter `comment` node; the patterns below only read that text.
 */

/** User-visible text, in one place; English is the key of each translation. */
export const DIRECTIVE_MESSAGES = {
  misplacedIgnoreFile: () => t("`ignore-file` only counts before the first statement of the module; move it to the top"),
} as const;

export interface PythonDirective {
  owner: "asynclint" | "other";
  scope: "line" | "file";
  /** Our codes (aliases mapped); null silences every code. */
  codes: string[] | null;
  /** As written, same order as `codes`. */
  written: string[];
  /** Offsets inside the comment text: the directive (from its `#`), and the list of codes. */
  start: number;
  end: number;
  list?: { start: number; end: number };
}

// A code list stops at the next `#` (where another directive may start): scanning on to the end of a
// comment without `]` would re-read the rest for every directive in it, quadratic in the comment's length.
const ASYNCLINT_DIRECTIVE = /#\s*asynclint:\s*(ignore-file|ignore)(?![\w-])(?:\s*\[([^\]#]*)\])?/g;
// A Ruff/flake8 code list: letters then digits, separated by commas and/or spaces (`# noqa: E501,ASYNC251`).
const NOQA_DIRECTIVE = /#\s*noqa(?![\w-])(?::\s*([A-Za-z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Za-z]+[0-9]+)*))?/gi;
const CODE = /[^\s,]+/g;

function codesIn(text: string, base: number): { written: string[]; list?: { start: number; end: number } } {
  const written: string[] = [];
  let first = -1;
  let last = -1;
  for (const match of text.matchAll(CODE)) {
    written.push(match[0]);
    if (first < 0) first = base + match.index;
    last = base + match.index + match[0].length;
  }
  return { written, list: first < 0 ? undefined : { start: first, end: last } };
}

/** How far a list that follows a directive but does not parse reaches (bounded, so many directives stay linear); undefined when no list follows. */
function malformedListEnd(comment: string, end: number): number | undefined {
  const opening = /^[ \t]*\[/.exec(comment.slice(end, end + 64));
  if (!opening) return undefined;
  const from = end + opening[0].length;
  const window = comment.slice(from, from + MALFORMED_LIST_REACH);
  const closing = window.indexOf("]");
  if (closing >= 0) return from + closing + 1;
  const nextDirective = window.search(/#\s*(asynclint|noqa)/i);
  return nextDirective >= 0 ? from + nextDirective : from + window.length;
}

const MALFORMED_LIST_REACH = 200;

/** Every directive in one comment's text (a comment may hold `# noqa: E501  # asynclint: ignore[AL101]`). */
export function parsePythonComment(comment: string): PythonDirective[] {
  const directives: PythonDirective[] = [];
  for (const match of comment.matchAll(ASYNCLINT_DIRECTIVE)) {
    const scope = match[1] === "ignore-file" ? "file" : "line";
    const start = match.index;
    const end = start + match[0].length;
    if (match[2] === undefined) {
      const malformed = malformedListEnd(comment, end);
      // `ignore[AL#101]` or an unclosed `ignore[AL101`: a list that cannot be read names nothing (it must not
      // silence every code), and its removal takes the whole written directive, not just `# asynclint: ignore`.
      if (malformed !== undefined) directives.push({ owner: "asynclint", scope, codes: [], written: [], start, end: malformed });
      else directives.push({ owner: "asynclint", scope, codes: null, written: [], start, end });
      continue;
    }
    const listOffset = start + match[0].lastIndexOf("[") + 1;
    const { written, list } = codesIn(match[2], listOffset);
    // `ignore[]` names nothing: it silences nothing (and is reported as unused), rather than everything.
    directives.push({ owner: "asynclint", scope, codes: normalizeCodes(written.join(",")), written, start, end, list });
  }
  for (const match of comment.matchAll(NOQA_DIRECTIVE)) {
    if (match[1] === undefined) continue;
    const start = match.index;
    const listOffset = start + match[0].length - match[1].length;
    const { written, list } = codesIn(match[1], listOffset);
    directives.push({ owner: "other", scope: "line", codes: normalizeCodes(written.join(",")), written, start, end: start + match[0].length, list });
  }
  return directives.sort((a, b) => a.start - b.start);
}

/** The first asynclint directive of a comment, for code that adds codes to it ("disable for this line"). */
export function parsePythonDirective(comment: string): { codes: string[] | null; scope: "line" | "file" } | undefined {
  const directive = parsePythonComment(comment).find((d) => d.owner === "asynclint");
  return directive && { codes: directive.codes, scope: directive.scope };
}

/** Where the module's header ends: the start of its first statement that is not the docstring. */
function headerEnd(tree: Tree): number {
  const root = tree.rootNode;
  let first = true;
  for (const child of root.namedChildren) {
    if (!child || child.type === "comment") continue;
    const isDocstring = first && child.type === "expression_statement" && child.namedChildCount === 1 && child.namedChild(0)?.type === "string";
    first = false;
    if (isDocstring) continue;
    return child.startIndex;
  }
  return root.endIndex;
}

/** What suppressions read of a comment node (the incremental analysis keeps these for statements it does not re-read). */
export type CommentText = Pick<Node, "text" | "startIndex" | "endIndex">;

/** The Suppressions of a module's comments, with the ranges the unused-suppression fix needs. */
export function pythonSuppressions(tree: Tree, comments: readonly CommentText[], lines: LineIndex): Suppression[] {
  const suppressions: Suppression[] = [];
  const header = headerEnd(tree);
  const errors = errorSpans(tree);
  for (const comment of comments) {
    const text = comment.text;
    const directives = parsePythonComment(text);
    if (directives.length === 0) continue;
    const at = (offset: number) => lines.positionAt(comment.startIndex + offset);
    const span = (start: number, end: number): Range => ({ start: at(start), end: at(end) });
    const line = at(0).line;
    directives.forEach((directive, index) => {
      const suppression: Suppression = {
        line,
        codes: directive.codes,
        scope: directive.scope,
        range: span(directive.start, directive.end),
        owner: directive.owner,
        written: directive.written,
        removal: removalRange(comment, directives, index, lines),
      };
      if (directive.list) suppression.listRange = span(directive.list.start, directive.list.end);
      if (directive.scope === "file" && comment.startIndex >= header) suppression.inert = DIRECTIVE_MESSAGES.misplacedIgnoreFile();
      // In code that failed to parse, what looks like a comment may be part of an unterminated string.
      if (errors.some(([start, end]) => comment.startIndex <= end && start <= comment.endIndex)) suppression.inSyntaxError = true;
      suppressions.push(suppression);
    });
  }
  return suppressions;
}

/** Offsets of the ERROR and MISSING nodes; only subtrees marked as holding an error are entered. */
function errorSpans(tree: Tree): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!tree.rootNode.hasError) return spans;
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) spans.push([node.startIndex, node.endIndex]);
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return spans;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * What to delete so that one directive disappears and the rest of the comment (another tool's
 * `# noqa`, an explanation) stays: the directive and the blanks after it; when nothing else is in
 * the comment, the comment and the blanks before it; when nothing else is on the line, the line.
 */
function removalRange(comment: CommentText, directives: readonly PythonDirective[], index: number, lines: LineIndex): Range {
  const text = comment.text;
  const directive = directives[index];
  const rest = (text.slice(0, directive.start) + text.slice(directive.end)).trim();
  const absolute = (offset: number) => comment.startIndex + offset;
  if (rest.length > 0) {
    let end = directive.end;
    while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
    // At the end of the comment, eat the blanks before the directive instead (`# type: ignore  # asynclint: ignore`).
    let start = directive.start;
    if (end === text.length) while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
    // Prose after a directive that opens the comment (`# asynclint: ignore keeps it quiet`) must stay a comment: keep its `# `.
    if (start === 0 && end < text.length && text[end] !== "#") start = text[1] === " " ? 2 : 1;
    return lines.rangeOf(absolute(start), absolute(end));
  }
  const startPos = lines.positionAt(comment.startIndex);
  const lineStart = lines.lineStart(startPos.line);
  const lineEnd = lines.lineEnd(startPos.line);
  const before = lines.text.slice(lineStart, comment.startIndex);
  const after = lines.text.slice(comment.endIndex, lineEnd);
  if (before.trim() === "" && after.trim() === "") {
    // The comment is alone on its line: remove the line with its line break.
    const nextLine = startPos.line + 1 < lines.lineCount ? lines.lineStart(startPos.line + 1) : lineEnd;
    return lines.rangeOf(lineStart, nextLine);
  }
  let start = comment.startIndex;
  while (start > lineStart && (lines.text[start - 1] === " " || lines.text[start - 1] === "\t")) start--;
  return lines.rangeOf(start, comment.endIndex);
}
