import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { askRunner, openFixture, ourDiagnostics, revertAndClose, runnerChannel, waitForCodes, waitForDiagnostics, workspaceFolder } from "./helpers";
import { drawnStatus, MAIN_OUTPUT, outputText } from "./statusHelpers";

/**
 * A server that throws on load (a broken build, an unsupported Node). Before: the client tried 5
 * times in 240 ms, filled the notification centre with the library's jargon, and Restart Server
 * did nothing until the window was reloaded. Now: one readable error with Show Output and
 * Restart, an error in the status item, and Restart Server brings the real server back.
 * The extension reads ASYNCLINT_SERVER_MODULE from its host's environment at each start; this
 * suite runs in that same extension host.
 */
describe("a server that cannot start", () => {
  let editor: vscode.TextEditor | undefined;
  const failing = () => path.join(workspaceFolder("server-lifecycle").uri.fsPath, "failing-server", "throws-on-load.cjs");

  after(async () => {
    // Whatever happened above, leave a running server for the tests after this file.
    if (process.env.ASYNCLINT_SERVER_MODULE) {
      delete process.env.ASYNCLINT_SERVER_MODULE;
      await vscode.commands.executeCommand("asynclint.restart");
    }
    await revertAndClose(editor);
  });

  it("is reported once, readably, with Show Output and Restart, and the status item shows the error", async function () {
    editor = await openFixture("server-lifecycle", "poll.py");
    const uri = editor.document.uri;
    await waitForCodes(uri, ["AL101"]);
    await vscode.commands.executeCommand("notifications.clearAll");

    process.env.ASYNCLINT_SERVER_MODULE = failing();
    await vscode.commands.executeCommand("asynclint.restart");
    await waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, "the stopped server's diagnostics to go");

    // Tried once, not five times: the module's error reached the output exactly once.
    // (Node prints "Error: <message>" once per process that throws; no other test starts this module.)
    const log = await outputText(MAIN_OUTPUT, /Error: e2e: this server throws on load[\s\S]*could not start/);
    assert.equal(log.match(/Error: e2e: this server throws on load/g)?.length, 1, `the failing server was started more than once:\n${log.slice(-3000)}`);

    if (!runnerChannel()) this.skip();
    await vscode.commands.executeCommand("notifications.showList");
    const notifications = await askRunner<{ message: string; severity: string; actions: string[] }[]>({ kind: "notifications", waitForText: "could not start" });
    await vscode.commands.executeCommand("notifications.hideList");
    // The workbench's own progress ("Activating Extensions...") may be listed too; anything of ours or the library's is not info.
    const ours = notifications.filter((n) => n.severity !== "info" || /asynclint|server|connection|-32097/i.test(n.message));
    assert.equal(ours.length, 1, `expected exactly one notification, saw: ${JSON.stringify(notifications)}`);
    const [message] = ours;
    assert.equal(message.severity, "error");
    assert.match(message.message, /asynclint: the server could not start, so files are not checked/);
    assert.doesNotMatch(message.message, /-32097|Pending response|connection got disposed|couldn't create connection/i);
    assert.deepEqual(message.actions, ["Show Output", "Restart"]);

    // A clean picture of the editor with the status item's hover, nothing else open.
    for (const command of ["workbench.action.closePanel", "workbench.action.closeSidebar", "workbench.action.closeAuxiliaryBar"]) await vscode.commands.executeCommand(command);
    const status = await drawnStatus(/stopped/);
    assert.match(status.text, /could not start/);
    assert.ok(status.error, `the status item is not an error: ${status.text}`);
    await askRunner({ kind: "screenshot", name: "error-status", hover: "#status\\.languageStatus", waitFor: ".hover-language-status", text: "could not start" }, 30_000);
  });

  it("Restart Server starts the real server again after the failed start", async function () {
    delete process.env.ASYNCLINT_SERVER_MODULE;
    await vscode.commands.executeCommand("asynclint.restart");
    await waitForCodes(editor!.document.uri, ["AL101"]);
    assert.ok(ourDiagnostics(editor!.document.uri).length > 0);
    if (!runnerChannel()) this.skip();
    const status = await drawnStatus(/running/);
    assert.match(status.text, /\d+\.\d+\.\d+, running/, "the version the server reported");
    assert.ok(!status.error, `still an error after the restart: ${status.text}`);
  });
});
