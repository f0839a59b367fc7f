import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "../protocol/lspClient";

/**
 * The real server (dist/server.js) when a client's notifications do not add up: a version number
 * repeated for another text, a change that cannot be applied. It must never answer for a text the
 * client does not have, nor offer a fix made for another text: applied, that fix corrupts the file.
 */

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

function open(server: TestServer, uri: string, text: string, version = 1): void {
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version, text } });
}

function change(server: TestServer, uri: string, version: number, contentChanges: unknown[]): void {
  server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
}

function quickFixes(server: TestServer, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics, only: ["quickfix"] },
  }) as Promise<CodeAction[]>;
}

/** The diagnostics' own fixes (not "disable for this line", documentation, nor fix-all, which is computed from the text as it is). */
const rewrites = (actions: CodeAction[]) => actions.filter((action) => action.edit && !/^(Disable |Fix all )/.test(action.title));

const POLLER = "import asyncio\nimport time\n\n\nasync def poll(device):\n    time.sleep(1)\n    return device\n";
/** The same module with a docstring on top: every line after it moved down by two. */
const POLLER_DOCUMENTED = '"""Polls devices."""\n\n' + POLLER;

describe("a version number the client repeats for another text", () => {
  let server: TestServer;
  const uri = "file:///tmp/asynclint-races/poller.py";

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  it("gets the diagnostics of the new text, and no fix made for the old one", async () => {
    open(server, uri, POLLER, 7);
    const before = await pull(server, uri);
    assert.deepEqual(before.map((d) => [d.code, d.range.start.line]), [["AL101", 5]]);
    // The whole text replaced under the same version number.
    change(server, uri, 7, [{ text: POLLER_DOCUMENTED }]);
    const after = await pull(server, uri);
    assert.deepEqual(after.map((d) => [d.code, d.range.start.line]), [["AL101", 7]]);

    // The client still holds the old diagnostic: its fix would replace line 5, which is now `async def poll`.
    assert.deepEqual(rewrites(await quickFixes(server, uri, before)), [], "a fix made for the old text");
    // The new diagnostic's fix is offered, and applied it makes the code right.
    const [fix] = rewrites(await quickFixes(server, uri, after));
    assert.ok(fix, "the fix made for this text");
    const fixed = applyEdits(POLLER_DOCUMENTED, fix.edit!.changes![uri] as TextEdit[]);
    assert.match(fixed, /\n {4}await asyncio\.sleep\(1\)\n {4}return device\n$/);
  });

  it("a version going back is another text too", async () => {
    change(server, uri, 3, [{ text: POLLER }]);
    assert.deepEqual((await pull(server, uri)).map((d) => [d.code, d.range.start.line]), [["AL101", 5]]);
  });
});
