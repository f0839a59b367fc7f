import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "../protocol/lspClient";

/**
 * The real server (dist/server.js) when the user adds a folder to the workspace after start, as
 * VS Code's "Add Folder to Workspace…" does: the server advertises workspace folder change
 * notifications, so the added folder must become a root (where absolute imports start, what path
 * patterns are relative to) and a removed one stop being one.
 */

const files: Record<string, string> = {
  "mylib/__init__.py": "",
  "mylib/api.py": "import asyncio\n\n\nasync def fetch_status(host):\n    await asyncio.sleep(0.1)\n    return host\n",
  // A script in no package: `mylib` is found only from the workspace folder.
  "scripts/check.py": "from mylib.api import fetch_status\n\n\nasync def main(hosts):\n    for host in hosts:\n        fetch_status(host)\n",
  // Test code by the (anchored) pattern below, relative to the folder that holds it.
  "probes/poll_probe.py": "import time\n\n\nasync def probe(device):\n    time.sleep(1)\n",
};

describe("workspace folders added and removed after start", () => {
  let first: string;
  let added: string;
  let server: TestServer;
  const uri = (name: string) => pathToFileURL(path.join(added, name)).toString();
  const folder = () => ({ uri: pathToFileURL(added).toString(), name: "network-tools" });

  async function codes(name: string): Promise<string[]> {
    const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: uri(name) } })) as DocumentDiagnosticReport;
    return report.kind === "full" ? (report.items as Diagnostic[]).map((d) => String(d.code)) : [];
  }

  function foldersChanged(event: { added: unknown[]; removed: unknown[] }): void {
    server.connection.sendNotification("workspace/didChangeWorkspaceFolders", { event });
  }

  before(async () => {
    first = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-folders-first-"));
    added = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-folders-added-"));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(added, name)), { recursive: true });
      fs.writeFileSync(path.join(added, name), text);
    }
    server = await startServer({ rootPath: first, settings: () => ({ testFiles: ["/probes/"] }) });
    for (const name of ["scripts/check.py", "probes/poll_probe.py"]) {
      server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(name), languageId: "python", version: 1, text: files[name] } });
    }
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(added, { recursive: true, force: true });
  });

  it("outside every root, the import is unknown and the probe is not test code", async () => {
    assert.deepEqual(await codes("scripts/check.py"), []);
    assert.deepEqual(await codes("probes/poll_probe.py"), ["AL101"]);
  });

  it("an added folder is a root: its package is imported, its path patterns apply", async () => {
    foldersChanged({ added: [folder()], removed: [] });
    // `fetch_status` is an `async def` of mylib/api.py: the call's coroutine is never awaited.
    assert.deepEqual(await codes("scripts/check.py"), ["AL301"]);
    // /probes/ is test code relative to the added folder, where AL101 is off by default.
    assert.deepEqual(await codes("probes/poll_probe.py"), []);
  });

  it("a removed folder is a root no more", async () => {
    foldersChanged({ added: [], removed: [folder()] });
    assert.deepEqual(await codes("scripts/check.py"), []);
    assert.deepEqual(await codes("probes/poll_probe.py"), ["AL101"]);
  });
});
