import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { RULES } from "../../server/src/engine/catalogue";
import { offByDefault } from "../../server/src/engine/rule";
import { defaultSettings } from "../../server/src/engine/settings";
import { parsePython } from "../../server/src/python/parser";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";
import { expectationsOf, FIXTURES, key, listFiles } from "../support/fixtures";
import { pythonCompileErrors } from "../support/pythonCompile";
import { shiftedPosition } from "../support/shiftedLine";

const RULE_FIXTURES = path.join(FIXTURES, "python");
const fixtures = listFiles(RULE_FIXTURES, ".py");

/** Default settings, with a rule that is off by default turned on in the fixtures named for it (`AL502_async_without_await.py`). */
function settingsFor(file: string) {
  const settings = defaultSettings();
  for (const rule of RULES) if (offByDefault(rule) && path.basename(file).startsWith(rule.code)) settings.rules[rule.code] = "warning";
  return settings;
}

function analyze(file: string, text = fs.readFileSync(file, "utf8")) {
  return analyzePythonSource({ text, path: file }, { settings: settingsFor(file), pythonWorkspace: new PythonWorkspaceIndex([RULE_FIXTURES]) });
}

function hasSyntaxErrors(text: string): boolean {
  const tree = parsePython(text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe("Python rules on annotated fixtures", () => {
  before(initEngine);

  it("has fixtures", () => assert.ok(fixtures.length >= 5));

  for (const file of fixtures) {
    it(`${path.basename(file)}: findings are exactly the annotated lines`, () => {
      const text = fs.readFileSync(file, "utf8");
      const expected = expectationsOf(text).map(key).sort();
      const actual = analyze(file, text)
        .findings.map((f) => key({ line: f.range.start.line + 1, code: f.code }))
        .sort();
      assert.deepEqual(actual, expected);
    });
  }
});

describe("every quick fix on the rule fixtures", () => {
  before(initEngine);

  it("applies cleanly, parses, compiles with python3 and removes its finding", () => {
    const sources: Record<string, string> = {};
    let checked = 0;
    for (const file of fixtures) {
      const text = fs.readFileSync(file, "utf8");
      if (hasSyntaxErrors(text)) continue;
      for (const finding of analyze(file, text).findings) {
        finding.fixes.forEach((fix, i) => {
          const name = `${path.basename(file)}:${finding.range.start.line + 1}:${finding.code}:fix${i}`;
          const fixed = applyEdits(text, fix.edits);
          assert.equal(hasSyntaxErrors(fixed), false, `${name} (${fix.title}) breaks the syntax:\n${fixed}`);
          // A fix that removes an import moves the line the finding was on.
          const line = shiftedPosition(finding.range.start, fix.edits)?.line ?? finding.range.start.line;
          const after = analyze(file, fixed).findings.filter((f) => f.code === finding.code && f.range.start.line === line);
          assert.equal(after.length, 0, `${name} (${fix.title}) leaves the finding in place`);
          sources[name] = fixed;
          checked++;
        });
      }
    }
    assert.ok(checked >= 10, `only ${checked} fixes were checked`);
    assert.deepEqual(pythonCompileErrors(sources), {});
  });

  it("offers no fix inside a region that does not parse", () => {
    for (const file of fixtures) {
      const text = fs.readFileSync(file, "utf8");
      if (!hasSyntaxErrors(text)) continue;
      const tree = parsePython(text);
      try {
        for (const finding of analyze(file, text).findings) {
          for (const fix of finding.fixes) {
            for (const edit of fix.edits) {
              const node = tree.rootNode.descendantForPosition({ row: edit.range.start.line, column: edit.range.start.character });
              for (let n: typeof node = node; n; n = n.parent) assert.notEqual(n.type, "ERROR", `${path.basename(file)}: fix inside a syntax error`);
            }
          }
        }
      } finally {
        tree.delete();
      }
    }
  });
});
