import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { invalidateProjectConfig, isConfigFile, readConfigFile, settingsForFile } from "../../server/src/engine/projectConfig";
import { defaultSettings } from "../../server/src/engine/settings";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-config-"));

/** Writes files under a fresh project folder and returns its path. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, "p-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("project configuration", () => {
  beforeEach(() => invalidateProjectConfig());
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reads [tool.asynclint] from pyproject.toml, nested tables included", () => {
    const dir = project({
      "pyproject.toml": '[project]\nname = "netops"\n\n[tool.asynclint]\nrun = "onSave"\n\n[tool.asynclint.rules]\nAL101 = "error"\nblocking-call = "off"\n\n[tool.asynclint.python]\ntargetVersion = "3.11"\nextraBlockingCalls = ["netmiko.ConnectHandler"]\n',
    });
    const { settings, problems, configFile } = settingsForFile(path.join(dir, "src", "poll.py"));
    assert.deepEqual(problems, []);
    assert.equal(configFile, path.join(dir, "pyproject.toml"));
    assert.equal(settings.run, "onSave");
    assert.deepEqual(settings.rules, { AL101: "error", AL102: "off" });
    assert.deepEqual(settings.python, { targetVersion: "3.11", extraBlockingCalls: ["netmiko.ConnectHandler"] });
  });

  it("reads the \"asynclint\" key of package.json and asynclint.json, with settings.json-style dotted keys", () => {
    const pkg = project({ "package.json": JSON.stringify({ name: "app", asynclint: { rules: { AL301: "error" }, "python.targetVersion": "3.12" } }) });
    assert.deepEqual(settingsForFile(path.join(pkg, "index.ts")).settings.rules, { AL301: "error" });
    assert.equal(settingsForFile(path.join(pkg, "index.ts")).settings.python.targetVersion, "3.12");
    const own = project({ "asynclint.json": '{ "enable": false }' });
    assert.equal(settingsForFile(path.join(own, "a.py")).settings.enable, false);
  });

  it("uses the nearest configuration, whole: a nearer file replaces a farther one", () => {
    const dir = project({
      "pyproject.toml": '[tool.asynclint]\nrun = "onSave"\nrules = { AL101 = "error" }\n',
      "service/package.json": JSON.stringify({ asynclint: { rules: { AL302: "hint" } } }),
    });
    const inner = settingsForFile(path.join(dir, "service", "deep", "x.ts")).settings;
    assert.deepEqual(inner.rules, { AL302: "hint" });
    assert.equal(inner.run, "onType");
    assert.equal(settingsForFile(path.join(dir, "tool.py")).settings.run, "onSave");
  });

  it("skips files that say nothing about asynclint and looks further up", () => {
    const dir = project({
      "pyproject.toml": '[tool.asynclint]\nmaxFileSize = 1000\n',
      "pkg/pyproject.toml": '[tool.ruff]\nline-length = 100\n',
      "pkg/package.json": '{ "name": "x", "broken": ',
    });
    const { settings, problems } = settingsForFile(path.join(dir, "pkg", "m.py"));
    assert.equal(settings.maxFileSize, 1000);
    assert.deepEqual(problems, [], "another tool's (even broken) file is not ours to judge");
  });

  it("prefers asynclint.json over pyproject.toml over package.json in one folder", () => {
    const dir = project({
      "asynclint.json": '{ "run": "onSave" }',
      "pyproject.toml": '[tool.asynclint]\nrun = "onType"\nenable = false\n',
    });
    const { settings, configFile } = settingsForFile(path.join(dir, "m.py"));
    assert.equal(configFile, path.join(dir, "asynclint.json"));
    assert.equal(settings.run, "onSave");
    assert.equal(settings.enable, true);
  });

  it("lets editor settings override the file, rule by rule", () => {
    const dir = project({ "pyproject.toml": '[tool.asynclint]\nrun = "onSave"\n[tool.asynclint.rules]\nAL101 = "error"\nAL302 = "hint"\n' });
    const { settings, problems } = settingsForFile(path.join(dir, "m.py"), { rules: { AL302: "off" }, maxFileSize: 5000 });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.rules, { AL101: "error", AL302: "off" });
    assert.equal(settings.run, "onSave");
    assert.equal(settings.maxFileSize, 5000);
  });

  it("reads the TypeScript known-safe lists from a project file, as TOML inline tables or JSON objects", () => {
    const toml = project({
      "pyproject.toml": '[tool.asynclint.typescript]\ncheckThenables = true\nsafePromiseCalls = ["notifyLater", { name = "register", from = "fastify" }]\n',
    });
    const fromToml = settingsForFile(path.join(toml, "app.ts"));
    assert.deepEqual(fromToml.problems, []);
    assert.deepEqual(fromToml.settings.typescript, { checkThenables: true, safePromiseCalls: [{ name: "notifyLater" }, { name: "register", from: "fastify" }], safePromiseTypes: [] });
    const json = project({ "package.json": JSON.stringify({ name: "app", asynclint: { "typescript.safePromiseTypes": [{ name: "QueuedJob", from: "@acme/jobs" }] } }) });
    assert.deepEqual(settingsForFile(path.join(json, "app.ts")).settings.typescript.safePromiseTypes, [{ name: "QueuedJob", from: "@acme/jobs" }]);
  });

  it("a malformed TOML file: one message with the file and line, defaults used", () => {
    const dir = project({ "pyproject.toml": '[tool.asynclint]\nrun = "onSave"\nrules = { AL101 = \n' });
    const { settings, problems } = settingsForFile(path.join(dir, "m.py"));
    assert.equal(problems.length, 1);
    assert.match(problems[0], new RegExp(`^${escape(path.join(dir, "pyproject.toml"))}:3:\\d+: invalid TOML: .+; using defaults\\.$`));
    assert.deepEqual(settings, defaultSettings());
  });

  it("a malformed JSON file: one message with the file and line, defaults used", () => {
    const dir = project({ "asynclint.json": '{\n  "run": "onSave",\n  "rules": { "AL101": "error", }\n}\n' });
    const { settings, problems } = settingsForFile(path.join(dir, "m.py"));
    assert.equal(problems.length, 1);
    assert.match(problems[0], new RegExp(`^${escape(path.join(dir, "asynclint.json"))}:3:\\d+: invalid JSON: .+; using defaults\\.$`));
    assert.deepEqual(settings, defaultSettings());
  });

  it("an invalid value or unknown key is named; the rest of the file still applies", () => {
    const dir = project({ "pyproject.toml": '[tool.asynclint]\nrun = "sometimes"\nmaxFileSize = 4096\ncolour = "red"\n[tool.asynclint.python]\ntargetVersion = 3.11\n' });
    const { settings, problems } = settingsForFile(path.join(dir, "m.py"));
    const file = path.join(dir, "pyproject.toml");
    assert.deepEqual(problems.sort(), [
      `${file}: tool.asynclint.python.targetVersion: 3.11 is not valid (3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14); using the default.`,
      `${file}: tool.asynclint.run: "sometimes" is not valid ("onType" or "onSave"); using the default.`,
      `${file}: tool.asynclint: unknown key "colour" (known: enable, run, rules, maxFileSize, testFiles, testRules, perFileRules, exclude, unsafeFixes, cacheDir, python, typescript); ignored.`,
    ].sort());
    assert.equal(settings.maxFileSize, 4096);
    assert.equal(settings.run, "onType");
  });

  it("caches per folder until told a file changed", () => {
    const dir = project({ "asynclint.json": '{ "run": "onSave" }' });
    const file = path.join(dir, "m.py");
    assert.equal(settingsForFile(file).settings.run, "onSave");
    fs.writeFileSync(path.join(dir, "asynclint.json"), '{ "run": "onType" }');
    assert.equal(settingsForFile(file).settings.run, "onSave", "cached");
    invalidateProjectConfig(path.join(dir, "asynclint.json"));
    assert.equal(settingsForFile(file).settings.run, "onType");
    fs.rmSync(path.join(dir, "asynclint.json"));
    invalidateProjectConfig(path.join(dir, "asynclint.json"));
    assert.deepEqual(settingsForFile(file).settings, defaultSettings());
  });

  it("reads a file named with --config, whatever its name", () => {
    const dir = project({
      "ci.json": '{ "rules": { "AL101": "error" } }',
      "ci.toml": 'run = "onSave"\n',
      "pyproject.toml": '[tool.asynclint]\nenable = false\n',
      "plain.toml": '[tool.other]\nx = 1\n',
    });
    assert.deepEqual(readConfigFile(path.join(dir, "ci.json")).settings.rules, { AL101: "error" });
    assert.equal(readConfigFile(path.join(dir, "ci.toml")).settings.run, "onSave");
    assert.equal(readConfigFile(path.join(dir, "pyproject.toml")).settings.enable, false);
    const missing = readConfigFile(path.join(dir, "nope.json"));
    assert.deepEqual(missing.problems, [`${path.join(dir, "nope.json")}: the file does not exist; using defaults.`]);
    assert.deepEqual(missing.settings, defaultSettings());
  });

  it("knows which changed files may hold settings", () => {
    assert.equal(isConfigFile("/w/pyproject.toml"), true);
    assert.equal(isConfigFile("/w/app/package.json"), true);
    assert.equal(isConfigFile("/w/asynclint.json"), true);
    assert.equal(isConfigFile("/w/node_modules/left-pad/package.json"), false);
    assert.equal(isConfigFile("/w/setup.cfg"), false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
