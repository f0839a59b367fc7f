import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { applyCodeAction, fixtureUri, openFixture, rangeOf, revertAndClose, waitFor, waitForCodes, workspaceFolder } from "./helpers";

/**
 * Fix-all actions reach VS Code without their edit (the server computes it in codeAction/resolve,
 * not on every cursor move): picked from the light bulb, run on save by editor.codeActionsOnSave,
 * they must still fix the file, and fix the text as it is when they run.
 */

const SOURCE = [
  '"""Nightly backups of the lab switches: two blocking sleeps and a dropped task."""',
  "import asyncio",
  "import time",
  "",
  "",
  "async def backup(switch):",
  "    time.sleep(2)",
  "    await switch.save_config()",
  "",
  "",
  "async def retry_backup(switch):",
  "    time.sleep(30)",
  '    asyncio.create_task(switch.notify("retrying"))',
  "",
].join("\n");

// The user changed the retry delay to 60 before saving: fix-all fixes that text.
const SAVED = [
  '"""Nightly backups of the lab switches: two blocking sleeps and a dropped task."""',
  "import asyncio",
  "import time",
  "",
  "_background_tasks = set()",
  "",
  "",
  "async def backup(switch):",
  "    await asyncio.sleep(2)",
  "    await switch.save_config()",
  "",
  "",
  "async def retry_backup(switch):",
  "    await asyncio.sleep(60)",
  '    task = asyncio.create_task(switch.notify("retrying"))',
  "    _background_tasks.add(task)",
  "    task.add_done_callback(_background_tasks.discard)",
  "",
].join("\n");

/** The actions as VS Code's light bulb receives them, none resolved. */
async function unresolvedActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, range, kind, 0)) ?? [];
}

describe("fix-all computed when picked (codeAction/resolve)", () => {
  const folder = "code-actions";
  let editor: vscode.TextEditor | undefined;
  let file: string | undefined;

  afterEach(async () => {
    await vscode.workspace.getConfiguration("editor", workspaceFolder(folder).uri).update("codeActionsOnSave", {}, vscode.ConfigurationTarget.WorkspaceFolder);
    await revertAndClose(editor);
    editor = undefined;
    if (file) fs.rmSync(file, { force: true });
    file = undefined;
  });

  async function openNew(name: string): Promise<vscode.TextDocument> {
    file = fixtureUri(folder, name).fsPath;
    fs.writeFileSync(file, SOURCE);
    editor = await openFixture(folder, name);
    await waitForCodes(editor.document.uri, ["AL101", "AL101", "AL302"]);
    return editor.document;
  }

  it("lists 'Fix all AL101 problems' and 'Fix all asynclint problems' without an edit, and picking one fixes the file", async () => {
    const document = await openNew("resolve_pick.py");
    const sleep = rangeOf(document, "time.sleep(2)");
    const listed = await unresolvedActions(document.uri, sleep, vscode.CodeActionKind.QuickFix.value);
    const fixRule = listed.find((a) => a.title === "Fix all AL101 problems");
    const fixAll = listed.find((a) => a.title === "Fix all asynclint problems");
    assert.ok(fixRule && fixAll, listed.map((a) => a.title).join(" | "));
    assert.equal(fixRule.edit, undefined, "the rule's fix-all was computed on a cursor move");
    assert.equal(fixAll.edit, undefined, "fix-all was computed on a cursor move");
    // The finding's own fix travels with the diagnostic: listed with its edit.
    assert.ok(listed.find((a) => a.title === "Replace with `await asyncio.sleep(…)`")?.edit);
    // Picked: VS Code resolves it (here, as the light bulb does, through the API's resolve count).
    const [picked] = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, sleep, vscode.CodeActionKind.QuickFix.value, 100)).filter((a) => a.title === "Fix all AL101 problems");
    assert.ok(picked?.edit, "resolving gave no edit");
    await applyCodeAction(picked);
    assert.equal((document.getText().match(/await asyncio\.sleep\(/g) ?? []).length, 2);
    await waitForCodes(document.uri, ["AL302"]);
  });

  it("fixes the file on save with editor.codeActionsOnSave: source.fixAll.asynclint, from the text being saved", async () => {
    const document = await openNew("resolve_save.py");
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const [onSave] = await unresolvedActions(document.uri, whole, "source.fixAll.asynclint");
    assert.equal(onSave?.title, "Fix all asynclint problems");
    assert.equal(onSave.edit, undefined, "the save path would be answered eagerly: nothing here needs VS Code to resolve");
    await vscode.workspace.getConfiguration("editor", workspaceFolder(folder).uri).update("codeActionsOnSave", { "source.fixAll.asynclint": "explicit" }, vscode.ConfigurationTarget.WorkspaceFolder);
    await waitFor("the setting to apply", () => JSON.stringify(vscode.workspace.getConfiguration("editor", document).get("codeActionsOnSave")) === '{"source.fixAll.asynclint":"explicit"}');
    // The user edits, then saves at once: the fix must be computed for the new text, not the one diagnosed.
    await editor!.edit((edit) => edit.replace(rangeOf(document, "30"), "60"));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.action.files.save");
    await waitFor("the saved file to be fixed", () => !document.isDirty && fs.readFileSync(file!, "utf8") === SAVED);
    assert.equal(document.getText(), SAVED);
    await waitForCodes(document.uri, []);
  });
});
