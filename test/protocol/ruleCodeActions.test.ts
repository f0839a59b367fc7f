import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, MarkupContent, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "./lspClient";

/**
 * The actions vscode-eslint and ruff-vscode users expect, through the protocol: "Fix all ALxxx
 * problems", "Disable ALxxx for this file", a withheld fix that says why, the unsafeFixes and
 * exclude settings, and the notebook's own fix-all kind.
 */

// Two blocking sleeps (AL101, one safe fix each) and one dropped task (AL302, a safe fix too).
const POLLER = [
  "import asyncio",
  "import time",
  "",
  "",
  "async def poll(device):",
  "    time.sleep(1)",
  "    await device.refresh()",
  "",
  "",
  "async def backoff(device):",
  "    time.sleep(5)",
  "    asyncio.create_task(device.reconnect())",
  "",
].join("\n");

// A loop AL202 rewrites (unsafe only), and one whose variable is read after it (withheld).
const LOOPS = [
  "import asyncio",
  "",
  "",
  "async def fetch_facts(device):",
  "    await asyncio.sleep(0)",
  "    return device",
  "",
  "",
  "async def audit(devices):",
  "    for device in devices:",
  "        await fetch_facts(device)",
  "",
  "",
  "async def audit_last(devices):",
  "    for device in devices:",
  "        await fetch_facts(device)",
  "    print('last audited:', device)",
  "",
].join("\n");

let root: string;
let settings: Record<string, unknown> = {};
let server: TestServer;
let version = 1;
const texts = new Map<string, string>();

function uriOf(name: string): string {
  return pathToFileURL(path.join(root, name)).toString();
}

function open(name: string, text: string): string {
  const uri = uriOf(name);
  texts.set(uri, text);
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: version++, text } });
  return uri;
}

function applyWorkspaceEdit(uri: string, edits: TextEdit[]): string {
  const text = applyEdits(texts.get(uri)!, edits);
  texts.set(uri, text);
  server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: version++ }, contentChanges: [{ text }] });
  return text;
}

async function pull(uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

async function actionsFor(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  const diagnostics = (await pull(uri)).filter((d) => d.range.start.line === diagnostic.range.start.line);
  return (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics, ...(only ? { only } : {}) } })) as CodeAction[];
}

async function changeSettings(next: Record<string, unknown>): Promise<void> {
  settings = next;
  server.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
}

