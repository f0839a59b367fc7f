import ts from "typescript";
import { t } from "../engine/l10n";
import { LineIndex } from "../engine/lineIndex";
import type { Fix, Range } from "../engine/types";
import {
  containerNames,
  enclosingAsyncFunction,
  followsOwnLineComment,
  insideTry,
  promiseAllFix,
  tsAwaitStatement,
  tsDependence,
  type IndependenceContext,
  type TsAwaitStatement,
} from "./independentAwaits";
import type { TypeScriptProjects } from "./projects";
import { isJavaScriptFile } from "./syntax";
import { checkerQuestions } from "./typeQuestions";
import { trimmedSelection } from "../engine/selection";

/** The innermost block that holds the whole of [start, end). */
function innermostBlock(sourceFile: ts.SourceFile, start: number, end: number): ts.Block | undefined {
  let found: ts.Block | undefined;
  let node: ts.Node = sourceFile;
  for (;;) {
    if (ts.isBlock(node)) found = node;
    const child = ts.forEachChild(node, (c) => (c.getStart(sourceFile) <= start && end <= c.getEnd() ? c : undefined));
    if (!child) return found;
    node = child;
  }
}

/**
 * The "Run these awaits concurrently" refactor for a selection in a TypeScript/JavaScript file:
 * offered when the selection touches two or more consecutive await statements of one block of an
 * async function that are pairwise independent by AL201's rules, rewritten as AL201's fix does.
 * Unlike AL201 it also takes two bare awaits of different functions (the user chose them).
 * Undefined otherwise.
 */
export function concurrentRewriteForTypeScriptSelection(program: ts.Program, sourceFile: ts.SourceFile, selection: Range): Fix | undefined {
  const text = sourceFile.text;
  const lines = new LineIndex(text);
  const selected = trimmedSelection(lines, selection);
  if (!selected) return undefined;
  const { start, end } = selected;
  const block = innermostBlock(sourceFile, start, end);
  if (!block) return undefined;
  const statements = block.statements.filter((s) => s.getEnd() > start && s.getStart(sourceFile) < end);
  if (statements.length < 2) return undefined;
  const fn = enclosingAsyncFunction(block);
  if (!fn || insideTry(block, fn)) return undefined;
  const context: IndependenceContext = { sourceFile, text, lines, types: checkerQuestions(program.getTypeChecker()), isJavaScript: isJavaScriptFile(sourceFile.fileName) };
  const units: TsAwaitStatement[] = [];
  for (const statement of statements) {
    const unit = tsAwaitStatement(statement, context);
    if (!unit || (units.length > 0 && followsOwnLineComment(statement, context))) return undefined;
    units.push(unit);
  }
  const shared = containerNames(fn);
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) if (tsDependence(units[i], units[j], shared, sourceFile, false) !== undefined) return undefined;
  }
  return promiseAllFix(units, context, t("Run these awaits concurrently"));
}

/**
 * The same for an open document, from the newest program of its project. Undefined when the file
 * cannot be loaded (TypeScript itself may fail on very deeply nested code: no refactor then).
 */
export function concurrentRewriteInProject(projects: TypeScriptProjects, fileName: string, selection: Range): Fix | undefined {
  let located: ReturnType<TypeScriptProjects["locate"]>;
  try {
    located = projects.locate(fileName);
  } catch {
    return undefined;
  }
  return located && concurrentRewriteForTypeScriptSelection(located.program, located.sourceFile, selection);
}
