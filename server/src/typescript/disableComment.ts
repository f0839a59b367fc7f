import ts from "typescript";
import { LineIndex } from "../engine/lineIndex";
import type { TextEdit } from "../engine/types";

const NEXT_LINE_DIRECTIVE = /^(\s*)\/\/\s*asynclint-ignore-next-line\b(.*)$/;

function scriptKind(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (lower.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.(c|m)?js$/.test(lower)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The innermost node (tokens included) that contains the offset. */
function nodeAt(sourceFile: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child = node.getChildren(sourceFile).find((c) => c.getStart(sourceFile) <= offset && offset < c.getEnd());
    if (!child) return node;
    node = child;
  }
}

/**
 * The edit that silences `code` on one line of a TypeScript/JavaScript file: adds the code to an
 * `// asynclint-ignore-next-line` comment on the line above, or inserts one there (as
 * `{/* … *\/}` between JSX children, where `//` would be shown as text). Undefined when the line
 * starts inside a string or template, where a new line would change the value.
 */
export function disableLineEditTypeScript(text: string, fileName: string, line: number, code: string): TextEdit | undefined {
  const lines = new LineIndex(text);
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)![0];
  if (indent.length === lineText.length) return undefined;
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const lineCodeStart = lineStart + indent.length;
  let first = nodeAt(sourceFile, lineCodeStart);
  // The line continues a token that began above: a multi-line string, template or JSX text.
  if (first.getStart(sourceFile) < lineCodeStart && (ts.isStringLiteralLike(first) || ts.isTemplateLiteralToken(first) || first.kind === ts.SyntaxKind.JsxText)) return undefined;
  // The outermost node that starts the line: is it a child between JSX tags?
  while (first.parent && first.parent !== sourceFile && first.parent.getStart(sourceFile) === lineCodeStart) first = first.parent;
  const parent = first.parent;
  const insideJsxChildren =
    first.kind === ts.SyntaxKind.JsxText ||
    (!!parent && (ts.isJsxElement(parent) || ts.isJsxFragment(parent)) && !ts.isJsxOpeningElement(first) && !ts.isJsxClosingElement(first) && !ts.isJsxOpeningFragment(first) && !ts.isJsxClosingFragment(first));
  if (line > 0 && !insideJsxChildren) {
    const above = NEXT_LINE_DIRECTIVE.exec(lines.lineText(line - 1));
    if (above) {
      const codes = above[2].split(/[\s,]+/).filter(Boolean);
      if (codes.length === 0 || codes.map((c) => c.toUpperCase()).includes(code)) return undefined;
      const end = lines.positionAt(lines.lineStart(line - 1) + lines.lineText(line - 1).trimEnd().length);
      return { range: { start: end, end }, newText: `, ${code}` };
    }
  }
  const at = lines.positionAt(lineStart);
  const comment = insideJsxChildren ? `{/* asynclint-ignore-next-line ${code} */}` : `// asynclint-ignore-next-line ${code}`;
  return { range: { start: at, end: at }, newText: `${indent}${comment}${lines.eol}` };
}

const FILE_DIRECTIVE = /^(\s*\/\*\s*asynclint-ignore-file\b)([^*]*?)(\s*\*\/)/;

/**
 * The edit that silences `code` in the whole file ("Disable ALxxx for this file"): adds the code to
 * a `/* asynclint-ignore-file … *\/` comment in the file's header (its leading comments and blank
 * lines), or writes one above the first line, below a shebang (which must stay first). Undefined
 * when the header already silences it (a directive without codes silences every rule).
 */
export function disableFileEditTypeScript(text: string, code: string): TextEdit | undefined {
  const lines = new LineIndex(text);
  const eol = lines.eol;
  let line = lines.lineText(0).startsWith("#!") ? 1 : 0;
  const insertAt = line;
  for (; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    const directive = FILE_DIRECTIVE.exec(lineText);
    if (directive) {
      const codes = directive[2].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
      if (codes.length === 0 || codes.includes(code)) return undefined;
      const at = { line, character: directive[1].length + directive[2].length };
      return { range: { start: at, end: at }, newText: `, ${code}` };
    }
    // The header ends at the first line that is neither blank nor a one-line comment.
    if (!/^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(lineText)) break;
  }
  if (insertAt >= lines.lineCount) {
    const end = lines.positionAt(text.length);
    return { range: { start: end, end }, newText: `${eol}/* asynclint-ignore-file ${code} */${eol}` };
  }
  const at = { line: insertAt, character: 0 };
  return { range: { start: at, end: at }, newText: `/* asynclint-ignore-file ${code} */${eol}` };
}
