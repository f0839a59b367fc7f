import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { askRunner, fixtureUri, openFixture, rangeOf, revertAndClose, runnerChannel, waitFor, waitForCodes } from "./helpers";
import { drawnStatus, MAIN_OUTPUT, outputText, TRACE_OUTPUT } from "./statusHelpers";

/**
 * The "config-status" folder's pyproject.toml has an unquoted value at line 6 (`run = onType`). While it
 * is broken, the status item is an error whose command opens the file at that line, and one
 * notification offers Open File; once fixed, the status is "running" again. The output says
 * which versions run and which configuration applies to the folder, and asynclint.trace.server
 * alone turns the LSP trace on.
 */
describe("the status item and the output", () => {
  const opened: vscode.TextEditor[] = [];
  const pyproject = () => fixtureUri("config-status", "pyproject.toml").fsPath;
  let original = "";
  before(() => {
    original = fs.readFileSync(pyproject(), "utf8");
  });
  after(async () => {
    fs.writeFileSync(pyproject(), original);
    await vscode.workspace.getConfiguration("asynclint").update("trace.server", undefined, vscode.ConfigurationTarget.Workspace);
    while (opened.length > 0) await revertAndClose(opened.pop());
  });

  it("shows an invalid configuration file as an error, with one notification and a command that opens the file at the line", async function () {
    await vscode.commands.executeCommand("notifications.clearAll");
    const editor = await openFixture("config-status", "inventory.py");
    opened.push(editor);
    // The file is unusable, so the defaults apply: AL101 at its default level.
    const [finding] = await waitForCodes(editor.document.uri, ["AL101"]);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);
    if (!runnerChannel()) this.skip();

    await vscode.commands.executeCommand("notifications.showList");
    const notifications = await askRunner<{ message: string; severity: string; actions: string[] }[]>({ kind: "notifications", waitForText: "pyproject.toml" });
    await vscode.commands.executeCommand("notifications.hideList");
    const ours = notifications.filter((n) => n.message.includes("pyproject.toml"));
    assert.equal(ours.length, 1, `expected one notification about pyproject.toml, saw: ${JSON.stringify(notifications)}`);
    assert.match(ours[0].message, /invalid TOML/);
    assert.deepEqual(ours[0].actions, ["Open File"]);

    const status = await drawnStatus(/configuration error/);
    assert.match(status.text, /pyproject\.toml is invalid/);
    assert.ok(status.error, `not an error: ${status.text}`);

    // The status item's command, clicked in its hover, opens the file at the line the problem names.
    await askRunner({ kind: "text", hover: "#status\\.languageStatus", click: ".hover-language-status a.monaco-link", clickText: "Open File", selector: ".tab.active", waitForText: "pyproject.toml" });
    const at = await waitFor("pyproject.toml to open at the problem", () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath === pyproject() ? active : undefined;
    });
    opened.push(at);
    assert.equal(at.selection.active.line + 1, 6, "the line of the unquoted value");
  });

  it("is running again once the file is fixed", async function () {
    fs.writeFileSync(pyproject(), original.replace("run = onType", 'run = "onType"'));
    if (!runnerChannel()) this.skip();
    // The status item belongs to Python files: back to the one it was shown for.
    await vscode.window.showTextDocument(opened[0].document);
    const status = await drawnStatus(/running/);
    assert.ok(!status.error, `still an error: ${status.text}`);
  });

  it("logs the versions and which configuration file applies to the folder", async function () {
    if (!runnerChannel()) this.skip();
    const log = await outputText(MAIN_OUTPUT, /config-status come from/);
    assert.match(log, /asynclint \d+\.\d+\.\d+ in .+ \d+\.\d+/, "the extension's version and the editor's");
    assert.match(log, /asynclint \d+\.\d+\.\d+ server: Node v\d+\.\d+\.\d+, TypeScript \d+\.\d+\.\d+/);
    assert.match(log, /settings for workspace folder \S*config-status come from \S*config-status[\\/]pyproject\.toml/);
    assert.match(log, /pyproject\.toml:6:\d+: invalid TOML/, "the problem is in the log too");
  });

  it("traces the protocol when asynclint.trace.server is set, without changing a log level", async function () {
    if (!runnerChannel()) this.skip();
    await vscode.workspace.getConfiguration("asynclint").update("trace.server", "messages", vscode.ConfigurationTarget.Workspace);
    const editor = opened[0];
    const position = rangeOf(editor.document, "time.sleep").start.translate(0, 6);
    // A request made after the setting changed must show in the trace.
    await waitFor("a traced hover request", async () => {
      await vscode.commands.executeCommand("vscode.executeHoverProvider", editor.document.uri, position);
      return outputText(TRACE_OUTPUT, /Sending request 'textDocument\/hover/, 1000).catch(() => undefined);
    });
  });
});
