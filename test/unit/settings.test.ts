import { DEFAULT_TEST_FILES, DEFAULT_TEST_RULES } from "../../server/src/engine/pathRules";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { RULES } from "../../server/src/engine/catalogue";
import { defaultSettings, pythonAtLeast, RULE_LEVELS, severityFor, validateSettings } from "../../server/src/engine/settings";

const ROOT = path.join(__dirname, "..", "..");

describe("validateSettings", () => {
  it("keeps every valid value", () => {
    const raw = {
      enable: false,
      run: "onSave",
      rules: { AL101: "error", "dangling-task": "off", al302: "hint" },
      python: { extraBlockingCalls: ["mylib.fetch", "mylib.Client.get"], targetVersion: "3.11" },
      typescript: {
        checkThenables: true,
        safePromiseCalls: ["notifyLater", { name: "register", from: "fastify" }, { name: "Queue.add", from: "@acme/jobs" }],
        safePromiseTypes: [{ name: "QueuedJob", from: "node:test" }],
      },
      maxFileSize: 1024.7,
      exclude: ["generated/", "*_pb2.py"],
      unsafeFixes: true,
    };
    const { settings, problems } = validateSettings(raw);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      enable: false,
      run: "onSave",
      rules: { AL101: "error", AL302: "hint" },
      python: { extraBlockingCalls: ["mylib.fetch", "mylib.Client.get"], targetVersion: "3.11" },
      typescript: {
        checkThenables: true,
        safePromiseCalls: [{ name: "notifyLater" }, { name: "register", from: "fastify" }, { name: "Queue.add", from: "@acme/jobs" }],
        safePromiseTypes: [{ name: "QueuedJob", from: "node:test" }],
      },
      maxFileSize: 1024,
      testFiles: [...DEFAULT_TEST_FILES],
      testRules: { ...DEFAULT_TEST_RULES },
      perFileRules: {},
      exclude: ["generated/", "*_pb2.py"],
      unsafeFixes: true,
    });
  });

  it("nothing set means the defaults, without a word", () => {
    for (const raw of [undefined, null, {}]) assert.deepEqual(validateSettings(raw), { settings: defaultSettings(), problems: [] });
  });

  it("one warning per invalid value, naming the setting and the value; the default is used for just that value", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ enable: "yes" }, 'asynclint.enable: "yes" is not valid'],
      [{ exclude: "generated/" }, 'asynclint.exclude: "generated/" is not valid'],
      [{ unsafeFixes: "yes" }, 'asynclint.unsafeFixes: "yes" is not valid'],
      [{ run: "sometimes" }, 'asynclint.run: "sometimes" is not valid'],
      [{ maxFileSize: -5 }, "asynclint.maxFileSize: -5 is not valid"],
      [{ maxFileSize: "2MB" }, 'asynclint.maxFileSize: "2MB" is not valid'],
      [{ rules: ["AL101"] }, 'asynclint.rules: ["AL101"] is not valid'],
      [{ rules: { AL101: "loud" } }, 'asynclint.rules.AL101: "loud" is not valid'],
      [{ rules: { AL999: "off" } }, 'asynclint.rules: unknown rule "AL999"'],
      [{ python: { extraBlockingCalls: ["ok.name", "not a name"] } }, 'asynclint.python.extraBlockingCalls: ["ok.name","not a name"] is not valid'],
      [{ python: { targetVersion: "2.7" } }, 'asynclint.python.targetVersion: "2.7" is not valid'],
      [{ python: "3.11" }, 'asynclint.python: "3.11" is not valid'],
      [{ typescript: { checkThenables: "yes" } }, 'asynclint.typescript.checkThenables: "yes" is not valid'],
      [{ typescript: { safePromiseCalls: "register" } }, 'asynclint.typescript.safePromiseCalls: "register" is not valid'],
      [{ typescript: { safePromiseCalls: ["register", "not a name"] } }, 'asynclint.typescript.safePromiseCalls: ["register","not a name"] is not valid'],
      [{ typescript: { safePromiseCalls: [{ name: "register", module: "fastify" }] } }, "asynclint.typescript.safePromiseCalls: "],
      [{ typescript: { safePromiseTypes: [{ name: "Job", from: "./jobs" }] } }, "asynclint.typescript.safePromiseTypes: "],
      [{ typescript: { safePromiseTypes: [{ from: "bullmq" }] } }, "asynclint.typescript.safePromiseTypes: "],
      [{ typescript: [] }, "asynclint.typescript: [] is not valid"],
    ];
    for (const [raw, expected] of cases) {
      const { settings, problems } = validateSettings({ ...raw, run: raw.run ?? "onSave" });
      assert.equal(problems.length, 1, JSON.stringify(raw));
      assert.ok(problems[0].startsWith(expected), `${problems[0]} should start with ${expected}`);
      // The other, valid value is still applied.
      if (raw.run === undefined) assert.equal(settings.run, "onSave");
    }
    const typescript = validateSettings({ typescript: { checkThenables: true, safePromiseCalls: 5, safePromiseTypes: ["Job"] } });
    assert.equal(typescript.problems.length, 1);
    assert.deepEqual(typescript.settings.typescript, { checkThenables: true, safePromiseCalls: [], safePromiseTypes: [{ name: "Job" }] });
    const { settings } = validateSettings({ rules: { AL101: "loud", AL102: "error" }, python: { targetVersion: "2.7" } });
    assert.deepEqual(settings.rules, { AL102: "error" });
    assert.equal(settings.python.targetVersion, defaultSettings().python.targetVersion);
  });

  it("a value that is not an object at all: one warning and the defaults", () => {
    const { settings, problems } = validateSettings("onSave");
    assert.deepEqual(problems, ['asynclint: expected an object, got "onSave"; using defaults.']);
    assert.deepEqual(settings, defaultSettings());
  });

  it("layers on a base: later settings override earlier ones rule by rule", () => {
    const base = validateSettings({ rules: { AL101: "error", AL302: "hint" }, run: "onSave" }).settings;
    const { settings } = validateSettings({ rules: { AL302: "off" } }, "asynclint", base);
    assert.deepEqual(settings.rules, { AL101: "error", AL302: "off" });
    assert.equal(settings.run, "onSave");
    assert.deepEqual(base.rules, { AL101: "error", AL302: "hint" }, "the base is not changed");
  });

  it("severity and Python version helpers follow the settings", () => {
    const settings = validateSettings({ rules: { AL101: "off", AL302: "error" }, python: { targetVersion: "3.10" } }).settings;
    assert.equal(severityFor(settings, "AL101", "warning"), undefined);
    assert.equal(severityFor(settings, "AL302", "warning"), "error");
    assert.equal(severityFor(settings, "AL301", "warning"), "warning");
    assert.equal(pythonAtLeast(settings, "3.9"), true);
    assert.equal(pythonAtLeast(settings, "3.11"), false);
  });
});

