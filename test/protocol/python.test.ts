import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, waitFor, type TestServer } from "./lspClient";

const URI = "file:///tmp/asynclint-protocol/devices.py";

const SOURCE = `import asyncio


async def fetch(host):
    await asyncio.sleep(0.1)
    return host


async def main(hosts):
    results = []
    for host in hosts:
        results.append(await fetch(host))
    return results
`;

async function pull(server: TestServer, uri = URI): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  assert.equal(report.kind, "full");
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

describe("language server over stdio (Python)", () => {
  let server: TestServer;
  let text = SOURCE;
  let version = 1;

  before(async () => {
    // The loop in SOURCE is what AL202 suggests running concurrently; this suite is about the protocol.
    server = await startServer({ settings: () => ({ rules: { AL202: "off" } }) });
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version, text } });
  });

  after(async () => {
    await server.stop();
  });

  /** Sends one incremental change, as VS Code does per keystroke, and keeps our copy of the text in step. */
  function edit(line: number, character: number, endLine: number, endCharacter: number, newText: string) {
    const change = { range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text: newText };
    text = applyEdits(text, [{ range: change.range, newText }]);
    version++;
    server.connection.sendNotification("textDocument/didChange", { textDocument: { uri: URI, version }, contentChanges: [change] });
  }

  it("reports nothing for correct code", async () => {
    assert.deepEqual(await pull(server), []);
  });

  it("reports AL101 after an edit adds time.sleep, with a link to the rule's page", async () => {
    edit(0, 0, 0, 0, "import time\n");
    // Line 5 is now `    await asyncio.sleep(0.1)`; add a blocking sleep under it.
    edit(5, 28, 5, 28, "\n    time.sleep(1)");
    const diagnostics = await pull(server);
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.code, "AL101");
    assert.equal(diagnostic.source, "asynclint");
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 17 } });
    assert.match(diagnostic.codeDescription?.href ?? "", /docs\/rules\/AL101\.md$/);
  });

  it("offers the quick fix, which yields code without the finding", async () => {
    const diagnostics = await pull(server);
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Replace with `await asyncio.sleep(…)`"), titles.join(", "));
    assert.ok(titles.includes("Disable AL101 for this line"));
    assert.ok(titles.some((t) => t.startsWith("Show documentation for AL101")));
    const fix = actions.find((a) => a.title === "Replace with `await asyncio.sleep(…)`")!;
    assert.equal(fix.isPreferred, true);
    const edits = fix.edit!.changes![URI] as TextEdit[];
    // Apply it the way the editor would: as incremental changes, last first.
    for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
      edit(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText);
    }
    assert.match(text, /^ {4}await asyncio\.sleep\(1\)$/m);
    assert.deepEqual(await pull(server), []);
  });

  it("explains a finding on hover", async () => {
    edit(12, 0, 12, 0, "    asyncio.create_task(fetch(hosts[0]))\n");
    const diagnostics = await pull(server);
    assert.deepEqual(diagnostics.map((d) => d.code), ["AL302"]);
    const hover = (await server.connection.sendRequest("textDocument/hover", {
      textDocument: { uri: URI },
      position: { line: diagnostics[0].range.start.line, character: 10 },
    })) as Hover;
    assert.match(JSON.stringify(hover.contents), /AL302 dangling-task/);
  });

  it("fixes everything with source.fixAll.asynclint", async () => {
    edit(10, 0, 10, 0, "    fetch('warm-up')\n    time.sleep(2)\n");
    const before = await pull(server);
    assert.deepEqual(before.map((d) => d.code).sort(), ["AL101", "AL301", "AL302"]);
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.asynclint"] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const [e] = actions[0].edit!.changes![URI] as TextEdit[];
    edit(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText);
    assert.match(text, /await fetch\('warm-up'\)/);
    assert.match(text, /^ {4}await asyncio\.sleep\(2\)$/m);
    // AL302's fix is safe for asyncio.create_task: the task is kept in a module-level set until done.
    assert.match(text, /^_background_tasks = set\(\)$/m);
    assert.match(text, /^ {4}task = asyncio\.create_task\(fetch\(hosts\[0\]\)\)\n {4}_background_tasks\.add\(task\)\n {4}task\.add_done_callback\(_background_tasks\.discard\)$/m);
    assert.deepEqual(await pull(server), []);
  });

  it("survives a half-typed file and still reports the intact parts", async () => {
    // A fresh finding in the intact part, then a broken head above it.
    const line = text.split("\n").findIndex((l) => l.includes("results = []")) + 1;
    edit(line, 0, line, 0, "    asyncio.create_task(fetch('late'))\n");
    edit(0, 0, 0, 0, "def broken(:\n    return (\n");
    const diagnostics = await pull(server);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [["AL302", line + 2]]);
  });
});

describe("language server without pull diagnostics (push fallback)", () => {
  it("publishes diagnostics after open and after a change", async () => {
    const server = await startServer({ pull: false });
    try {
      const uri = "file:///tmp/asynclint-protocol/push.py";
      server.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "python", version: 1, text: "import time\n\nasync def f():\n    time.sleep(1)\n" },
      });
      const first = await waitFor(() => server.pushed.get(uri) as Diagnostic[] | undefined, "first publish");
      assert.deepEqual(first.map((d) => d.code), ["AL101"]);
      server.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } }, text: "pass" }],
      });
      await waitFor(() => ((server.pushed.get(uri) as Diagnostic[]).length === 0 ? true : undefined), "diagnostics cleared");
    } finally {
      await server.stop();
    }
  });
});