describe("code actions users of vscode-eslint and ruff-vscode expect", () => {
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-rule-actions-"));
    fs.mkdirSync(path.join(root, "generated"));
    fs.writeFileSync(path.join(root, "pyproject.toml"), "[project]\nname = \"netops\"\n");
    server = await startServer({ rootPath: root, settings: () => settings, disabledCodeActions: true });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("'Fix all AL101 problems' fixes both sleeps of the file and leaves the other rule's finding alone", async () => {
    const uri = open("poller.py", POLLER);
    const before = await pull(uri);
    assert.deepEqual(before.map((d) => d.code), ["AL101", "AL101", "AL302"]);
    const actions = await actionsFor(uri, before[0]);
    const fixAllRule = actions.find((a) => a.title === "Fix all AL101 problems");
    assert.ok(fixAllRule, actions.map((a) => a.title).join(" | "));
    assert.equal(fixAllRule.kind, "quickfix");
    const fixed = applyWorkspaceEdit(uri, fixAllRule.edit!.changes![uri]);
    assert.equal((fixed.match(/await asyncio\.sleep\(/g) ?? []).length, 2);
    // (`import time` stays: both fixes go in one pass and each sees the other's use of it, fix-all's known limit.)
    assert.doesNotMatch(fixed, /time\.sleep/);
    assert.deepEqual((await pull(uri)).map((d) => d.code), ["AL302"], "the dropped task is still reported: it was not this rule's");
    // One finding of a rule left: the finding's own fix is enough, no "Fix all AL302 problems".
    const [task] = await pull(uri);
    assert.ok(!(await actionsFor(uri, task)).some((a) => a.title.startsWith("Fix all AL302")));
  });

  it("'Disable AL302 for this file' writes the ignore-file directive at the top, which silences that rule only", async () => {
    const uri = open("tasks.py", POLLER);
    const task = (await pull(uri)).find((d) => d.code === "AL302")!;
    const disable = (await actionsFor(uri, task)).find((a) => a.title === "Disable AL302 for this file");
    assert.ok(disable);
    assert.equal(disable.kind, "quickfix");
    const text = applyWorkspaceEdit(uri, disable.edit!.changes![uri]);
    assert.equal(text.split("\n")[0], "# asynclint: ignore-file[AL302]");
    assert.deepEqual((await pull(uri)).map((d) => d.code), ["AL101", "AL101"]);
    // A second code joins the same directive.
    const sleep = (await pull(uri))[0];
    const again = (await actionsFor(uri, sleep)).find((a) => a.title === "Disable AL101 for this file")!;
    assert.equal(applyWorkspaceEdit(uri, again.edit!.changes![uri]).split("\n")[0], "# asynclint: ignore-file[AL302, AL101]");
    assert.deepEqual(await pull(uri), []);
  });

  it("keeps a shebang and an encoding line first, writing the directive below them", async () => {
    const uri = open("script.py", "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n" + POLLER);
    const sleep = (await pull(uri))[0];
    const disable = (await actionsFor(uri, sleep)).find((a) => a.title === "Disable AL101 for this file")!;
    assert.deepEqual(applyWorkspaceEdit(uri, disable.edit!.changes![uri]).split("\n").slice(0, 3), ["#!/usr/bin/env python3", "# -*- coding: utf-8 -*-", "# asynclint: ignore-file[AL101]"]);
    assert.deepEqual((await pull(uri)).map((d) => d.code), ["AL302"]);
  });

  it("shows a withheld fix disabled, with the reason, where the loop variable is read after the loop", async () => {
    const uri = open("loops.py", LOOPS);
    const [offered, withheld] = await pull(uri);
    assert.deepEqual([offered.code, withheld.code], ["AL202", "AL202"]);
    const disabled = (await actionsFor(uri, withheld)).filter((a) => a.disabled);
    assert.deepEqual(
      disabled.map((a) => [a.title, a.disabled!.reason]),
      [["Run the iterations together with `asyncio.gather` (starts every call at once and changes the order they finish; unsafe)", "`device` is read after the loop, where it holds the last element; after the rewrite it would not"]],
    );
    assert.ok(!(await actionsFor(uri, offered)).some((a) => a.disabled), "the loop whose fix is offered has no disabled action");
    // The Refactor… menu (a kind asked for), where VS Code shows disabled actions greyed out.
    const refactors = await actionsFor(uri, withheld, ["refactor"]);
    assert.deepEqual(refactors.map((a) => [a.kind, a.disabled?.reason]), [["refactor.rewrite", "`device` is read after the loop, where it holds the last element; after the rewrite it would not"]]);
    // Ctrl+.'s plain list shows no disabled action, so the hover says it too.
    const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: withheld.range.start })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /No automatic fix here: `device` is read after the loop, where it holds the last element; after the rewrite it would not\./);
  });

  it("fix-all applies unsafe fixes only when unsafeFixes is on", async () => {
    const uri = open("unsafe.py", LOOPS);
    const fixAll = async () =>
      (await server.connection.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ["source.fixAll.asynclint"] },
      })) as CodeAction[];
    assert.deepEqual(await fixAll(), [], "AL202's rewrite is unsafe: off by default");
    await changeSettings({ unsafeFixes: true });
    const [action] = await fixAll();
    assert.ok(action, "with unsafeFixes the unsafe rewrite is applied");
    const fixed = applyEdits(LOOPS, action.edit!.changes![uri]);
    assert.match(fixed, /async def audit\(devices\):\n {4}await asyncio\.gather\(\*\(fetch_facts\(device\) for device in devices\)\)\n/);
    assert.match(fixed, /print\('last audited:', device\)/, "the withheld loop stays as it was");
    await changeSettings({});
  });

  it("analyzes nothing asynclint.exclude names, and the rest as before", async () => {
    await changeSettings({ exclude: ["generated/"] });
    const excluded = open("generated/poller_pb.py", POLLER);
    const kept = open("kept.py", POLLER);
    assert.deepEqual(await pull(excluded), []);
    assert.deepEqual((await pull(kept)).map((d) => d.code), ["AL101", "AL101", "AL302"]);
    await changeSettings({});
    assert.deepEqual((await pull(excluded)).map((d) => d.code), ["AL101", "AL101", "AL302"]);
  });
});

