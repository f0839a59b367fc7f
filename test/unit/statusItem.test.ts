import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { t, useTranslator } from "../../client/src/l10n";
import { OPEN_CONFIG_PROBLEM_COMMAND, SHOW_OUTPUT_COMMAND, statusView } from "../../client/src/statusView";
import { ConfigHealth } from "../../server/src/lsp/serverStatus";

const ROOT = path.join(__dirname, "..", "..");
const english = (message: string, args: (string | number)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** The language status item says what is true: starting, running (which version), or what is wrong and where. */
describe("the status item", () => {
  after(() => useTranslator(english));

  it("is busy while the server starts, then shows the server's version and opens the output", () => {
    const starting = statusView({ kind: "starting" }, [], "0.1.0");
    assert.equal(starting.busy, true);
    assert.equal(starting.severity, "information");
    assert.match(starting.detail, /starting/);
    const running = statusView({ kind: "running", version: "0.2.0" }, [], "0.1.0");
    assert.equal(running.busy, false);
    assert.equal(running.severity, "information");
    assert.match(running.detail, /0\.2\.0, running/, "the version the server reported, not the extension's");
    assert.equal(running.command.command, SHOW_OUTPUT_COMMAND);
    assert.match(running.command.tooltip, /0\.2\.0/);
  });

  it("is an error, never 'running', after the server could not start or gave up", () => {
    for (const failure of ["start", "crashes"] as const) {
      const view = statusView({ kind: "failed", failure }, [], "0.1.0");
      assert.equal(view.severity, "error");
      assert.doesNotMatch(`${view.text} ${view.detail}`, /running/);
      assert.equal(view.command.command, SHOW_OUTPUT_COMMAND, "the output says why");
      assert.match(view.command.tooltip, /Restart Server/);
    }
    assert.match(statusView({ kind: "failed", failure: "start" }, [], "0.1.0").detail, /could not start/);
    assert.match(statusView({ kind: "failed", failure: "crashes" }, [], "0.1.0").detail, /stopped too often/);
  });

  it("is an error while a configuration file is invalid, and its command opens that file at the line", () => {
    const problem = { file: "/work/app/pyproject.toml", line: 7, message: "/work/app/pyproject.toml:7:3: invalid TOML: expected '='; using defaults." };
    const view = statusView({ kind: "running", version: "0.1.0" }, [problem], "0.1.0");
    assert.equal(view.severity, "error");
    assert.match(view.detail, /pyproject\.toml is invalid/);
    assert.equal(view.command.command, OPEN_CONFIG_PROBLEM_COMMAND);
    assert.deepEqual(view.command.arguments, ["/work/app/pyproject.toml", 7]);
    assert.equal(view.command.tooltip, problem.message);
    const two = statusView({ kind: "running" }, [problem, { file: "/work/lib/asynclint.json", message: "/work/lib/asynclint.json: invalid JSON" }], "0.1.0");
    assert.match(two.detail, /2 configuration files are invalid/);
    // A stopped server is the bigger problem: it checks nothing at all.
    assert.equal(statusView({ kind: "failed", failure: "start" }, [problem], "0.1.0").command.command, SHOW_OUTPUT_COMMAND);
  });

  it("speaks Russian with the Russian bundle, and every status text has a translation", () => {
    const russian = JSON.parse(fs.readFileSync(path.join(ROOT, "l10n", "bundle.l10n.ru.json"), "utf8")) as Record<string, string>;
    const missing: string[] = [];
    useTranslator((message, args) => {
      if (!(message in russian)) missing.push(message);
      return english(russian[message] ?? message, args);
    });
    const views = [
      statusView({ kind: "starting" }, [], "0.1.0"),
      statusView({ kind: "running", version: "0.1.0" }, [], "0.1.0"),
      statusView({ kind: "failed", failure: "start" }, [], "0.1.0"),
      statusView({ kind: "failed", failure: "crashes" }, [], "0.1.0"),
      statusView({ kind: "running" }, [{ file: "/p/asynclint.json", message: "x" }], "0.1.0"),
    ];
    assert.deepEqual(missing, []);
    assert.match(views[1].detail, /работает/);
    assert.match(views[2].text, /остановлен/);
    assert.equal(t("Open File"), "Открыть файл");
  });
});

describe("configuration problems reported to the status item", () => {
  it("keeps a file's problems, with the line they name, until the file reads cleanly again", () => {
    const health = new ConfigHealth();
    const file = "/work/app/pyproject.toml";
    assert.equal(health.record(file, [`${file}:12:1: invalid TOML: unexpected character; using defaults.`, "asynclint.rules.AL999: unknown rule (editor setting)"]), true);
    assert.deepEqual(health.problems(), [{ file, line: 12, message: `${file}:12:1: invalid TOML: unexpected character; using defaults.` }], "an editor setting's problem is not the file's");
    assert.equal(health.record(file, [`${file}:12:1: invalid TOML: unexpected character; using defaults.`]), false, "the same problems again: nothing to tell");
    assert.equal(health.record(file, []), true, "fixed");
    assert.deepEqual(health.problems(), []);
    assert.equal(health.record(undefined, ["anything"]), false, "no configuration file: nothing of a file's");
    health.record(file, [`${file}: tool.asynclint.run: expected "onType" or "onSave"`]);
    assert.deepEqual(health.problems(), [{ file, message: `${file}: tool.asynclint.run: expected "onType" or "onSave"` }], "no line named: none invented");
    assert.equal(health.forget(file), true, "a deleted file's problems go with it");
    assert.deepEqual(health.problems(), []);
  });
});
