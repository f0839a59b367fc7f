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

/** One pass: the edits of every chosen fix that does not collide with an earlier one. */
export function nonOverlappingEdits(text: string, findings: readonly Finding[], unsafe: boolean): { edits: TextEdit[]; count: number } {
  const edits: TextEdit[] = [];
  let count = 0;
  for (const finding of findings) {
    const fix = chosenFix(finding, unsafe);
    if (!fix || editsOverlap(edits, fix.edits, text)) continue;
    edits.push(...fix.edits);
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
