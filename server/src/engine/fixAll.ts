import { applyEdits, editsOverlap } from "./applyEdits";
import type { Finding, Fix, TextEdit } from "./types";

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
}

/** The fixes fix-all may use for a finding: the first safe one, or the first at all with `unsafe`. */
export function chosenFix(finding: Finding, unsafe: boolean): Fix | undefined {
  return finding.fixes.find((fix) => fix.safe || unsafe);
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return (
    a.newText === b.newText &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/**
 * One pass: the edits of every chosen fix that does not collide with an earlier one. An edit
 * identical to one already taken (the same `import asyncio` or module-level task set that several
 * fixes need) is shared rather than a collision, so such fixes go in the same pass.
 */
export function nonOverlappingEdits(text: string, findings: readonly Finding[], unsafe: boolean): { edits: TextEdit[]; count: number } {
  const edits: TextEdit[] = [];
  let count = 0;
  for (const finding of findings) {
    const fix = chosenFix(finding, unsafe);
    if (!fix) continue;
    const own = fix.edits.filter((edit) => !edits.some((taken) => sameEdit(taken, edit)));
    if (editsOverlap(edits, own, text)) continue;
    edits.push(...own);
    count++;
  }
  return { edits, count };
}

/**
 * Applies fixes until nothing fixable is left. Fixes that collide (two `import asyncio`
 * insertions) wait for the next pass, which re-analyzes the new text. Bounded, so a fix that
 * keeps producing work cannot loop forever.
 */
export function fixAll(text: string, analyze: (text: string) => Finding[], options: { unsafe?: boolean; maxPasses?: number } = {}): FixAllResult {
  const unsafe = options.unsafe ?? false;
  let applied = 0;
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    const { edits, count } = nonOverlappingEdits(text, analyze(text), unsafe);
    if (count === 0) break;
    text = applyEdits(text, edits);
    applied += count;
  }
  return { text, applied };
}
