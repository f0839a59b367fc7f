import type { Node } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import { t } from "../engine/l10n";
import type { Fix } from "../engine/types";
import { awaitStatement, dependence, inCoroutine, type IndependenceFacts, mentions, orderedByContext, type AwaitStatement } from "./independence";
import { insideError } from "./moduleModel";
import { ensureModuleImport } from "./pythonEdits";

/** Past this width a rewrite puts each call on its own line. */
const LINE_WIDTH = 88;

/** The statement holding an awaited call: `await f()` or `a = await f()`, else undefined. */
function statementOfAwaitedCall(call: Node): Node | undefined {
  let n = call.parent;
  while (n?.type === "parenthesized_expression") n = n.parent;
  if (n?.type !== "await") return undefined;
  n = n.parent;
  while (n?.type === "parenthesized_expression") n = n.parent;
  if (n?.type === "assignment") n = n.parent;
  return n?.type === "expression_statement" ? n : undefined;
}

/** Splits a sequence of await statements into runs whose members are pairwise independent, keeping order. */
export function independentRuns(statements: readonly AwaitStatement[], facts: IndependenceFacts, asked = false): AwaitStatement[][] {
  const runs: AwaitStatement[][] = [];
  let current: AwaitStatement[] = [];
  for (const next of statements) {
    if (current.every((earlier) => dependence(earlier, next, facts, asked) === undefined)) {
      current.push(next);
      continue;
    }
    if (current.length >= 2) runs.push(current);
    current = [next];
  }
  if (current.length >= 2) runs.push(current);
  return runs;
}

/** A comment at the end of a statement's line, which neither separates statements nor says anything about their order. */
export function isTrailingComment(node: Node): boolean {
  const previous = node.previousSibling;
  return node.type === "comment" && previous !== null && previous.type !== "comment" && previous.endPosition.row === node.startPosition.row;
}

/** True when the statements follow one another with nothing but trailing comments between them. */
function adjacent(statements: readonly Node[]): boolean {
  for (let i = 1; i < statements.length; i++) {
    let next = statements[i - 1].nextNamedSibling;
    while (next && isTrailingComment(next)) next = next.nextNamedSibling;
    if (next?.id !== statements[i].id) return false;
  }
  return true;
}

/**
 * Every run of two or more consecutive, independent await statements in coroutines: what
 * AL201 reports. Statements in a `try` or under a lock are left alone.
 */
export function sequentialAwaitRuns(facts: IndependenceFacts, notebook: boolean): AwaitStatement[][] {
  const runs: AwaitStatement[][] = [];
  const seenBlocks = new Set<number>();
  for (const site of facts.model.calls) {
    if (!inCoroutine(site, notebook)) continue;
    const statement = statementOfAwaitedCall(site.node);
    const block = statement?.parent;
    if (!statement || !block || seenBlocks.has(block.id)) continue;
    seenBlocks.add(block.id);
    if (insideError(facts.model, block.startIndex, block.startIndex)) continue;
    if (orderedByContext(statement, site.scope, facts, site.ownerClass)) continue;
    let sequence: AwaitStatement[] = [];
    const flush = () => {
      if (sequence.length >= 2) runs.push(...independentRuns(sequence, facts));
      sequence = [];
    };
    for (const child of block.namedChildren) {
      if (child && isTrailingComment(child)) continue;
      const unit = child ? awaitStatement(child, facts) : undefined;
      if (unit && unit.site.scope === site.scope && !insideError(facts.model, child!.startIndex, child!.endIndex)) sequence.push(unit);
      else flush();
    }
    flush();
  }
  return runs;
}

/** How a statement's target reads as one element of a tuple target. */
function targetElement(target: Node | undefined): string {
  if (!target) return "_";
  return target.type === "pattern_list" ? `(${target.text})` : target.text;
}

/** A short label for messages and titles: `fetch(…)`. */
export function callLabel(call: Node): string {
  const callee = call.childForFieldName("function");
  const text = (callee?.text ?? "").replace(/\s+/g, "");
  return `${text.length > 40 ? text.slice(0, 37) + "…" : text}(…)`;
}

