import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { defaultSettings } from "../../server/src/engine/settings";
import { analyzeTypeScriptFiles } from "../../server/src/typescript/analyzeFiles";

/**
 * Table-driven over annotated fixtures: every line marked `// expect: AL301` (or several codes)
 * must be reported with exactly those codes, and no other line may be reported.
 */
const PROJECT = path.join(__dirname, "..", "fixtures", "typescript", "project");
const SOURCES = path.join(PROJECT, "src");
const files = fs
  .readdirSync(SOURCES)
  .filter((name) => /\.(ts|js)$/.test(name))
  .map((name) => path.join(SOURCES, name))
  .sort();

function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /expect: ((?:AL\d{3}[, ]*)+)/.exec(line);
    if (!match) return;
    for (const code of match[1].split(/[, ]+/).filter(Boolean)) expected.push(`${index + 1}:${code}`);
  });
  return expected.sort();
}

describe("TypeScript fixtures (annotated `// expect: ALxxx`)", () => {
  const results = analyzeTypeScriptFiles(files, { settings: defaultSettings(), roots: [PROJECT] });

  for (const file of files) {
    it(path.basename(file), () => {
      const result = results.get(file);
      assert.ok(result, `no result for ${file}`);
      assert.deepEqual(result.notices, []);
      const actual = result.findings.map((f) => `${f.range.start.line + 1}:${f.code}`).sort();
      assert.deepEqual(actual, expectedFindings(fs.readFileSync(file, "utf8")));
    });
  }

  it("covers every rule the TypeScript side implements", () => {
    const codes = new Set([...results.values()].flatMap((r) => r.findings.map((f) => f.code)));
    for (const code of ["AL101", "AL102", "AL301", "AL303"]) assert.ok(codes.has(code), `${code} is never reported by the fixtures`);
  });

  it("the fixture project type-checks, so the positives are code a compiler accepts", () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    assert.ok(config);
    const program = ts.createProgram(config.fileNames, config.options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    assert.deepEqual(diagnostics, []);
  });
});
