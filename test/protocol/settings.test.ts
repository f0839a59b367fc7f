import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer, waitFor, type TestServer } from "./lspClient";

const URI = "file:///tmp/asynclint-settings/poll.py";
const TEXT = "import asyncio\nimport time\n\nasync def poll():\n    time.sleep(1)\n    asyncio.create_task(poll())\n";

async function pull(server: TestServer, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: URI }, previousResultId })) as DocumentDiagnosticReport;
}

function codes(report: DocumentDiagnosticReport): string[] {
  return report.kind === "full" ? (report.items as Diagnostic[]).map((d) => String(d.code)) : [];
}

describe("settings through workspace/configuration", () => {
  it("turns a rule off and changes a severity without a restart", async () => {
    let settings: unknown = {};
    const server = await startServer({ settings: () => settings });
    try {
      server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version: 1, text: TEXT } });
      assert.deepEqual(codes(await pull(server)), ["AL101", "AL302"]);
      settings = { rules: { AL101: "off", AL302: "error" } };
      server.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
      const report = await pull(server);
      assert.deepEqual(codes(report), ["AL302"]);
      assert.equal(report.kind === "full" ? (report.items[0] as Diagnostic).severity : 0, 1);
    } finally {
      await server.stop();
    }
  });

  it("warns once about an invalid value and uses the default", async () => {
    const server = await startServer({ settings: () => ({ run: "sometimes", rules: { AL101: "loud" } }) });
    try {
      server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version: 1, text: TEXT } });
      assert.deepEqual(codes(await pull(server)), ["AL101", "AL302"]);
      await pull(server);
      const warnings = await waitFor(() => (server.shownMessages.length >= 2 ? server.shownMessages : undefined), "warnings");
      assert.equal(warnings.filter((m) => m.includes('asynclint.run: "sometimes" is not valid')).length, 1);
      assert.equal(warnings.filter((m) => m.includes('asynclint.rules.AL101: "loud" is not valid')).length, 1);
    } finally {
      await server.stop();
    }
  });

  it("with run: onSave keeps the last saved report while the file has unsaved edits", async () => {
    const server = await startServer({ settings: () => ({ run: "onSave" }) });
    try {
      server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version: 1, text: TEXT } });
      const first = await pull(server);
      assert.deepEqual(codes(first), ["AL101", "AL302"]);
      server.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ range: { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } }, text: "pass" }],
      });
      const unsaved = await pull(server, first.kind === "full" ? first.resultId : undefined);
      assert.equal(unsaved.kind, "unchanged");
      server.connection.sendNotification("textDocument/didSave", { textDocument: { uri: URI } });
      assert.deepEqual(codes(await pull(server, first.kind === "full" ? first.resultId : undefined)), ["AL302"]);
    } finally {
      await server.stop();
    }
  });
});
