import ts from "typescript";
import type { LineIndex } from "../engine/lineIndex";
import type { Suppression } from "../engine/suppression";

/**
 * ESLint's `no-await-in-loop` switched off for an await (`// eslint-disable-next-line
 * no-await-in-loop`, `… // eslint-disable-line no-await-in-loop`, or inside a `/* eslint-disable
 * no-await-in-loop *\/` … `/* eslint-enable … *\/` region) is the author saying the iterations must
 * run in turn. AL202 reports the loop, not the await, so the directive silences AL202 on the first
 * line of every loop around that await (up to its function).
 */
const RULE = "no-await-in-loop";

interface Region {
  from: number;
  to: number;
  comment: ts.CommentRange;
}

function namesRule(list: string): boolean {
  return list
    .split("--")[0]
    .split(/[\s,]+/)
    .includes(RULE);
}

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return ts.isForOfStatement(node) || ts.isForStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/** The loops whose repeated part holds the node (a `for…of`'s iterable is evaluated once, so not that), innermost first. */
function loopsAround(node: ts.Node): ts.IterationStatement[] {
  const loops: ts.IterationStatement[] = [];
  let child: ts.Node = node;
  for (let n = node.parent; n && !ts.isFunctionLike(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (!isLoop(n)) continue;
    const evaluatedOnce = (ts.isForOfStatement(n) || ts.isForInStatement(n)) && child === n.expression;
    const initializer = ts.isForStatement(n) && child === n.initializer;
    if (!evaluatedOnce && !initializer) loops.push(n);
  }
  return loops;
}

/** The directives for AL202 in a file, given its comments (as suppressions.ts finds them). */
export function awaitInLoopDirectives(sourceFile: ts.SourceFile, lines: LineIndex, comments: readonly ts.CommentRange[]): Suppression[] {
  const text = sourceFile.text;
  if (!text.includes(RULE)) return [];
  const lineDirectives = new Map<number, ts.CommentRange>();
  const regions: Region[] = [];
  let open: { from: number; comment: ts.CommentRange } | undefined;
  for (const comment of comments) {
    const raw = text.slice(comment.pos, comment.end);
    const body = comment.kind === ts.SyntaxKind.MultiLineCommentTrivia ? raw.slice(2, -2) : raw.slice(2);
    const directive = /^\s*eslint-(disable-next-line|disable-line|disable|enable)\b(.*)$/s.exec(body);
    if (!directive) continue;
    const [, kind, list] = directive;
    const named = namesRule(list);
    if (kind === "enable") {
      // A bare `eslint-enable` turns every rule back on.
      if (open && (named || list.trim().length === 0)) regions.push({ ...open, to: comment.pos }), (open = undefined);
      continue;
    }
    if (!named) continue;
    if (kind === "disable") {
      open ??= { from: comment.end, comment };
      continue;
    }
    const commentLines = lines.rangeOf(comment.pos, comment.end);
    lineDirectives.set(kind === "disable-next-line" ? commentLines.end.line + 1 : commentLines.start.line, comment);
  }
  if (open) regions.push({ ...open, to: text.length });
  if (lineDirectives.size === 0 && regions.length === 0) return [];

  const suppressions: Suppression[] = [];
  const suppressed = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isAwaitExpression(node)) {
      const start = node.getStart(sourceFile);
      const comment = lineDirectives.get(lines.positionAt(start).line) ?? regions.find((r) => r.from <= start && start < r.to)?.comment;
      if (comment) {
        for (const loop of loopsAround(node)) {
          const line = lines.positionAt(loop.getStart(sourceFile)).line;
          if (suppressed.has(line)) continue;
          suppressed.add(line);
          suppressions.push({ line, codes: ["AL202"], scope: "line", range: lines.rangeOf(comment.pos, comment.end), owner: "other", written: [RULE] });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return suppressions;
}
