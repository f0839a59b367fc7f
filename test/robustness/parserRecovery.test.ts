import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer, waitFor, type TestServer } from "../protocol/lspClient";

/**
 * The real server (dist/server.js) when tree-sitter's wasm aborts: it caps its memory, and a text
 * too large for it used to end Python analysis until the editor restarted the server. The abort
 * here is a real one: the server runs with its parser's memory capped at 40 MB
 * (ASYNCLINT_PARSER_MEMORY_MB), so a text of 1.8 MB exhausts it the way 60 MB exhausts the
 * default 2 GB, in half a second instead of a minute.
 */

const SMALL = "import time\n\n\nasync def poll(device):\n    time.sleep(1)\n    return device\n";

/** Consecutive independent awaits a selection can rewrite, at the top of the text. */
const REWRITABLE = `import asyncio


async def dashboard(client, user_id):
    profile = await client.profile(user_id)
    news = await fetch_news()
    return profile, news
`;

/** About 1.8 MB of real-looking Python: far more syntax nodes than a 40 MB wasm heap holds. */
function largeModule(): string {
  const unit = "async def handler_{n}(request):\n    payload = await request.json()\n    return payload\n";
  const parts = [REWRITABLE];
  for (let n = 0; n < 22_000; n++) parts.push(unit.replace("{n}", String(n)));
  return parts.join("\n");
}

function open(server: TestServer, uri: string, text: string): void {
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
}

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? report.items : [];
}

function refactors(server: TestServer, uri: string): Promise<CodeAction[]> {
  return server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 4, character: 0 }, end: { line: 5, character: 200 } },
    context: { diagnostics: [], only: ["refactor.rewrite"] },
  }) as Promise<CodeAction[]>;
}

const failures = (server: TestServer) => server.logged.filter((line) => /Python parser failed/.test(line));

describe("parser recovery: a wasm abort costs the text that caused it, not Python analysis", { timeout: 30_000 }, () => {
  let workspace: string;
  let server: TestServer;
  const uri = (name: string) => pathToFileURL(path.join(workspace, name)).toString();

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-parser-recovery-"));
    // The size cap raised above the text, as a user may: the parser itself is what fails.
    server = await startServer({ rootPath: workspace, env: { ASYNCLINT_PARSER_MEMORY_MB: "40" }, settings: () => ({ maxFileSize: 16 * 1024 * 1024 }) });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("the text that made the parser abort gets a notice; the next Python file gets its findings", async () => {
    open(server, uri("generated_routes.py"), largeModule());
    const notice = await pull(server, uri("generated_routes.py"));
    assert.equal(notice.length, 1, JSON.stringify(notice.map((d) => d.message)));
    assert.match(String(notice[0].message), /Python parser ran out of memory/);
    open(server, uri("poller.py"), SMALL);
    assert.deepEqual((await pull(server, uri("poller.py"))).map((d) => d.code), ["AL101"]);
    assert.equal(failures(server).length, 1, server.logged.join("\n"));
  });

  it("an abort in the 'Run these awaits concurrently' refactor does not end Python analysis either", async () => {
    open(server, uri("generated_views.py"), largeModule());
    assert.deepEqual(await refactors(server, uri("generated_views.py")), []);
    open(server, uri("poller_two.py"), SMALL);
    assert.deepEqual((await pull(server, uri("poller_two.py"))).map((d) => d.code), ["AL101"]);
    // One line in the log per failure, no stack trace.
    await waitFor(() => (failures(server).length === 2 ? true : undefined), "the second failure in the log");
    assert.ok(!server.logged.some((line) => /at .*web-tree-sitter/.test(line)), server.logged.join("\n"));
  });
});

describe("the size cap holds for every path into the Python parser", { timeout: 30_000 }, () => {
  let server: TestServer;
  const uri = "file:///tmp/asynclint-parser-cap/big_dashboard.py";

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  it("a document over asynclint.maxFileSize is not parsed for the refactor", async () => {
    // Rewritable awaits, then 2.5 MB of comments: over the default 2 MB cap.
    const text = REWRITABLE + "# generated padding line for the size cap\n".repeat(62_000);
    open(server, uri, text);
    assert.match(String((await pull(server, uri))[0].message), /larger than asynclint\.maxFileSize/);
    assert.deepEqual(await refactors(server, uri), []);
    // The same awaits in a small document are rewritable: the refactor is refused for the size alone.
    const smallUri = uri.replace("big_", "small_");
    open(server, smallUri, REWRITABLE);
    assert.equal((await refactors(server, smallUri)).length, 1);
  });
});
