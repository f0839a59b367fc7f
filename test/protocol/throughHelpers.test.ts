// Blocking calls through helpers as the editor shows them: the diagnostic carries the blocking
// call as related information (in this file or another), which follows the helper as the text
// moves, and the output log says which virtual environment installed packages are read from.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { FIXTURES } from "../support/fixtures";
import { startServer, waitFor, type TestServer } from "./lspClient";

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value);

function open(server: TestServer, file: string): string {
  const uri = pathToFileURL(file).href;
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: fs.readFileSync(file, "utf8") } });
  return uri;
}

describe("blocking calls through helpers in the editor", () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.stop();
  });

  it("attaches the blocking call in the helper's module as related information", async () => {
    const root = path.join(FIXTURES, "python");
    const server = await startServer({ rootPath: root });
    servers.push(server);
    const uri = open(server, path.join(root, "AL102_AL103_through_imported_helpers.py"));
    const diagnostics = await pull(server, uri);
    const ping = diagnostics.find((d) => messageOf(d).startsWith("`ping()` blocks"));
    assert.ok(ping, diagnostics.map(messageOf).join("\n"));
    assert.equal(ping.code, "AL102");
    assert.deepEqual(
      ping.relatedInformation?.map((info) => [info.location.uri, info.location.range.start.line, info.message]),
      [[pathToFileURL(path.join(root, "helperpkg", "inventory.py")).href, 30, "`subprocess.run` blocks the event loop here, called from `async def audit`"]],
    );
  });

  it("moves the related place with the helper when lines are inserted between the caller above and the helper below", async () => {
    const server = await startServer();
    servers.push(server);
    const uri = "file:///tmp/asynclint-protocol/poller.py";
    const text = "import time\n\n\nasync def main():\n    settle()\n\n\ndef settle():\n    time.sleep(1)\n";
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
    const related = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === "AL101")?.relatedInformation?.[0];
    const before = related(await pull(server, uri));
    assert.deepEqual([before?.location.uri, before?.location.range.start.line], [uri, 8]);
    // Below the caller, above the helper: the caller's statement is kept as it was, the helper moves.
    server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: "RETRIES = 3\nTIMEOUT = 5\n" }],
    });
    const after = await waitFor(async () => {
      const place = related(await pull(server, uri));
      return place && place.location.range.start.line !== 8 ? place : undefined;
    }, "the related place to move");
    assert.equal(after.location.range.start.line, 10);
  });

  it("says in the output which virtual environment installed packages are read from, and how many modules", async () => {
    const root = path.join(FIXTURES, "python_env");
    const server = await startServer({ rootPath: root });
    servers.push(server);
    const uri = open(server, path.join(root, "backup.py"));
    const codes = (await pull(server, uri)).map((d) => d.code).sort();
    assert.deepEqual(codes, ["AL102", "AL301", "AL301", "AL301"]);
    await waitFor(() => server.logged.find((line) => line.includes(`installed packages are read (never run) from ${path.join(root, "env")}`)), "the environment in the log");
    await waitFor(() => server.logged.find((line) => /\d+ modules? of installed packages read so far/.test(line)), "the count of modules read");
  });
});
