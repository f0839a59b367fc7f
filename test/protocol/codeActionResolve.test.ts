import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "./lspClient";

/**
 * Fix-all actions ("Fix all asynclint problems", "Fix all ALxxx problems") re-analyze the fixed
 * text for every pass; offered on every cursor move, a client that resolves code actions gets them
 * without their edit, computed in codeAction/resolve for the one picked. The edit must be the one
 * an eager client gets, and never one computed for another text than the action was offered for.
 */

// Three blocking sleeps (AL101) and a dropped task (AL302), each with a safe fix.
const BACKUPS = [
  "import asyncio",
  "import time",
  "",
  "",
  "async def backup(device):",
  "    time.sleep(1)",
  "    await device.save_config()",
  "",
  "",
  "async def rotate(device):",
  "    time.sleep(2)",
  "    asyncio.create_task(device.delete_old_backups())",
  "",
  "",
  "async def nightly(devices):",
  "    for device in devices:",
  "        time.sleep(3)",
  "        await backup(device)",
  "",
].join("\n");

// Two returns inside a `try` (AL306), each with a safe fix: "Fix all AL306 problems" resolves through the TypeScript program.
const INVENTORY = `async function load(id: string): Promise<string> {
  return id;
}

export async function device(id: string): Promise<string> {
  try {
    return load(id);
  } catch {
    return "unknown";
  }
}

export async function site(id: string): Promise<string> {
  try {
    return load("site-" + id);
  } catch {
    return "unknown";
  }
}
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, types: [] } });

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

let root: string;
let lazy: TestServer;
let eager: TestServer;
let version = 1;

function open(server: TestServer, name: string, text: string, languageId = "python"): string {
  const uri = pathToFileURL(path.join(root, name)).toString();
  server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: version++, text } });
  return uri;
}

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

/** The light bulb's request on the first finding: VS Code sends the diagnostics of the line. */
async function quickFixes(server: TestServer, uri: string): Promise<CodeAction[]> {
  const [first] = await pull(server, uri);
  return (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: first.range, context: { diagnostics: [first] } })) as CodeAction[];
}

/** What VS Code asks on save (`editor.codeActionsOnSave`) and for the asynclint.fixAll command. */
async function sourceFixAll(server: TestServer, uri: string): Promise<CodeAction[]> {
  return (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: WHOLE, context: { diagnostics: [], only: ["source.fixAll.asynclint"] } })) as CodeAction[];
}

async function resolve(server: TestServer, action: CodeAction): Promise<CodeAction> {
  return (await server.connection.sendRequest("codeAction/resolve", action)) as CodeAction;
}

function named(actions: CodeAction[], title: string, kind: string): CodeAction {
  const action = actions.find((a) => a.title === title && a.kind === kind);
  assert.ok(action, `no "${title}" (${kind}) among: ${actions.map((a) => `${a.title} (${a.kind})`).join(" | ")}`);
  return action;
}

describe("fix-all edits computed in codeAction/resolve", () => {
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-resolve-"));
    fs.writeFileSync(path.join(root, "pyproject.toml"), '[project]\nname = "netbackup"\n');
    fs.writeFileSync(path.join(root, "tsconfig.json"), TSCONFIG);
    fs.writeFileSync(path.join(root, "inventory.ts"), INVENTORY);
    [lazy, eager] = await Promise.all([startServer({ rootPath: root, resolveCodeActions: true }), startServer({ rootPath: root })]);
  });
  after(async () => {
    await Promise.all([lazy.stop(), eager.stop()]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("sends fix-all actions without an edit to a resolving client, and resolves each to the edit an eager client gets", async () => {
    const lazyUri = open(lazy, "backups.py", BACKUPS);
    const eagerUri = open(eager, "backups.py", BACKUPS);
    assert.equal(lazyUri, eagerUri);
    assert.deepEqual((await pull(lazy, lazyUri)).map((d) => d.code), ["AL101", "AL101", "AL302", "AL101"]);
    const offered = await quickFixes(lazy, lazyUri);
    const given = await quickFixes(eager, eagerUri);
    const lazyFixAlls = [
      named(offered, "Fix all AL101 problems", "quickfix"),
      named(offered, "Fix all asynclint problems", "quickfix"),
      named(offered, "Fix all asynclint problems", "source.fixAll.asynclint"),
      named(await sourceFixAll(lazy, lazyUri), "Fix all asynclint problems", "source.fixAll.asynclint"),
    ];
    const eagerFixAlls = [
      named(given, "Fix all AL101 problems", "quickfix"),
      named(given, "Fix all asynclint problems", "quickfix"),
      named(given, "Fix all asynclint problems", "source.fixAll.asynclint"),
      named(await sourceFixAll(eager, eagerUri), "Fix all asynclint problems", "source.fixAll.asynclint"),
    ];
    for (const action of lazyFixAlls) assert.equal(action.edit, undefined, `"${action.title}" (${action.kind}) came with its edit`);
    // The one finding's own fix is cheap (it travels in the diagnostic) and stays eager.
    const ownFix = named(offered, "Replace with `await asyncio.sleep(…)`", "quickfix");
    assert.deepEqual(ownFix.edit, named(given, "Replace with `await asyncio.sleep(…)`", "quickfix").edit);
    for (const [index, action] of lazyFixAlls.entries()) {
      const resolved = await resolve(lazy, action);
      assert.deepEqual(resolved.edit, eagerFixAlls[index].edit, `"${action.title}" (${action.kind}) resolved to another edit than the eager one`);
    }
    // And the edit fixes the file: every sleep awaited, the task kept.
    const fixed = applyEdits(BACKUPS, (await resolve(lazy, lazyFixAlls[3])).edit!.changes![lazyUri]);
    assert.equal((fixed.match(/await asyncio\.sleep\(/g) ?? []).length, 3);
    assert.match(fixed, /_background_tasks\.add\(task\)/);
  });

  it("resolves a TypeScript file's rule fix-all to the eager edit", async () => {
    const uri = open(lazy, "inventory.ts", INVENTORY, "typescript");
    open(eager, "inventory.ts", INVENTORY, "typescript");
    assert.deepEqual((await pull(lazy, uri)).map((d) => d.code), ["AL306", "AL306"]);
    const offered = named(await quickFixes(lazy, uri), "Fix all AL306 problems", "quickfix");
    assert.equal(offered.edit, undefined);
    await pull(eager, uri);
    const given = named(await quickFixes(eager, uri), "Fix all AL306 problems", "quickfix");
    const resolved = await resolve(lazy, offered);
    assert.deepEqual(resolved.edit, given.edit);
    assert.equal((applyEdits(INVENTORY, resolved.edit!.changes![uri]).match(/return await load\(/g) ?? []).length, 2);
  });

  it("gives an eager client the edits in the code actions themselves, with nothing to resolve", async () => {
    const uri = open(eager, "rotate.py", BACKUPS);
    await pull(eager, uri);
    for (const action of [named(await quickFixes(eager, uri), "Fix all AL101 problems", "quickfix"), ...(await sourceFixAll(eager, uri))]) {
      assert.ok(action.edit?.changes?.[uri]?.length, `"${action.title}" came without its edit`);
      assert.equal(action.data, undefined);
    }
  });

  it("returns an action offered for another text without an edit, and says why in the log once", async () => {
    const uri = open(lazy, "nightly.py", BACKUPS);
    await pull(lazy, uri);
    const [offered] = await sourceFixAll(lazy, uri);
    const ruleAction = named(await quickFixes(lazy, uri), "Fix all AL101 problems", "quickfix");
    // The user types a line above before picking the action: its edit would land on the wrong lines.
    lazy.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: version++ },
      contentChanges: [{ range: WHOLE, text: '"""Nightly configuration backups."""\n' }],
    });
    const afterEdit = await resolve(lazy, offered);
    assert.equal(afterEdit.edit, undefined, "an edit computed for the new text was given for the old one");
    assert.equal((await resolve(lazy, ruleAction)).edit, undefined);
    assert.equal((await resolve(lazy, offered)).edit, undefined);
    const why = lazy.logged.filter((line) => line.includes("was not computed") && line.includes("nightly.py"));
    assert.equal(why.length, 1, why.join("\n"));
    assert.match(why[0], /the document changed since the action was offered/);
    // Offered again for the new text, it resolves.
    await pull(lazy, uri);
    const [again] = await sourceFixAll(lazy, uri);
    const fixed = applyEdits(`"""Nightly configuration backups."""\n${BACKUPS}`, (await resolve(lazy, again)).edit!.changes![uri]);
    assert.equal((fixed.match(/await asyncio\.sleep\(/g) ?? []).length, 3);
  });

  it("tells a repeated version number with another text by its content", async () => {
    const uri = open(lazy, "repeat.py", BACKUPS);
    await pull(lazy, uri);
    const [offered] = await sourceFixAll(lazy, uri);
    const repeated = (offered.data as { version: number }).version;
    // A client may repeat (or reuse) a version number for a different text.
    lazy.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: repeated }, contentChanges: [{ range: WHOLE, text: "\n" }] });
    assert.equal((await resolve(lazy, offered)).edit, undefined);
  });

  it("returns an action offered for a document since closed without an edit", async () => {
    const uri = open(lazy, "closed.py", BACKUPS);
    await pull(lazy, uri);
    const [offered] = await sourceFixAll(lazy, uri);
    lazy.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    assert.equal((await resolve(lazy, offered)).edit, undefined);
  });

  it("returns any other action as it came (the documentation action, which has a command and no edit)", async () => {
    const uri = open(lazy, "docs.py", BACKUPS);
    await pull(lazy, uri);
    const docs = named(await quickFixes(lazy, uri), "Show documentation for AL101 (blocking-sleep)", "quickfix");
    assert.deepEqual(await resolve(lazy, docs), docs);
  });
});
