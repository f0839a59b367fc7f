import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, waitFor, type TestServer } from "./lspClient";

const NOTEBOOK = "file:///tmp/asynclint-protocol/explore.ipynb";
const cellUri = (id: string) => `vscode-notebook-cell:/tmp/asynclint-protocol/explore.ipynb#${id}`;
const DEFINE = cellUri("define");
const NOTES = cellUri("notes");
const USE = cellUri("use");

const CODE = 2;
const MARKUP = 1;

/** Cell texts as the test keeps them in step with the server. */
const texts = new Map<string, string>([
  [DEFINE, "import time\n\nasync def fetch(host):\n    return host\n"],
  [USE, "%time x = 1\n!ping -c 1 example\nfetch('a')\ntime.sleep(1)\nawait fetch('b')\n"],
]);
const versions = new Map<string, number>([
  [DEFINE, 1],
  [USE, 1],
]);
let notebookVersion = 1;

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  assert.equal(report.kind, "full");
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

function openNotebook(server: TestServer): void {
  server.connection.sendNotification("notebookDocument/didOpen", {
    notebookDocument: {
      uri: NOTEBOOK,
      notebookType: "jupyter-notebook",
      version: notebookVersion,
      cells: [
        { kind: CODE, document: DEFINE },
        { kind: MARKUP, document: NOTES },
        { kind: CODE, document: USE },
      ],
    },
    // The client syncs only the cells the server's notebookSelector asks for: the Python ones.
    cellTextDocuments: [DEFINE, USE].map((uri) => ({ uri, languageId: "python", version: versions.get(uri), text: texts.get(uri) })),
  });
}

/** One cell edit as VS Code sends it: a notebook change with the cell's text content change. */
function editCell(server: TestServer, uri: string, edit: TextEdit): void {
  texts.set(uri, applyEdits(texts.get(uri)!, [edit]));
  versions.set(uri, versions.get(uri)! + 1);
  notebookVersion++;
  server.connection.sendNotification("notebookDocument/didChange", {
    notebookDocument: { uri: NOTEBOOK, version: notebookVersion },
    change: { cells: { textContent: [{ document: { uri, version: versions.get(uri) }, changes: [{ range: edit.range, text: edit.newText }] }] } },
  });
}

/** Applies a workspace edit's changes to our copies of the cells, one didChange per edit, last first. */
function applyChanges(server: TestServer, changes: Record<string, TextEdit[]>): void {
  for (const [uri, edits] of Object.entries(changes)) {
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const edit of ordered) editCell(server, uri, edit);
  }
}

