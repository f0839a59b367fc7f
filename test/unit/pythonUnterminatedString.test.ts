import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { OpenDocument } from "../../server/src/lsp/pythonDocument";
import { buildModuleModel } from "../../server/src/python/moduleModel";
import { summarizeTree, summaryOfModel } from "../../server/src/python/moduleSummary";
import { parsePython } from "../../server/src/python/parser";
import { FIXTURES } from "../support/fixtures";
import { pythonCompileErrors } from "../support/pythonCompile";

/**
 * A string that never closes makes the rest of the file (a triple-quoted one) or of the line (a
 * quoted one) text to Python, however well tree-sitter's error recovery reads it as code. The
 * editor sees this state at every keystroke of a docstring: no finding and no fix may come from
 * that text, and the findings come back once the quotes are closed.
 */
const FILE = path.join(FIXTURES, "python", "half_typed_docstring.py");
const OPEN = fs.readFileSync(FILE, "utf8");
/** The docstring being typed, and where its author will close it. */
const OPENER = '    """Reconnect after the link drops.';
const CLOSE_AFTER = "then polls again";
const CLOSED = OPEN.replace(CLOSE_AFTER, `${CLOSE_AFTER}."""`);

function analyze(text: string): Finding[] {
  return analyzePythonSource({ text, path: FILE }, { settings: defaultSettings() }).findings;
}

const lineCodes = (findings: readonly Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.code}`);

/** The offset of every fix edit, to check none reaches into the text that is a string to Python. */
function fixOffsets(text: string, findings: readonly Finding[]): number[] {
  const lines = new LineIndex(text);
  return findings.flatMap((f) => f.fixes.flatMap((fix) => fix.edits.flatMap((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)])));
}

describe("an unterminated string: what follows its quotes is text to Python", () => {
  before(initEngine);

  it("the fixture is what it claims: python3 reads the half-typed docstring to the end of the file, and the closed one compiles", () => {
    const errors = pythonCompileErrors({ open: OPEN, closed: CLOSED });
    assert.match(errors.open ?? "", /unterminated triple-quoted string literal/);
    assert.equal(errors.closed, undefined);
  });

  it("no finding and no fix after the open quotes; the function before them keeps its finding and fix", () => {
    const findings = analyze(OPEN);
    assert.deepEqual(lineCodes(findings), ["7:AL101"]);
    assert.ok(findings[0].fixes.length > 0, "the intact function above keeps its fix");
    const opener = OPEN.indexOf(OPENER);
    assert.ok(opener > 0);
    for (const offset of fixOffsets(OPEN, findings)) assert.ok(offset < opener, `a fix edits offset ${offset}, inside the string that starts at ${opener}`);
  });

  it("closing the docstring brings back the findings below it, with their fixes", () => {
    const findings = analyze(CLOSED);
    assert.deepEqual(lineCodes(findings), ["7:AL101", "15:AL101", "16:AL302", "22:AL101", "24:AL302"]);
    for (const finding of findings) assert.ok(finding.fixes.length > 0, `${finding.code} at ${finding.range.start.line + 1} offers its fix again`);
  });

  it("in the editor, deleting and retyping the closing quotes gives what a fresh analysis gives at every step", () => {
    const document = new OpenDocument(TextDocument.create(`file://${FILE}`, "python", 1, CLOSED));
    const options = { settings: defaultSettings(), filePath: FILE, workspaceKey: "0" };
    const closeAt = new LineIndex(CLOSED).positionAt(CLOSED.indexOf(CLOSE_AFTER) + CLOSE_AFTER.length);
    const quotes = { start: closeAt, end: { line: closeAt.line, character: closeAt.character + 4 } };
    try {
      const steps: Array<[string, string[]]> = [];
      const step = (what: string) => {
        const incremental = document.analysis.analyze(document.pythonTree(), document.text, options);
        const fresh = analyzePythonSource({ text: document.text, path: FILE }, { settings: options.settings });
        assert.deepEqual(incremental, fresh, what);
        steps.push([what, lineCodes(incremental.findings)]);
      };
      step("closed");
      document.applyChanges([{ range: quotes, text: "" }], 2);
      step("quotes deleted");
      document.applyChanges([{ range: { start: closeAt, end: closeAt }, text: '."""' }], 3);
      step("quotes typed again");
      assert.deepEqual(steps, [
        ["closed", ["7:AL101", "15:AL101", "16:AL302", "22:AL101", "24:AL302"]],
        ["quotes deleted", ["7:AL101"]],
        ["quotes typed again", ["7:AL101", "15:AL101", "16:AL302", "22:AL101", "24:AL302"]],
      ]);
    } finally {
      document.dispose();
    }
  });

  it("a quoted string that never closes ends at the end of its line: the rest of that line is silent, the next line is code", () => {
    const text = 'import time\n\n\nasync def reconnect(log):\n    log.info("reconnecting); time.sleep(1)\n    time.sleep(2)\n';
    assert.match(pythonCompileErrors({ text }).text ?? "", /unterminated string literal/);
    assert.deepEqual(lineCodes(analyze(text)), ["6:AL101"]);
  });

  it("an f-string opened with three quotes swallows the rest of the file too", () => {
    const text = 'import time\n\n\nasync def reconnect(log):\n    message = f"""{log} reconnecting\n    time.sleep(1)\n';
    assert.match(pythonCompileErrors({ text }).text ?? "", /unterminated triple-quoted string literal/);
    assert.deepEqual(lineCodes(analyze(text)), []);
    assert.deepEqual(lineCodes(analyze(text.replace("reconnecting", 'reconnecting"""'))), ["6:AL101"]);
  });

  it("a module imported by others defines nothing inside the string: its summary is its model's", () => {
    const tree = parsePython(OPEN);
    try {
      const summary = summarizeTree(tree);
      assert.deepEqual([...summary.asyncFunctions], ["poll", "reconnect"]);
      assert.deepEqual(summary, summaryOfModel(buildModuleModel(tree, OPEN)));
    } finally {
      tree.delete();
    }
  });
});
