import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import ts from "typescript";
import { initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { LineIndex } from "../../server/src/engine/lineIndex";
import type { Finding } from "../../server/src/engine/types";
import { parsePython } from "../../server/src/python/parser";
import { pythonCompileErrors } from "../support/pythonCompile";
import { analyzePython, pythonFixtureTexts, TypeScriptScratch, typeScriptFixtureTexts } from "./support/engines";
import { mutatedSource } from "./support/mutations";

/**
 * A fix must never break code: applied one by one or all at once (fix-all, with and without
 * unsafe fixes) to every fixture and to seeded damaged variants, the result parses no worse than
 * the input did, Python that compiled still compiles, and no fix edits a region that failed to
 * parse (where the engine cannot know what the code means).
 */
const SEED = 8009;
const PYTHON_VARIANTS = 300;
const TYPESCRIPT_VARIANTS = 12;

type Span = [number, number];

/** Offsets of ERROR and MISSING nodes in tree-sitter's tree of the text. */
function pythonErrorSpans(text: string): Span[] {
  const tree = parsePython(text);
  try {
    const spans: Span[] = [];
    const cursor = tree.walk();
    // Preorder walk; only subtrees marked as holding an error are entered.
    const visit = (): void => {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) spans.push([node.startIndex, node.endIndex]);
      if (node.hasError && cursor.gotoFirstChild()) {
        do visit();
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
    };
    visit();
    cursor.delete();
    return spans;
  } finally {
    tree.delete();
  }
}

function typeScriptErrorSpans(text: string, fileName: string): Span[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return diagnostics.map((d) => [d.start, d.start + d.length]);
}

/** True when an edit's range touches an error span (an insertion at a span's edge counts). */
function touchesError(text: string, finding: Finding, errors: readonly Span[]): string | undefined {
  const lines = new LineIndex(text);
  for (const fix of finding.fixes) {
    for (const edit of fix.edits) {
      const start = lines.offsetAt(edit.range.start);
      const end = lines.offsetAt(edit.range.end);
      const hit = errors.find(([from, to]) => start < to && end > from || (start === end && start > from && start < to));
      if (hit) return `${finding.code} fix "${fix.title}" edits ${start}-${end} inside the syntax error at ${hit[0]}-${hit[1]}`;
    }
  }
  return undefined;
}

/** False for text holding a lone surrogate (with the `u` flag a proper pair is one code point, not Cs). */
function wellFormed(text: string): boolean {
  return !/\p{Cs}/u.test(text);
}

let fixesChecked = 0;

interface Language {
  name: string;
  analyze(text: string, fileName: string): Finding[];
  errorSpans(text: string, fileName: string): Span[];
}

/**
 * Checks every fix of one input and fix-all; returns the fixed texts (for compiling) by name.
 * Problems go to `problems`, so that one run reports all of them.
 */
function checkFixes(language: Language, what: string, text: string, fileName: string, problems: string[]): Record<string, string> {
  const inputErrors = language.errorSpans(text, fileName);
  const results: Record<string, string> = {};
  const check = (how: string, fixed: string) => {
    fixesChecked++;
    const newErrors = language.errorSpans(fixed, fileName).length - inputErrors.length;
    if (newErrors > 0) problems.push(`${what}: ${how} adds ${newErrors} syntax error(s)`);
    results[`${what} / ${how}`] = fixed;
  };
  const findings = language.analyze(text, fileName);
  for (const finding of findings) {
    const inError = touchesError(text, finding, inputErrors);
    if (inError) problems.push(`${what}: ${inError}`);
    for (const fix of finding.fixes) check(`${finding.code} at ${finding.range.start.line}: ${fix.title}`, applyEdits(text, fix.edits));
  }
  if (findings.some((f) => f.fixes.length > 0)) {
    for (const unsafe of [false, true]) check(unsafe ? "fix-all with unsafe fixes" : "fix-all", fixAll(text, (t) => language.analyze(t, fileName), { unsafe }).text);
  }
  return results;
}

const python: Language = {
  name: "Python",
  analyze: (text) => analyzePython(text).findings,
  errorSpans: (text) => pythonErrorSpans(text),
};

describe("fix safety: fixes never break code", () => {
  before(initEngine);
  after(() => console.log(`fix safety: ${fixesChecked} fixed texts checked (each fix alone, and fix-all with and without unsafe fixes)`));

  it("Python: every fix of every fixture and of seeded damaged variants parses no worse, compiles when the input did, and avoids syntax errors", () => {
    const fixtures = pythonFixtureTexts();
    const variants = fc.sample(mutatedSource(fixtures.map((f) => f.text), 4), { seed: SEED, numRuns: PYTHON_VARIANTS });
    const inputs = [...fixtures, ...variants.map((text, i) => ({ name: `variant ${i}`, text }))];
    const problems: string[] = [];
    const outputs = new Map<string, Record<string, string>>();
    for (const { name, text } of inputs) outputs.set(name, checkFixes(python, name, text, "scratch.py", problems));
    assert.ok(outputs.size > 0 && [...outputs.values()].some((o) => Object.keys(o).length > 0), "some fixture offers fixes");

    // One python3 process compiles every input and every result. Text with a lone surrogate
    // (fuzzed in) cannot be saved as a UTF-8 file, so python3 never sees such a module.
    const compilable = inputs.filter(({ text }) => wellFormed(text));
    const sources: Record<string, string> = {};
    for (const { name, text } of compilable) {
      sources[`input ${name}`] = text;
      for (const [how, fixed] of Object.entries(outputs.get(name)!)) if (wellFormed(fixed)) sources[how] = fixed;
    }
    const errors = pythonCompileErrors(sources);
    for (const { name } of compilable) {
      if (errors[`input ${name}`]) continue;
      for (const how of Object.keys(outputs.get(name)!)) if (errors[how]) problems.push(`${how}: no longer compiles: ${errors[how]}`);
    }
    // The compile check means something: most fixtures compile before their fixes are applied.
    assert.ok(fixtures.filter((f) => !errors[`input ${f.name}`]).length >= fixtures.length / 2, "most fixtures compile");
    assert.deepEqual(problems, []);
  });

  it("TypeScript: every fix of every fixture and of seeded damaged variants parses no worse and avoids syntax errors", () => {
    const scratch = new TypeScriptScratch();
    const typescript: Language = {
      name: "TypeScript",
      analyze: (text, fileName) => scratch.analyze(text, fileName).findings,
      errorSpans: typeScriptErrorSpans,
    };
    const fixtures = typeScriptFixtureTexts();
    const variants = fc.sample(mutatedSource(fixtures.map((f) => f.text), 4), { seed: SEED, numRuns: TYPESCRIPT_VARIANTS });
    const problems: string[] = [];
    let offered = 0;
    for (const { name, text } of [...fixtures, ...variants.map((text, i) => ({ name: `variant ${i}`, text }))]) {
      const fileName = name.endsWith(".js") ? "scratch.js" : "scratch.ts";
      offered += Object.keys(checkFixes(typescript, name, text, fileName, problems)).length;
    }
    assert.ok(offered > 0, "some TypeScript fixture offers fixes");
    assert.deepEqual(problems, []);
  });
});
