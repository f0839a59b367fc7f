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

describe("a didChange that cannot be applied whole is applied not at all", () => {
  let server: TestServer;
  const uri = "file:///tmp/asynclint-races/collector.py";
  // The warning of the lost change (the document's own notice, logged once too, says it in other words).
  const lost = (s: TestServer) => s.logged.filter((line) => /^asynclint: a change to \S+ could not be applied/.test(line));

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  it("a valid change before a malformed one is not applied either, and the document says it lost its text", async () => {
    open(server, uri, POLLER, 1);
    const before = await pull(server, uri);
    assert.deepEqual(before.map((d) => [d.code, d.range.start.line]), [["AL101", 5]]);
    // A second blocking call typed in, then a change whose range is garbage.
    change(server, uri, 2, [
      { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: "    time.sleep(2)\n" },
      { range: { start: { line: "end" }, end: null }, text: "x" },
    ]);
    const after = await pull(server, uri);
    assert.equal(after.length, 1, JSON.stringify(after));
    assert.equal(after[0].code, undefined);
    assert.match(String(after[0].message), /could not be applied, so asynclint no longer knows its text/);
    // Nothing is offered for a text the server does not know.
    assert.deepEqual(await quickFixes(server, uri, before), []);
    assert.equal(lost(server).length, 1, server.logged.join("\n"));
  });

  it("later edits by range are ignored, logged no more; a whole text brings the document back", async () => {
    change(server, uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# edited\n" }]);
    assert.match(String((await pull(server, uri))[0].message), /no longer knows its text/);
    change(server, uri, 4, [{ text: POLLER_DOCUMENTED }]);
    const resynced = await pull(server, uri);
    assert.deepEqual(resynced.map((d) => [d.code, d.range.start.line]), [["AL101", 7]]);
    const [fix] = rewrites(await quickFixes(server, uri, resynced));
    assert.match(applyEdits(POLLER_DOCUMENTED, fix.edit!.changes![uri] as TextEdit[]), /\n {4}await asyncio\.sleep\(1\)\n/);
    assert.equal(lost(server).length, 1, server.logged.join("\n"));
  });

  it("a notification of several valid changes is applied whole, in order", async () => {
    change(server, uri, 5, [
      { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: "    time.sleep(2)\n" },
      { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: "" },
    ]);
    // The docstring gone, both sleeps on their lines: what a fresh document with that text reports.
    const fresh = "file:///tmp/asynclint-races/collector_fresh.py";
    open(server, fresh, POLLER.replace("    time.sleep(1)\n", "    time.sleep(1)\n    time.sleep(2)\n"));
    const expected = (await pull(server, fresh)).map((d) => [d.code, d.range.start.line]);
    assert.deepEqual(expected, [["AL101", 5], ["AL101", 6]]);
    assert.deepEqual((await pull(server, uri)).map((d) => [d.code, d.range.start.line]), expected);
  });
});
