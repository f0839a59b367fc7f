import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "../protocol/lspClient";

/**
 * The real server (dist/server.js, `npm run build` first) stays responsive under load an editor
 * can produce: a 50 MB document gets the size-cap notice instead of being parsed, a workspace of
 * 20,000 files is not scanned upfront, and a document changed 100 times a second still lets a
 * hover through. Bounds are generous guards against hangs on a busy two-core machine, not speed
 * figures (the benchmarks measure those).
 */
const ANSWER_BOUND_MS = 5000;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? report.items : [];
}

function open(server: TestServer, uri: string, languageId: string, text: string, version = 1): void {
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
}

const FIFTY_MB = 50 * 1024 * 1024;

describe("resource bounds: the server stays responsive", () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    // 20,000 small Python files in 200 folders: a server that indexed them upfront would be
    // busy for a long while before answering anything.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-bounds-"));
    for (let d = 0; d < 200; d++) {
      const dir = path.join(workspace, `pkg${d}`);
      fs.mkdirSync(dir);
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(dir, `m${f}.py`), `import time\n\nasync def f${f}():\n    time.sleep(1)\n`);
    }
    server = await startServer({ rootPath: workspace });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("with a 20,000-file workspace, a file's diagnostics come without an upfront scan", async () => {
    const uri = pathToFileURL(path.join(workspace, "pkg7", "m3.py")).toString();
    open(server, uri, "python", fs.readFileSync(new URL(uri), "utf8"));
    const { value, ms } = await timed(() => pull(server, uri));
    assert.deepEqual(value.map((d) => d.code), ["AL101"]);
    assert.ok(ms < ANSWER_BOUND_MS, `answered in ${ms.toFixed(0)} ms`);
    console.log(`20,000-file workspace: first diagnostics in ${ms.toFixed(0)} ms`);
  });

  for (const [languageId, name, line] of [
    ["python", "huge.py", "import time\nasync def f():\n    time.sleep(1)\n"],
    ["typescript", "huge.ts", "async function f() { await new Promise((r) => setTimeout(r, 1)); }\n"],
  ] as const) {
    it(`a 50 MB ${languageId} document gets the size-cap notice instead of being parsed`, async () => {
      const uri = pathToFileURL(path.join(workspace, name)).toString();
      const text = line.repeat(Math.ceil(FIFTY_MB / line.length));
      const { value, ms } = await timed(async () => {
        open(server, uri, languageId, text);
        return pull(server, uri);
      });
      assert.equal(value.length, 1, JSON.stringify(value.map((d) => d.message)));
      assert.match(String(value[0].message), /larger than asynclint\.maxFileSize/);
      assert.ok(ms < ANSWER_BOUND_MS * 2, `notice after ${ms.toFixed(0)} ms`);
      server.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
      console.log(`50 MB ${languageId}: size-cap notice in ${ms.toFixed(0)} ms (includes sending 50 MB over stdio)`);
    });
  }

  it("a document changed 100 times a second for 2 s still lets a hover through, and ends with the diagnostics of its last text", async () => {
    const uri = pathToFileURL(path.join(workspace, "typing.py")).toString();
    const base = "import time\n\nasync def f():\n    time.sleep(1)\n";
    open(server, uri, "python", base);
    let version = 1;
    const typing = setInterval(() => {
      version++;
      // Append then remove a comment, so every other version is the base text again.
      const text = version % 2 === 0 ? base + `# typed ${version}\n` : base;
      server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    }, 10);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const worst = { ms: 0 };
      const until = Date.now() + 1500;
      let hovers = 0;
      while (Date.now() < until) {
        const { ms } = await timed(() => server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 3, character: 9 } }));
        worst.ms = Math.max(worst.ms, ms);
        hovers++;
      }
      assert.ok(worst.ms < ANSWER_BOUND_MS, `slowest hover ${worst.ms.toFixed(0)} ms`);
      console.log(`${version - 1} changes in 2 s: ${hovers} hovers answered, slowest ${worst.ms.toFixed(0)} ms`);
    } finally {
      clearInterval(typing);
    }
    // The last text is the base with or without a trailing comment: the same single finding.
    assert.deepEqual((await pull(server, uri)).map((d) => `${d.range.start.line}:${d.code}`), ["3:AL101"]);
  });
});