describe("the notebook's fix-all kind (notebook.source.fixAll)", () => {
  let notebookServer: TestServer;
  const NOTEBOOK = "file:///tmp/asynclint-rule-actions/lab.ipynb";
  const FIRST = "vscode-notebook-cell:/tmp/asynclint-rule-actions/lab.ipynb#first";
  const SECOND = "vscode-notebook-cell:/tmp/asynclint-rule-actions/lab.ipynb#second";

  before(async () => {
    notebookServer = await startServer();
    notebookServer.connection.sendNotification("notebookDocument/didOpen", {
      notebookDocument: { uri: NOTEBOOK, notebookType: "jupyter-notebook", version: 1, cells: [{ kind: 2, document: FIRST }, { kind: 2, document: SECOND }] },
      cellTextDocuments: [
        { uri: FIRST, languageId: "python", version: 1, text: "import asyncio\nimport time\n\nasync def probe(host):\n    time.sleep(1)\n    return host\n" },
        { uri: SECOND, languageId: "python", version: 1, text: "probe('core-1')\n" },
      ],
    });
  });
  after(async () => {
    await notebookServer.stop();
  });

  it("answers VS Code's notebook.codeActionsOnSave request on the first cell with one edit of every cell", async () => {
    const actions = (await notebookServer.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: FIRST },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["notebook.source.fixAll"] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [["Fix all asynclint problems", "notebook.source.fixAll.asynclint"]]);
    const changes = actions[0].edit!.changes!;
    assert.match(applyEdits("import asyncio\nimport time\n\nasync def probe(host):\n    time.sleep(1)\n    return host\n", changes[FIRST]), /await asyncio\.sleep\(1\)/);
    assert.equal(applyEdits("probe('core-1')\n", changes[SECOND]), "await probe('core-1')\n");
  });

  it("offers 'Fix all AL101 problems' across cells and 'Disable AL301 for this file' at the top of the first cell", async () => {
    const third = "vscode-notebook-cell:/tmp/asynclint-rule-actions/lab.ipynb#third";
    notebookServer.connection.sendNotification("notebookDocument/didChange", {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: { cells: { structure: { array: { start: 2, deleteCount: 0, cells: [{ kind: 2, document: third }] }, didOpen: [{ uri: third, languageId: "python", version: 1, text: "async def backoff():\n    time.sleep(5)\n" }] } } },
    });
    const pulled = async (uri: string) => {
      const report = (await notebookServer.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
      return report.kind === "full" ? (report.items as Diagnostic[]) : [];
    };
    const [sleep] = (await pulled(third)).filter((d) => d.code === "AL101");
    assert.ok(sleep, "the new cell's sleep is reported");
    const actions = (await notebookServer.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: third }, range: sleep.range, context: { diagnostics: [sleep] } })) as CodeAction[];
    const fixRule = actions.find((a) => a.title === "Fix all AL101 problems");
    assert.ok(fixRule, actions.map((a) => a.title).join(" | "));
    assert.deepEqual(Object.keys(fixRule.edit!.changes!).sort(), [FIRST, third].sort(), "both cells' sleeps, and nothing of AL301 in the second cell");
    assert.match(applyEdits("async def backoff():\n    time.sleep(5)\n", fixRule.edit!.changes![third]), /await asyncio\.sleep\(5\)/);
    const [floating] = (await pulled(SECOND)).filter((d) => d.code === "AL301");
    const inSecond = (await notebookServer.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: SECOND }, range: floating.range, context: { diagnostics: [floating] } })) as CodeAction[];
    const disable = inSecond.find((a) => a.title === "Disable AL301 for this file");
    assert.ok(disable, inSecond.map((a) => a.title).join(" | "));
    assert.deepEqual(Object.keys(disable.edit!.changes!), [FIRST], "the directive goes to the first cell, which starts the program");
    assert.equal(applyEdits("import asyncio\n", disable.edit!.changes![FIRST]), "# asynclint: ignore-file[AL301]\nimport asyncio\n");
  });

  it("does not answer the editor's source.fixAll with the notebook's kind", async () => {
    const actions = (await notebookServer.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: FIRST },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll"] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.kind), ["source.fixAll.asynclint"]);
  });
});
