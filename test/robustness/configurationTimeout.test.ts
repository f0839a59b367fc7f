import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport, Hover } from "vscode-languageserver-protocol";
import { startServer, waitFor, type TestServer } from "../protocol/lspClient";

/**
 * The real server (dist/server.js) with a client that stops answering `workspace/configuration`
 * (a hung extension host, a client that never implemented it yet claimed it): every pull and hover
 * used to wait for the answer forever. Now the request times out after 3 s, the settings the client
 * last sent (or the defaults) stand in, the log says so once, and a late answer still counts.
 */

const BLOCKING = "import time\n\n\nasync def poll(device):\n    time.sleep(1)\n";
/** Well over the server's 3 s, well under forever. */
const BOUND_MS = 8000;

function open(server: TestServer, uri: string): void {
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: BLOCKING } });
}

/** The diagnostics' codes and severities, or a failure when the server does not answer in time. */
async function pull(server: TestServer, uri: string): Promise<Array<[string, number | undefined]>> {
  const answered = server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } }) as Promise<DocumentDiagnosticReport>;
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${BOUND_MS} ms`)), BOUND_MS)));
  try {
    const report = await Promise.race([answered, stuck]);
    return report.kind === "full" ? (report.items as Diagnostic[]).map((d) => [String(d.code), d.severity]) : [];
  } finally {
    clearTimeout(timer);
  }
}

const timeouts = (server: TestServer) => server.logged.filter((line) => /did not answer a workspace\/configuration request/.test(line));

describe("a client that stops answering workspace/configuration", () => {
  let server: TestServer;
  let answering = true;
  /** Requests the client has left hanging, to answer late. */
  const pending: Array<(value: unknown) => void> = [];
  let refreshes = 0;

  before(async () => {
    server = await startServer();
    server.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => {
      if (answering) return params.items.map(() => ({ rules: { AL101: "hint" } }));
      return new Promise((resolve) => pending.push(() => resolve(params.items.map(() => ({ rules: { AL101: "error" } })))));
    });
    server.connection.onRequest("workspace/diagnostic/refresh", () => {
      refreshes++;
      return null;
    });
  });

  after(async () => {
    await server?.stop();
  });

  it("pulls and hovers answer after the timeout, with the settings the client last sent, said once", async () => {
    open(server, "file:///tmp/asynclint-config-timeout/first.py");
    assert.deepEqual(await pull(server, "file:///tmp/asynclint-config-timeout/first.py"), [["AL101", 4]]);
    answering = false;
    const [second, third] = ["second.py", "third.py"].map((name) => `file:///tmp/asynclint-config-timeout/${name}`);
    open(server, second);
    open(server, third);
    const started = performance.now();
    const reports = await Promise.all([pull(server, second), pull(server, third)]);
    const waited = performance.now() - started;
    // `AL101: "hint"` from the last answer, not the default warning.
    assert.deepEqual(reports, [[["AL101", 4]], [["AL101", 4]]]);
    assert.ok(waited >= 2500, `answered after ${waited.toFixed(0)} ms, before the timeout`);
    const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri: second }, position: { line: 4, character: 6 } })) as Hover | null;
    assert.match(JSON.stringify(hover?.contents), /AL101/);
    assert.equal(timeouts(server).length, 1, server.logged.join("\n"));
  });

  it("a late answer replaces the stand-in, and the client is asked to pull again", async () => {
    assert.ok(pending.length >= 2, `${pending.length} requests pending`);
    const before = refreshes;
    for (const answer of pending.splice(0)) answer(undefined);
    await waitFor(() => (refreshes > before ? true : undefined), "a diagnostic refresh after the late answer");
    assert.deepEqual(await pull(server, "file:///tmp/asynclint-config-timeout/second.py"), [["AL101", 1]]);
  });
});

describe("a client that never answers workspace/configuration", () => {
  let server: TestServer;

  before(async () => {
    server = await startServer();
    server.connection.onRequest("workspace/configuration", () => new Promise(() => undefined));
  });

  after(async () => {
    await server?.stop();
  });

  it("gets diagnostics with the defaults", async () => {
    const uri = "file:///tmp/asynclint-config-timeout/never.py";
    open(server, uri);
    assert.deepEqual(await pull(server, uri), [["AL101", 2]]);
    assert.equal(timeouts(server).length, 1, server.logged.join("\n"));
  });
});
