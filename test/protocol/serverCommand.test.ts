import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer, waitFor, type TestServer } from "./lspClient";

// What Neovim, Helix, Zed and Sublime run: the package's `asynclint` command, not dist/server.js by path.
const BIN = path.join(__dirname, "..", "..", "bin", "asynclint.js");

const PY_URI = "file:///tmp/asynclint-server-command/poll.py";
const PY_TEXT = "import asyncio\nimport time\n\n\nasync def poll(device):\n    time.sleep(5)\n    await asyncio.sleep(0)\n";
const TS_URI = "file:///tmp/asynclint-server-command/status.ts";
const TS_TEXT = "async function save(): Promise<void> {}\n\nexport async function run(): Promise<void> {\n  save();\n}\n";

async function pulled(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

describe("asynclint server --stdio (the language server for other editors)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ command: [BIN, "server", "--stdio"] });
  });
  after(async () => {
    await server.stop();
  });

  it("answers as the asynclint server and reports a blocking sleep in Python", async () => {
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: PY_URI, languageId: "python", version: 1, text: PY_TEXT } });
    const diagnostics = await pulled(server, PY_URI);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.source]), [["AL101", 5, "asynclint"]]);
  });

  it("reports a floating promise in TypeScript (the compiler loads beside the server)", async () => {
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: TS_URI, languageId: "typescript", version: 1, text: TS_TEXT } });
    const diagnostics = await waitFor(async () => {
      const items = await pulled(server, TS_URI);
      return items.length > 0 ? items : undefined;
    }, "TypeScript diagnostics");
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [["AL301", 3]]);
  });
});

describe("asynclint server without a transport option", () => {
  it("talks over stdio, pushing diagnostics to a client without pull support (Helix, Sublime's LSP)", async () => {
    const push = await startServer({ command: [BIN, "server"], pull: false });
    try {
      push.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: PY_URI, languageId: "python", version: 1, text: PY_TEXT } });
      const diagnostics = await waitFor(() => push.pushed.get(PY_URI) as Diagnostic[] | undefined, "pushed diagnostics");
      assert.deepEqual(diagnostics.map((d) => d.code), ["AL101"]);
    } finally {
      await push.stop();
    }
  });
});

describe("asynclint server's command line", () => {
  it("refuses an option it does not know, on stderr, with exit 2 and nothing on stdout", () => {
    const result = spawnSync(process.execPath, [BIN, "server", "--port", "9000"], { encoding: "utf8", input: "" });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /unknown option '--port'/);
  });

  it("explains itself with --help and names the server in the main help", () => {
    const help = spawnSync(process.execPath, [BIN, "server", "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /language server/);
    assert.match(spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout, /asynclint server \[--stdio\]/);
  });
});