describe("package.json contributes.configuration", () => {
  const properties = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).contributes.configuration.properties as Record<string, any>;

  it("declares the settings the engine reads, resource-scoped, with the engine's defaults", () => {
    const defaults = defaultSettings();
    const expected: Record<string, unknown> = {
      "asynclint.enable": defaults.enable,
      "asynclint.run": defaults.run,
      "asynclint.rules": defaults.rules,
      "asynclint.python.extraBlockingCalls": defaults.python.extraBlockingCalls,
      "asynclint.python.targetVersion": defaults.python.targetVersion,
      "asynclint.typescript.checkThenables": defaults.typescript.checkThenables,
      "asynclint.typescript.safePromiseCalls": defaults.typescript.safePromiseCalls,
      "asynclint.typescript.safePromiseTypes": defaults.typescript.safePromiseTypes,
      "asynclint.maxFileSize": defaults.maxFileSize,
      "asynclint.testFiles": defaults.testFiles,
      "asynclint.testRules": defaults.testRules,
      "asynclint.perFileRules": defaults.perFileRules,
      "asynclint.exclude": defaults.exclude,
      "asynclint.unsafeFixes": defaults.unsafeFixes,
    };
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(properties[key], `${key} is not contributed`);
      assert.deepEqual(properties[key].default, value, key);
      assert.equal(properties[key].scope, "resource", key);
    }
    assert.ok(properties["asynclint.trace.server"], "asynclint.trace.server is not contributed");
  });

  it("the known-safe lists' schema accepts exactly the entries the engine accepts", () => {
    const items = properties["asynclint.typescript.safePromiseCalls"].items.anyOf as Array<{ pattern?: string; properties?: Record<string, { pattern: string }> }>;
    assert.deepEqual(properties["asynclint.typescript.safePromiseTypes"].items, properties["asynclint.typescript.safePromiseCalls"].items);
    const name = new RegExp(items[0].pattern!);
    const from = new RegExp(items[1].properties!.from.pattern);
    const samples = ["register", "Queue.add", "$ready", "a.b.c", "not a name", "1st", ""];
    const modules = ["fastify", "@acme/jobs", "node:test", "fastify/types", "./jobs", "../x", "@scope", "C:\\x"];
    for (const sample of samples) {
      assert.equal(name.test(sample), validateSettings({ typescript: { safePromiseCalls: [sample] } }).problems.length === 0, sample);
    }
    for (const module of modules) {
      assert.equal(from.test(module), validateSettings({ typescript: { safePromiseTypes: [{ name: "Job", from: module }] } }).problems.length === 0, module);
    }
  });

  it("offers a level for every rule, by code and by name, and only those", () => {
    const rules = properties["asynclint.rules"].properties as Record<string, { enum: string[] }>;
    assert.deepEqual(Object.keys(rules).sort(), RULES.flatMap((r) => [r.code, r.name]).sort());
    for (const [key, schema] of Object.entries(rules)) assert.deepEqual(schema.enum, [...RULE_LEVELS], key);
  });

  it("the rules schema accepts what the engine accepts: codes and names, and rejects an unknown rule as the engine warns of it", () => {
    const validate = new Ajv({ strict: false }).compile(properties["asynclint.rules"]);
    const cases: Array<[Record<string, string>, boolean]> = [
      [{ "blocking-call": "off", AL101: "error" }, true],
      [Object.fromEntries(RULES.flatMap((r) => [[r.code, "hint"], [r.name, "warning"]])), true],
      [{ "blocking-cal": "off" }, false],
      [{ AL999: "off" }, false],
      [{ "dangling-task": "loud" }, false],
    ];
    for (const [value, valid] of cases) {
      assert.equal(validate(value), valid, `schema on ${JSON.stringify(value)}`);
      assert.equal(validateSettings({ rules: value }).problems.length === 0, valid, `engine on ${JSON.stringify(value)}`);
    }
  });

  it("describes every rule in the Settings UI with its code, name and summary, in English and Russian", () => {
    const rules = properties["asynclint.rules"].properties as Record<string, { markdownDescription: string }>;
    const english = JSON.parse(fs.readFileSync(path.join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
    const russian = JSON.parse(fs.readFileSync(path.join(ROOT, "package.nls.ru.json"), "utf8")) as Record<string, string>;
    const summaries = JSON.parse(fs.readFileSync(path.join(ROOT, "l10n", "bundle.l10n.ru.json"), "utf8")) as Record<string, string>;
    for (const rule of RULES) {
      for (const key of [rule.code, rule.name]) {
        const nlsKey = /^%(.+)%$/.exec(rules[key].markdownDescription)?.[1];
        assert.ok(nlsKey, `${key} has a localized description`);
        assert.equal(english[nlsKey], `**${rule.code} ${rule.name}**: ${rule.summary}`, key);
        assert.equal(russian[nlsKey], `**${rule.code} ${rule.name}**: ${summaries[rule.summary]}`, key);
      }
    }
  });
});
