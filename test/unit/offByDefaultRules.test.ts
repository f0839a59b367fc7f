import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSettingsResolver } from "../../server/src/cli/cliSettings";
import { RULES } from "../../server/src/engine/catalogue";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { levelWhenSelected, offByDefault } from "../../server/src/engine/rule";
import { defaultSettings } from "../../server/src/engine/settings";
import { IncrementalPythonAnalysis } from "../../server/src/python/incrementalAnalysis";
import { parsePython } from "../../server/src/python/parser";
import { makeTree, removeTree } from "./cliHarness";
import * as path from "node:path";

// AL104 is off by default (measured: no finding worth acting on in real code); the engine treats every such rule alike.
const STAT = "import os\n\n\nasync def latest(folder):\n    return os.listdir(folder)  # asynclint: ignore[AL104]\n";

describe("rules off by default", () => {
  before(initEngine);
  let root: string;
  before(() => (root = makeTree({ "job.py": STAT })));
  after(() => removeTree(root));

  it("there is at least one, and it is off in every language", () => {
    const off = RULES.filter(offByDefault).map((rule) => rule.code);
    assert.ok(off.includes("AL104"), off.join(", "));
    for (const rule of RULES.filter(offByDefault)) assert.equal(levelWhenSelected(rule), "warning");
  });

  it("reports nothing by default, and an ignore naming it is not an unused suppression", () => {
    assert.deepEqual(analyzePythonSource({ text: STAT }, { settings: defaultSettings() }).findings, []);
  });

  it("reports at the level the user gives it", () => {
    const settings = defaultSettings();
    settings.rules.AL104 = "information";
    const text = STAT.replace("  # asynclint: ignore[AL104]", "");
    const findings = analyzePythonSource({ text }, { settings }).findings;
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.range.start.line]), [["AL104", "information", 4]]);
  });

  it("--select turns it on, as a warning unless the config gives a level; --select of other codes leaves it off", () => {
    const file = path.join(root, "job.py");
    const cwd = process.cwd();
    process.chdir(root);
    try {
      assert.equal(createSettingsResolver({ select: ["AL104"], ignore: [] })(file).settings.rules.AL104, "warning");
      assert.equal(createSettingsResolver({ select: ["AL101"], ignore: [] })(file).settings.rules.AL104, "off");
      assert.equal(createSettingsResolver({ ignore: [] })(file).settings.rules.AL104, undefined);
    } finally {
      process.chdir(cwd);
    }
  });

  it("a rule that reads the whole module (AL502) keeps the editor's analysis equal to a fresh one when another statement changes", () => {
    const settings = defaultSettings();
    settings.rules.AL502 = "information";
    const helper = "async def banner(host):\n    return f\"hello {host}\"\n\n\n";
    const caller = "async def main(app):\n    print(await banner(\"r1\"))\n";
    // The second version hands the function to a router: it must stay a coroutine function.
    const texts = [helper + caller, helper + caller + "    app.router.add_get(\"/\", banner)\n", helper + caller];
    const incremental = new IncrementalPythonAnalysis();
    const codes: string[][] = [];
    for (const text of texts) {
      const tree = parsePython(text);
      try {
        const kept = incremental.analyze(tree, text, { settings, workspaceKey: "" }).findings.map((f) => `${f.code}:${f.range.start.line}`);
        assert.deepEqual(kept, analyzePythonSource({ text }, { settings }).findings.map((f) => `${f.code}:${f.range.start.line}`));
        codes.push(kept);
      } finally {
        tree.delete();
      }
    }
    assert.deepEqual(codes, [["AL502:0"], [], ["AL502:0"]]);
  });
});