/**
 * Rewrites a run of await statements into one `asyncio.gather`, keeping every binding:
 * `a = await f(); b = await g()` -> `a, b = await asyncio.gather(f(), g())`; bare awaits keep no
 * target, and mixed runs bind `_` for the bare ones. Undefined when the run cannot be rewritten
 * cleanly (a syntax error nearby, or `_` already means something in the function).
 */
export function gatherFix(run: readonly AwaitStatement[], facts: IndependenceFacts, lines: LineIndex, title: string): Fix | undefined {
  if (run.length < 2 || !adjacent(run.map((u) => u.statement))) return undefined;
  const first = run[0].statement;
  const last = run[run.length - 1].statement;
  if (insideError(facts.model, first.startIndex, last.endIndex)) return undefined;
  const anyBound = run.some((u) => u.target);
  const anyBare = run.some((u) => !u.target);
  // Binding `_` would shadow a gettext `_` or a value the function reads.
  if (anyBound && anyBare && mentions(run[0].site.scope.node, "_")) return undefined;
  const start = lines.positionAt(first.startIndex);
  const lineText = lines.lineText(start.line);
  const indent = lineText.slice(0, lineText.length - lineText.trimStart().length);
  const eol = lines.eol;
  // Trailing comments of the statements move above the rewrite, which needs the statement to open its line.
  const comments = first.parent!.namedChildren.filter(
    (c): c is Node => c !== null && c.type === "comment" && c.startIndex > first.startIndex && c.endIndex < last.endIndex,
  );
  if (comments.length > 0 && indent.length !== start.character) return undefined;
  const asyncio = ensureModuleImport(facts.model, lines, "asyncio");
  const calls = run.map((u) => u.call.text);
  const lhs = anyBound ? `${run.map((u) => targetElement(u.target)).join(", ")} = ` : "";
  const oneLine = `${lhs}await ${asyncio.name}.gather(${calls.join(", ")})`;
  let text = oneLine;
  if (oneLine.includes("\n") || start.character + oneLine.length > LINE_WIDTH) {
    // Continuation lines of a call move right with it, so the call still reads as one block.
    const nested = calls.map((c) => c.split(/\r\n|\n|\r/).join(`${eol}    `));
    text = `${lhs}await ${asyncio.name}.gather(${eol}${nested.map((c) => `${indent}    ${c},${eol}`).join("")}${indent})`;
  }
  text = comments.map((c) => `${c.text}${eol}${indent}`).join("") + text;
  return {
    title,
    edits: [{ range: lines.rangeOf(first.startIndex, last.endIndex), newText: text }, ...asyncio.edits],
    // Order of side effects changes, and a failure no longer stops the calls after it.
    safe: false,
  };
}

/**
 * The "run these awaits concurrently" refactor: the statements the selection touches, when they
 * are two or more consecutive awaits in a coroutine, independent by the same rules as AL201.
 */
export function gatherRewriteForStatements(selected: readonly Node[], facts: IndependenceFacts, lines: LineIndex, notebook: boolean): Fix | undefined {
  const statements = selected.filter((s) => !isTrailingComment(s));
  if (statements.length < 2 || !adjacent(statements)) return undefined;
  const units: AwaitStatement[] = [];
  for (const statement of statements) {
    const unit = awaitStatement(statement, facts);
    if (!unit || !inCoroutine(unit.site, notebook) || unit.site.scope !== (units[0]?.site.scope ?? unit.site.scope)) return undefined;
    units.push(unit);
  }
  if (orderedByContext(units[0].statement, units[0].site.scope, facts, units[0].site.ownerClass)) return undefined;
  const runs = independentRuns(units, facts, true);
  if (runs.length !== 1 || runs[0].length !== units.length) return undefined;
  return gatherFix(units, facts, lines, t("Run these awaits concurrently"));
}

/** The statements of one block that a selection (offsets) touches, or none when it spans blocks. */
export function statementsInSelection(root: Node, start: number, end: number): Node[] {
  let node: Node | null = root.descendantForIndex(start, Math.max(start, end - 1));
  while (node && node.type !== "block" && node.type !== "module") node = node.parent;
  // Walk out until the block holds the whole selection.
  while (node && !(node.startIndex <= start && node.endIndex >= end && (node.type === "block" || node.type === "module"))) node = node.parent;
  if (!node) return [];
  return node.namedChildren.filter((child): child is Node => child !== null && child.endIndex > start && child.startIndex < end);
}
