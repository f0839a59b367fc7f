import ts from "typescript";
import { RULES } from "../engine/catalogue";
import type { LineIndex } from "../engine/lineIndex";
import { normalizeCodes, type Suppression } from "../engine/suppression";
import { awaitInLoopDirectives } from "./loopOrderDirectives";
import { isTypeTestFile, TYPE_TEST_CODES } from "./typeTests";

/**
 * Suppression comments in TypeScript and JavaScript:
 *   `// asynclint-ignore-next-line AL301`, `foo(); // asynclint-ignore AL301`,
 *   `/* asynclint-ignore-file AL201 *\/` (no codes: every rule), and typescript-eslint's
 *   `// eslint-disable-next-line @typescript-eslint/no-floating-promises` (AL301),
 *   `no-misused-promises` (AL303, AL304), `await-thenable` (AL305), `return-await` (AL306) or ESLint's
 *   `no-async-promise-executor` (AL307), also as `eslint-disable-line`, so decisions made for
 *   typescript-eslint carry over; ESLint's `no-await-in-loop` switched off for an await silences
 *   AL202 on its loops (loopOrderDirectives.ts).
 *
 * Code that is wrong on purpose gets no findings either: the line after `// @ts-expect-error` or
 * `// @ts-ignore` (the author expects that line not to type-check; type tests are full of them),
 * and AL301/AL303 in a type-test file (see typeTests.ts).
 */
const MARKERS = /asynclint-ignore|eslint-disable-(?:next-)?line|@ts-(?:expect-error|ignore)/;

/** As TypeScript reads its directives: `//` (or `///`) then `@ts-…`; in a block comment, its last line may start with `*`s. */
const TS_DIRECTIVE_LINE = /^\/\/\/?\s*@ts-(?:expect-error|ignore)/;
const TS_DIRECTIVE_BLOCK = /^(?:\/|\*)*\s*@ts-(?:expect-error|ignore)/;

function isTypeScriptDirective(text: string, range: ts.CommentRange): boolean {
  const raw = text.slice(range.pos, range.end);
  if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) return TS_DIRECTIVE_LINE.test(raw);
  return TS_DIRECTIVE_BLOCK.test(raw.slice(raw.lastIndexOf("\n") + 1).trimStart());
}

/**
 * The comments of a file, found as the trivia around its tokens, so that `//` inside strings and
 * templates is never taken for one. Text between JSX tags is skipped: `//` there is shown, not a comment.
 */
function comments(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const found = new Map<number, ts.CommentRange>();
  const jsxTexts: Array<[number, number]> = [];
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) found.set(range.pos, range);
  };
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.JsxText) {
      jsxTexts.push([node.pos, node.end]);
      return;
    }
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return [...found.values()].filter((range) => !jsxTexts.some(([pos, end]) => range.pos >= pos && range.pos < end)).sort((a, b) => a.pos - b.pos);
}

function commentBody(text: string, range: ts.CommentRange): string {
  const raw = text.slice(range.pos, range.end);
  return range.kind === ts.SyntaxKind.MultiLineCommentTrivia ? raw.slice(2, -2) : raw.slice(2);
}

/** Codes named in our directive's list; none means every rule. */
function listedCodes(list: string): string[] | null {
  const codes = list.trim();
  return codes.length === 0 ? null : normalizeCodes(codes);
}

function eslintRuleNames(list: string): string[] {
  return list.split("--")[0].split(/[\s,]+/).filter((name) => name.length > 0);
}

/** typescript-eslint's rule names and ESLint's own (`no-async-promise-executor`), not other linters' codes (`RUF006`). */
function isEslintRuleName(alias: string): boolean {
  return alias.startsWith("@typescript-eslint/") || /^[a-z]+(?:-[a-z]+)+$/.test(alias);
}

/**
 * eslint rule names mapped to our codes through the rules' aliases (`@typescript-eslint/no-floating-promises`
 * -> AL301, `no-misused-promises` -> AL303 and AL304), each code paired with the name written for it; a
 * bare eslint directive (every eslint rule) covers the rules ESLint and typescript-eslint share with us.
 */
function eslintCodes(names: readonly string[]): { codes: string[]; written: string[] } {
  const codes: string[] = [];
  const written: string[] = [];
  const shared = RULES.flatMap((rule) => (rule.aliases ?? []).filter(isEslintRuleName).map((alias) => [rule.code, alias] as const));
  const pairs = names.length === 0 ? shared : shared.filter(([, alias]) => names.includes(alias));
  for (const [code, alias] of pairs) {
    codes.push(code);
    written.push(alias);
  }
  return { codes, written };
}

export function typeScriptSuppressions(sourceFile: ts.SourceFile, lines: LineIndex): Suppression[] {
  const text = sourceFile.text;
  const suppressions: Suppression[] = [];
  if (isTypeTestFile(sourceFile)) {
    // Not a directive of anyone's: `written` names why, so AL900 never judges it.
    const start = lines.rangeOf(0, 0);
    suppressions.push({ line: 0, codes: [...TYPE_TEST_CODES], scope: "file", range: start, owner: "other", written: TYPE_TEST_CODES.map(() => "type test") });
  }
  if (text.includes("no-await-in-loop")) suppressions.push(...awaitInLoopDirectives(sourceFile, lines, comments(sourceFile)));
  if (!MARKERS.test(text)) return suppressions;
  for (const comment of comments(sourceFile)) {
    const range = lines.rangeOf(comment.pos, comment.end);
    if (isTypeScriptDirective(text, comment)) {
      suppressions.push({ line: range.end.line + 1, codes: null, scope: "line", range, owner: "other", written: [] });
      continue;
    }
    const body = commentBody(text, comment);
    const line = range.start.line;
    const ours = /^\s*asynclint-(ignore-file|ignore-next-line|ignore)\b(.*)$/s.exec(body);
    if (ours) {
      const codes = listedCodes(ours[2]);
      const written = ours[2].split(/[\s,]+/).filter((code) => code.length > 0);
      const targetLine = ours[1] === "ignore-next-line" ? range.end.line + 1 : line;
      suppressions.push({ line: targetLine, codes, scope: ours[1] === "ignore-file" ? "file" : "line", range, owner: "asynclint", written });
      continue;
    }
    const eslint = /^\s*eslint-disable-(next-line|line)\b(.*)$/s.exec(body);
    if (eslint) {
      const { codes, written } = eslintCodes(eslintRuleNames(eslint[2]));
      const targetLine = eslint[1] === "next-line" ? range.end.line + 1 : line;
      if (codes.length > 0) suppressions.push({ line: targetLine, codes, scope: "line", range, owner: "other", written });
    }
  }
  return suppressions;
}
