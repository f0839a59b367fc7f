import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { defaultSettings } from "../../server/src/engine/settings";
import { concurrentRewriteForSelection } from "../../server/src/python/concurrentRefactor";
import { FIXTURES, listFiles } from "../support/fixtures";
import { pythonCompileErrors } from "../support/pythonCompile";

const CODES = new Set(["AL201", "AL202"]);

function findings(text: string, settings = defaultSettings()) {
  return analyzePythonSource({ text }, { settings }).findings.filter((f) => CODES.has(f.code));
}

/** Applies AL201/AL202 fixes one at a time, re-analyzing after each, until none is left. */
export function applyConcurrencyFixes(text: string): { text: string; applied: number } {
  let applied = 0;
  for (let round = 0; round < 50; round++) {
    const fix = findings(text).flatMap((f) => f.fixes)[0];
    if (!fix) return { text, applied };
    text = applyEdits(text, fix.edits);
    applied++;
  }
  throw new Error("fixes did not converge");
}

/** The selection from the start of the line holding `from` to the end of the line holding `to`. */
function selectLines(text: string, from: string, to: string) {
  const lines = new LineIndex(text);
  const start = lines.positionAt(text.indexOf(from));
  const endLine = lines.positionAt(text.indexOf(to)).line;
  return { start: { line: start.line, character: 0 }, end: { line: endLine, character: lines.lineText(endLine).length } };
}

describe("AL201/AL202 fixes, before and after", () => {
  before(initEngine);
  const directory = path.join(FIXTURES, "fixes", "python");
  const pairs = listFiles(directory, ".before.py");

  it("has before/after pairs", () => assert.ok(pairs.length >= 3));

  for (const beforeFile of pairs) {
    it(`${path.basename(beforeFile)} becomes its .after.py, which compiles and is clean`, () => {
      const { text, applied } = applyConcurrencyFixes(fs.readFileSync(beforeFile, "utf8"));
      assert.ok(applied > 0);
      assert.equal(text, fs.readFileSync(beforeFile.replace(".before.py", ".after.py"), "utf8"));
      assert.deepEqual(pythonCompileErrors({ [beforeFile]: text }), {});
      assert.deepEqual(findings(text), []);
    });
  }
});

describe("AL201 reporting", () => {
  before(initEngine);

  it("reports a run once, on its first statement, with the range covering the run", () => {
    const text = "async def main(f, g, h):\n    a = await f()\n    b = await g()\n    await h()\n    return a, b\n";
    const [finding, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.equal(finding.code, "AL201");
    assert.deepEqual(finding.range, { start: { line: 1, character: 4 }, end: { line: 3, character: 13 } });
    assert.equal(finding.severity, "information");
    assert.equal(finding.fixes[0].safe, false, "overlapping the calls changes the order of side effects: never applied by fix-all");
  });

  it("reports but offers no fix when `_` already means something in the function (a mixed run would rebind it)", () => {
    const text = "async def main(f, g):\n    a = await f(_('x'))\n    await g()\n    return a\n";
    const [finding] = findings(text);
    assert.equal(finding.code, "AL201");
    assert.deepEqual(finding.fixes, []);
  });

  it("reports at the top of a notebook, where a loop is running, but not at the top of a module", () => {
    const text = "a = await f()\nb = await g()\n";
    assert.equal(analyzePythonSource({ text, notebook: true }, { settings: defaultSettings() }).findings.filter((f) => f.code === "AL201").length, 1);
    assert.equal(findings(text).length, 0);
  });
});

describe("Run these awaits concurrently (refactor)", () => {
  before(initEngine);
  const text = [
    "import asyncio",
    "",
    "async def main(f, g, h, conn):",
    "    a = await f(1)",
    "    b = await g(2)",
    "    c = await h(a)",
    "    await asyncio.sleep(1)",
    "    await conn.send('x')",
    "    await conn.send('y')",
    "    return b, c",
    "",
  ].join("\n");

  it("rewrites the selected independent awaits, and only those", () => {
    const fix = concurrentRewriteForSelection(text, selectLines(text, "a = await", "b = await"));
    assert.ok(fix);
    assert.equal(fix.title, "Run these awaits concurrently");
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /\n {4}a, b = await asyncio\.gather\(f\(1\), g\(2\)\)\n {4}c = await h\(a\)\n/);
  });

  it("is offered for steps that only act through their effects, which AL201 leaves alone", () => {
    const steps = "async def main(db):\n    await create_table(db)\n    await insert_rows(db)\n";
    assert.equal(findings(steps).length, 0);
    const fix = concurrentRewriteForSelection(steps, selectLines(steps, "await create", "await insert"));
    assert.ok(fix);
    assert.match(applyEdits(steps, fix.edits), /await asyncio\.gather\(create_table\(db\), insert_rows\(db\)\)/);
  });

  it("is offered even when AL201 is turned off", () => {
    const settings = defaultSettings();
    settings.rules.AL201 = "off";
    assert.equal(findings(text, settings).length, 0);
    assert.ok(concurrentRewriteForSelection(text, selectLines(text, "a = await", "b = await")));
  });

  it("is not offered for dependent awaits, a pause, the same receiver, one statement or a bare cursor", () => {
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "a = await", "c = await")), undefined, "c reads a");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "c = await", "asyncio.sleep")), undefined, "a sleep orders");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "send('x')", "send('y')")), undefined, "one connection");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "b = await", "b = await")), undefined, "one statement");
    const cursor = selectLines(text, "a = await", "a = await").start;
    assert.equal(concurrentRewriteForSelection(text, { start: cursor, end: cursor }), undefined);
  });

  it("is not offered outside a coroutine, or across blocks", () => {
    const sync = "def main(f, g):\n    a = f()\n    b = g()\n";
    assert.equal(concurrentRewriteForSelection(sync, selectLines(sync, "a =", "b =")), undefined);
    const blocks = "async def main(f, g, c):\n    a = await f()\n    if c:\n        b = await g()\n";
    assert.equal(concurrentRewriteForSelection(blocks, selectLines(blocks, "a =", "b =")), undefined);
  });

  it("survives half-typed text and selections past the end", () => {
    const broken = "async def main(f, g):\n    a = await f(\n    b = await\n";
    assert.equal(concurrentRewriteForSelection(broken, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }), undefined);
    assert.equal(concurrentRewriteForSelection("", { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), undefined);
  });
});
