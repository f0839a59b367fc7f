import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { SERVER, waitFor } from "./lspClient";

interface ConfigProblem {
  file: string;
  line?: number;
  message: string;
}

/** The server as the VS Code extension starts it (asking for asynclint/status), or as another editor does. */
async function start(root: string, statusNotifications: boolean) {
  const child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const statuses: ConfigProblem[][] = [];
  const shown: string[] = [];
  const logged: string[] = [];
  connection.onNotification("asynclint/status", (params: { configProblems: ConfigProblem[] }) => {
    statuses.push(params.configProblems);
  });
  connection.onNotification("window/showMessage", (params: { message: string }) => {
    shown.push(params.message);
  });
  connection.onRequest("window/showMessageRequest", (params: { message: string }) => {
    shown.push(params.message);
    return null;
  });
  connection.onNotification("window/logMessage", (params: { message: string }) => {
    logged.push(params.message);
  });
  connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.listen();
  const initialized = (await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: "inventory" }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    initializationOptions: statusNotifications ? { statusNotifications: true } : undefined,
  })) as { serverInfo?: { version?: string } };
  connection.sendNotification("initialized", {});
  const open = async (file: string) => {
    const uri = pathToFileURL(file).toString();
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: fs.readFileSync(file, "utf8") } });
    return connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } }) as Promise<{ items: { code?: string; message: string }[] }>;
  };
  const stop = async () => {
    await connection.sendRequest("shutdown").catch(() => undefined);
    // The server may already have closed its end (it exits once shut down): a late write is no failure of the test.
    await connection.sendNotification("exit").catch(() => undefined);
    connection.dispose();
    if (child.exitCode === null) child.kill();
  };
  return { connection, initialized, statuses, shown, logged, open, stop };
}

const MANIFEST = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };

describe("configuration problems and the log, over the protocol", () => {
  let root: string;
  let pyproject: string;
  let module: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-status-"));
    pyproject = path.join(root, "pyproject.toml");
    module = path.join(root, "inventory.py");
    fs.writeFileSync(pyproject, '[project]\nname = "inventory"\n\n[tool.asynclint]\nrun = onType\n');
    fs.writeFileSync(module, "import asyncio\nimport time\n\n\nasync def refresh():\n    time.sleep(1)\n    await asyncio.sleep(0)\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("tells its own client which file is invalid and where, instead of a bare warning, and clears it when the file is fixed", async () => {
    const server = await start(root, true);
    try {
      const report = await server.open(module);
      assert.deepEqual(report.items.map((item) => item.code), ["AL101"], "the defaults apply meanwhile");
      const [problems] = await waitFor(() => (server.statuses.length > 0 ? server.statuses : undefined), "asynclint/status");
      assert.equal(problems.length, 1);
      assert.equal(problems[0].file, pyproject);
      assert.equal(problems[0].line, 5, "the line of the unquoted value");
      assert.match(problems[0].message, /invalid TOML/);
      assert.deepEqual(server.shown.filter((message) => message.includes("pyproject.toml")), [], "the client shows it (with Open File); no second message");

      // Fixed on disk, the editor says the file changed, and the next read clears the error.
      fs.writeFileSync(pyproject, '[project]\nname = "inventory"\n\n[tool.asynclint]\nrun = "onType"\n');
      server.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(pyproject).toString(), type: 2 }] });
      await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: pathToFileURL(module).toString() } });
      await waitFor(() => (server.statuses.at(-1)?.length === 0 ? true : undefined), "an empty asynclint/status once the file reads cleanly");

      // The log: versions, which configuration applies to the folder, the problem itself.
      assert.equal(server.initialized.serverInfo?.version, MANIFEST.version);
      const log = server.logged.join("\n");
      assert.match(log, new RegExp(`asynclint ${MANIFEST.version.replace(/\./g, "\\.")} server: Node v\\d+\\.\\d+\\.\\d+, TypeScript ${MANIFEST.dependencies.typescript.replace(/\./g, "\\.")}`));
      assert.ok(log.includes(`settings for workspace folder ${root} come from ${pyproject}`), log);
      assert.ok(log.includes(`${pyproject}:5:`), "the problem is logged with its line");
    } finally {
      fs.writeFileSync(pyproject, '[project]\nname = "inventory"\n\n[tool.asynclint]\nrun = onType\n');
      await server.stop();
    }
  });

  it("keeps telling other editors with a warning, and sends them no asynclint/status", async () => {
    const server = await start(root, false);
    try {
      await server.open(module);
      await waitFor(() => (server.shown.some((message) => message.includes("pyproject.toml")) ? true : undefined), "the warning about pyproject.toml");
      assert.deepEqual(server.statuses, []);
    } finally {
      await server.stop();
    }
  });

  it("logs a notice once, such as a file too large to analyze", async () => {
    const server = await start(root, true);
    try {
      const big = path.join(root, "generated.py");
      const uri = pathToFileURL(big).toString();
      server.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ maxFileSize: 10 })));
      server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: "import time\n\n\nasync def f():\n    time.sleep(1)\n" } });
      await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
      await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
      const lines = server.logged.filter((line) => line.includes(uri));
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(lines[0], /10 bytes|larger|size/i);
    } finally {
      await server.stop();
    }
  });
});