describe("language server over stdio (Jupyter notebook cells)", () => {
  let server: TestServer;
  let refreshes = 0;

  before(async () => {
    server = await startServer();
    server.connection.onRequest("workspace/diagnostic/refresh", () => {
      refreshes++;
      return null;
    });
    openNotebook(server);
  });

  after(async () => {
    await server.stop();
  });

  it("reads the cells as one program: a coroutine defined in cell 1 and dropped in cell 3 is AL301, on cell 3's line", async () => {
    const diagnostics = await pull(server, USE);
    // Magics cause nothing; top-level `time.sleep` is no AL101 (no coroutine runs it); top-level `await` is valid.
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [["AL301", 2, 0]],
    );
    assert.deepEqual(await pull(server, DEFINE), []);
  });

  it("offers `await` as the quick fix, for the cell's own URI", async () => {
    const diagnostics = await pull(server, USE);
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: USE },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Disable AL301 for this line"), titles.join(", "));
    const fix = actions.find((a) => a.title === "Add `await`");
    assert.ok(fix, titles.join(", "));
    assert.deepEqual(Object.keys(fix.edit!.changes!), [USE]);
    applyChanges(server, fix.edit!.changes!);
    assert.match(texts.get(USE)!, /^await fetch\('a'\)$/m);
    assert.deepEqual(await pull(server, USE), []);
  });

  it("re-reads later cells when an earlier cell changes, and asks the editor to pull them again", async () => {
    editCell(server, USE, { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: "print(x)\nfetch('c')\n" });
    assert.deepEqual((await pull(server, USE)).map((d) => d.code), ["AL301"]);
    const refreshesBefore = refreshes;
    // `fetch` stops being a coroutine function: cell 3's finding goes, though cell 3 did not change.
    editCell(server, DEFINE, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, newText: "" });
    await waitFor(() => (refreshes > refreshesBefore ? true : undefined), "a diagnostic refresh request");
    assert.deepEqual(await pull(server, USE), []);
    // And back.
    editCell(server, DEFINE, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: "async " });
    assert.deepEqual((await pull(server, USE)).map((d) => d.code), ["AL301"]);
  });

  it("reports asyncio.run at a cell's top level as AL401 with the fix `await …`, and AL101 inside async def", async () => {
    editCell(server, USE, {
      range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } },
      newText: "import asyncio\nasyncio.run(fetch('d'))\nasync def poll():\n    time.sleep(1)\n",
    });
    const diagnostics = await pull(server, USE);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ["AL301", 6],
        ["AL401", 8],
        ["AL101", 10],
      ],
    );
    const al401 = diagnostics.find((d) => d.code === "AL401")!;
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: USE },
      range: al401.range,
      context: { diagnostics: [al401] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith("Replace `asyncio.run(…)` with `await`"));
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    assert.deepEqual(fix.edit!.changes![USE], [{ range: al401.range, newText: "await fetch('d')" }]);
  });

  it("fixes every cell with source.fixAll.asynclint, each cell edited on its own URI", async () => {
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: DEFINE },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.asynclint"] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const changes = actions[0].edit!.changes!;
    assert.deepEqual(Object.keys(changes), [USE]);
    applyChanges(server, changes);
    assert.equal(
      texts.get(USE),
      "%time x = 1\n!ping -c 1 example\nawait fetch('a')\ntime.sleep(1)\nawait fetch('b')\nprint(x)\nawait fetch('c')\nimport asyncio\nawait fetch('d')\nasync def poll():\n    await asyncio.sleep(1)\n",
    );
    assert.deepEqual(await pull(server, USE), []);
  });

  it("puts the import a fix needs into the cell that imports, in the same workspace edit", async () => {
    const notebook = "file:///tmp/asynclint-protocol/imports.ipynb";
    const imports = "vscode-notebook-cell:/tmp/asynclint-protocol/imports.ipynb#imports";
    const sleepy = "vscode-notebook-cell:/tmp/asynclint-protocol/imports.ipynb#sleepy";
    server.connection.sendNotification("notebookDocument/didOpen", {
      notebookDocument: { uri: notebook, notebookType: "jupyter-notebook", version: 1, cells: [imports, sleepy].map((document) => ({ kind: CODE, document })) },
      cellTextDocuments: [
        { uri: imports, languageId: "python", version: 1, text: "import time" },
        { uri: sleepy, languageId: "python", version: 1, text: "async def nap():\n    time.sleep(2)\n" },
      ],
    });
    const diagnostics = await pull(server, sleepy);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [["AL101", 1]]);
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: sleepy },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === "Replace with `await asyncio.sleep(…)`");
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    const changes = fix.edit!.changes!;
    assert.deepEqual(Object.keys(changes).sort(), [imports, sleepy].sort());
    // The sleep was `time`'s last use in the notebook, so its import goes as asyncio's comes in.
    assert.equal(applyEdits("import time", changes[imports]), "import asyncio");
    assert.equal(applyEdits("async def nap():\n    time.sleep(2)\n", changes[sleepy]), "async def nap():\n    await asyncio.sleep(2)\n");
    server.connection.sendNotification("notebookDocument/didClose", { notebookDocument: { uri: notebook }, cellTextDocuments: [{ uri: imports }, { uri: sleepy }] });
  });

  it("keeps `import time` in its cell while another cell still uses it", async () => {
    const notebook = "file:///tmp/asynclint-protocol/timing.ipynb";
    const cell = (id: string) => `vscode-notebook-cell:/tmp/asynclint-protocol/timing.ipynb#${id}`;
    const [imports, sleepy, timing] = [cell("imports"), cell("sleepy"), cell("timing")];
    server.connection.sendNotification("notebookDocument/didOpen", {
      notebookDocument: { uri: notebook, notebookType: "jupyter-notebook", version: 1, cells: [imports, sleepy, timing].map((document) => ({ kind: CODE, document })) },
      cellTextDocuments: [
        { uri: imports, languageId: "python", version: 1, text: "import time" },
        { uri: sleepy, languageId: "python", version: 1, text: "async def nap():\n    time.sleep(2)\n" },
        { uri: timing, languageId: "python", version: 1, text: "started = time.monotonic()\n" },
      ],
    });
    const diagnostics = await pull(server, sleepy);
    assert.deepEqual(diagnostics.map((d) => d.code), ["AL101"]);
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: sleepy },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === "Replace with `await asyncio.sleep(…)`");
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    const changes = fix.edit!.changes!;
    assert.equal(changes[timing], undefined);
    assert.equal(applyEdits("import time", changes[imports]), "import asyncio\nimport time");
    assert.equal(applyEdits("async def nap():\n    time.sleep(2)\n", changes[sleepy]), "async def nap():\n    await asyncio.sleep(2)\n");
    server.connection.sendNotification("notebookDocument/didClose", { notebookDocument: { uri: notebook }, cellTextDocuments: [{ uri: imports }, { uri: sleepy }, { uri: timing }] });
  });

  it("forgets the notebook when it closes", async () => {
    server.connection.sendNotification("notebookDocument/didClose", {
      notebookDocument: { uri: NOTEBOOK },
      cellTextDocuments: [DEFINE, USE].map((uri) => ({ uri })),
    });
    await waitFor(async () => ((await pull(server, USE)).length === 0 ? true : undefined), "an empty report after close");
  });
});

describe("language server without pull diagnostics (notebook cells)", () => {
  it("publishes each cell's diagnostics on the cell's URI", async () => {
    const server = await startServer({ pull: false });
    try {
      const notebook = "file:///tmp/asynclint-protocol/pushed.ipynb";
      const first = `vscode-notebook-cell:/tmp/asynclint-protocol/pushed.ipynb#one`;
      const second = `vscode-notebook-cell:/tmp/asynclint-protocol/pushed.ipynb#two`;
      server.connection.sendNotification("notebookDocument/didOpen", {
        notebookDocument: { uri: notebook, notebookType: "jupyter-notebook", version: 1, cells: [first, second].map((document) => ({ kind: CODE, document })) },
        cellTextDocuments: [
          { uri: first, languageId: "python", version: 1, text: "import asyncio\n\nasync def main():\n    pass\n" },
          { uri: second, languageId: "python", version: 1, text: "asyncio.run(main())\n" },
        ],
      });
      const pushed = await waitFor(() => server.pushed.get(second) as Diagnostic[] | undefined, "a publish for the second cell");
      assert.deepEqual(pushed.map((d) => [d.code, d.range.start.line]), [["AL401", 0]]);
      assert.deepEqual(server.pushed.get(first), []);
    } finally {
      await server.stop();
    }
  });
});
