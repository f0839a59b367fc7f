import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import ts from "typescript";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import type { AnalysisResult } from "../../server/src/engine/types";
import { analyzeTypeScriptFiles } from "../../server/src/typescript/analyzeFiles";
import { FIXTURES, listFiles } from "../support/fixtures";
import { mostAtOnce, runLoggedProgram } from "../support/loggedProgram";

/**
 * The TypeScript half of AL201/AL202: every fix on the annotated fixture keeps the file
 * parseable and removes its finding; and runnable programs, transpiled with `typescript` and run
 * with node, keep their output (lines sorted), and once fixed their logs show the calls overlapping.
 */

const CODES = new Set(["AL201", "AL202"]);
const FIXTURE = path.join(FIXTURES, "typescript", "project", "src", "concurrency.ts");
const PROGRAMS = listFiles(path.join(FIXTURES, "concurrency", "typescript"), ".ts");

function analyze(files: string[], roots: string[]): Map<string, AnalysisResult> {
  return analyzeTypeScriptFiles(files, { settings: defaultSettings(), roots });
}

function syntaxErrors(fileName: string, text: string): string[] {
  const output = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

/** Applies every AL201/AL202 fix of one analysis (they touch separate statements). */
function applyAll(text: string, result: AnalysisResult): { text: string; applied: number } {
  const fixes = result.findings.filter((f) => CODES.has(f.code)).flatMap((f) => f.fixes.slice(0, 1));
  return { text: applyEdits(text, fixes.flatMap((f) => f.edits)), applied: fixes.length };
}

const sortedLines = (text: string) => text.split(/\r?\n/).filter(Boolean).sort();

describe("AL201/AL202 for TypeScript", () => {
  let scratch: string;
  before(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-ts-concurrency-"))));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("fixes on the fixture parse, keep `const`/`let` and the types, and remove their findings", () => {
    const text = fs.readFileSync(FIXTURE, "utf8");
    const result = analyze([FIXTURE], [path.dirname(FIXTURE)]).get(FIXTURE)!;
    const { text: fixed, applied } = applyAll(text, result);
    assert.ok(applied >= 5, `only ${applied} fixes`);
    assert.deepEqual(syntaxErrors(FIXTURE, fixed), []);
    assert.match(fixed, /const \[a, b\] = await Promise\.all\(\[fetchValue\(x\), fetchValue\(y\)\]\);/);
    assert.match(fixed, /let \[a, b\]: \[number, number\] = await Promise\.all\(\[fetchValue\(x\), fetchValue\(x \+ 1\)\]\);/);
    assert.match(fixed, /\n {2}await Promise\.all\(\[preload\(1\), preload\(2\)\]\);/);
    assert.match(fixed, /const results: number\[\] = await Promise\.all\(xs\.map\(\(x\) => fetchValue\(x\)\)\);/);
    assert.match(fixed, /await Promise\.all\(Array\.from\(xs, \(x\) => preload\(x\)\)\);/);
    const copy = path.join(scratch, "fixture-fixed.ts");
    fs.writeFileSync(copy, fixed);
    const again = analyze([copy], [scratch]).get(copy)!;
    assert.deepEqual(again.findings.filter((f) => CODES.has(f.code)), []);
  });

  it("the rewrites are never safe, and their titles say what may change", () => {
    const result = analyze([FIXTURE], [path.dirname(FIXTURE)]).get(FIXTURE)!;
    const fixes = result.findings.filter((f) => CODES.has(f.code)).flatMap((f) => f.fixes);
    assert.ok(fixes.length >= 5);
    for (const fix of fixes) {
      assert.equal(fix.safe, false, fix.title);
      assert.match(fix.title, /\(.*(order|at once).*; unsafe\)$/, fix.title);
    }
  });

  it("fixed programs print the same and run the independent calls concurrently", async () => {
    const results = analyze(PROGRAMS, [path.dirname(PROGRAMS[0])]);
    const cases = PROGRAMS.map((file) => {
      const original = fs.readFileSync(file, "utf8");
      const { text: fixed, applied } = applyAll(original, results.get(file)!);
      assert.equal(applied, 1, `${path.basename(file)}: expected one fix`);
      const base = path.join(scratch, path.basename(file, ".ts"));
      const js = (source: string) => ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      fs.writeFileSync(`${base}.before.js`, js(original));
      fs.writeFileSync(`${base}.after.js`, js(fixed));
      return { name: path.basename(file), before: `${base}.before.js`, after: `${base}.after.js` };
    });
    const runs = await Promise.all(cases.map(async (c) => ({ ...c, b: await runLoggedProgram(process.execPath, c.before), a: await runLoggedProgram(process.execPath, c.after) })));
    for (const { name, b, a } of runs) {
      assert.deepEqual(sortedLines(a.stdout), sortedLines(b.stdout), `${name}: output differs`);
      // From the program's own log, not a clock: one call at a time before the fix, overlapping after it.
      assert.equal(mostAtOnce(b.events), 1, `${name}: the calls overlap before the fix`);
      assert.ok(mostAtOnce(a.events) >= 2, `${name}: the fixed calls still run one after the other: ${JSON.stringify(a.events)}`);
    }
  });
});
