import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { invalidateProjectConfig, settingsForFile } from "../../server/src/engine/projectConfig";
import { defaultSettings, validateSettings } from "../../server/src/engine/settings";
import { asynclint, ensureBuilt } from "../unit/cliHarness";

/**
 * Configuration keys named like the members every JavaScript object has (`constructor`,
 * `__proto__`, `toString`, `hasOwnProperty`) are unknown keys like any other: they are named in
 * a problem and change nothing. A `[tool.asynclint.constructor]` table used to make every file an
 * internal error, and a `__proto__` table holding `enable = false` silently turned asynclint off.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-config-keys-"));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, "p-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const BLOCKING = "import time\n\n\nasync def poll(device):\n    time.sleep(1)\n";

describe("configuration keys named like built-in object members", () => {
  beforeEach(() => invalidateProjectConfig());
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("[tool.asynclint.constructor] and friends are unknown keys, not an internal error", () => {
    const dir = project({
      "pyproject.toml": '[tool.asynclint]\nrun = "onSave"\n\n[tool.asynclint.constructor]\nname = "x"\n\n[tool.asynclint.toString]\nx = 1\n\n[tool.asynclint.hasOwnProperty]\ny = 2\n',
    });
    const { settings, problems } = settingsForFile(path.join(dir, "poll.py"));
    assert.equal(settings.run, "onSave");
    for (const key of ["constructor", "toString", "hasOwnProperty"]) {
      assert.ok(problems.some((p) => /unknown key/.test(p) && p.includes(`"${key}"`)), `${key}: ${problems.join(" | ")}`);
    }
  });

  it("a __proto__ table with enable = false does not turn asynclint off (pyproject.toml and asynclint.json)", () => {
    const toml = project({ "pyproject.toml": "[tool.asynclint.__proto__]\nenable = false\n" });
    const fromToml = settingsForFile(path.join(toml, "poll.py"));
    assert.equal(fromToml.settings.enable, true);
    assert.ok(fromToml.problems.some((p) => /unknown key.*"__proto__"/.test(p)), fromToml.problems.join(" | "));

    const json = project({ "asynclint.json": '{"__proto__": {"enable": false, "maxFileSize": 10}, "python.__proto__": {"targetVersion": "3.14"}}' });
    const fromJson = settingsForFile(path.join(json, "poll.py"));
    assert.equal(fromJson.settings.enable, true);
    assert.equal(fromJson.settings.maxFileSize, defaultSettings().maxFileSize);
    assert.equal(fromJson.settings.python.targetVersion, defaultSettings().python.targetVersion);
    assert.ok(fromJson.problems.some((p) => /unknown keys? .*"__proto__"/.test(p)), fromJson.problems.join(" | "));
    assert.ok(fromJson.problems.some((p) => /unknown keys? .*"python\.__proto__"/.test(p)), fromJson.problems.join(" | "));
  });

  it("rules tables keyed __proto__ or constructor name unknown rules and set no level", () => {
    const dir = project({ "asynclint.json": '{"rules": {"__proto__": "off", "constructor": "off", "AL101": "error"}, "testRules": {"__proto__": {"AL101": "off"}}}' });
    const { settings, problems } = settingsForFile(path.join(dir, "poll.py"));
    assert.deepEqual({ ...settings.rules }, { AL101: "error" });
    assert.equal(Object.getPrototypeOf(settings.rules), Object.prototype);
    assert.ok(problems.some((p) => /unknown rule.*__proto__/.test(p)), problems.join(" | "));
    assert.ok(problems.some((p) => /unknown rule.*constructor/.test(p)), problems.join(" | "));
  });

  it("a perFileRules pattern named __proto__ is a pattern like any other, kept as an entry", () => {
    const dir = project({ "asynclint.json": '{"perFileRules": {"__proto__": {"AL101": "off"}, "scripts/": {"AL102": "off"}}}' });
    const { settings } = settingsForFile(path.join(dir, "poll.py"));
    assert.deepEqual(Object.keys(settings.perFileRules), ["__proto__", "scripts/"]);
    assert.equal(Object.getPrototypeOf(settings.perFileRules), Object.prototype);
  });

  it("editor settings with such keys change nothing either", () => {
    const { settings } = validateSettings(JSON.parse('{"__proto__": {"enable": false}, "python": {"__proto__": {"targetVersion": "3.14"}}, "constructor": 1}'));
    assert.deepEqual(settings, defaultSettings());
  });

  it("the CLI checks the files of such a project and names the keys once", () => {
    ensureBuilt();
    const dir = project({ "pyproject.toml": "[tool.asynclint.constructor]\nx = 1\n\n[tool.asynclint.__proto__]\nenable = false\n", "poll.py": BLOCKING });
    const run = asynclint(["check", "poll.py"], { cwd: dir });
    // A configuration problem is a configuration error (exit 2), after the findings.
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /poll\.py:5:5: AL101/);
    assert.doesNotMatch(run.stdout + run.stderr, /internal error/);
    assert.match(run.stderr, /unknown keys? .*"constructor"/);
    assert.equal(run.stderr.match(/"constructor"/g)?.length, 1, run.stderr);
    assert.equal(run.stderr.match(/"__proto__"/g)?.length, 1, run.stderr);
  });
});
