import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { applyCodeAction, askRunner, codeActionsAt, codeOf, codesOf, fixtureUri, openFixture, revertAndClose, runnerChannel, waitFor, waitForCodes, waitForDiagnostics } from "./helpers";

/**
 * The actions a vscode-eslint or ruff-vscode user reaches for, in a real VS Code: "Fix all ALxxx
 * problems", "Disable ALxxx for this file", a withheld fix shown with its reason, and the notebook's
 * fix-all kind that `notebook.codeActionsOnSave` asks for.
 */
describe("rule actions: fix one rule, disable it for the file, say why a fix is withheld, fix a notebook", () => {
  const opened: vscode.TextEditor[] = [];
  afterEach(async () => {
    while (opened.length > 0) await revertAndClose(opened.pop());
  });

  async function open(file: string, codes: string[]) {
    const editor = await openFixture("rule-actions", file);
    opened.push(editor);
    const diagnostics = await waitForCodes(editor.document.uri, codes);
    return { document: editor.document, diagnostics };
  }

  it("'Fix all AL101 problems' fixes both blocking sleeps of the file and leaves the dropped task reported", async () => {
    const { document, diagnostics } = await open("backups.py", ["AL101", "AL101", "AL302"]);
    const actions = await codeActionsAt(document.uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix.value);
    const fixRule = actions.find((a) => a.title === "Fix all AL101 problems");
    assert.ok(fixRule, actions.map((a) => a.title).join(" | "));
    assert.equal(fixRule.kind?.value, "quickfix");
    await applyCodeAction(fixRule);
    assert.equal((document.getText().match(/await asyncio\.sleep\(/g) ?? []).length, 2);
    assert.ok(!document.getText().includes("time.sleep"));
    await waitForCodes(document.uri, ["AL302"]);
  });

  it("'Disable AL302 for this file' writes the ignore-file directive on the first line, and only AL302 goes quiet", async () => {
    const { document, diagnostics } = await open("backups.py", ["AL101", "AL101", "AL302"]);
    const task = diagnostics.find((d) => codeOf(d) === "AL302")!;
    const actions = await codeActionsAt(document.uri, task.range, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((a) => a.title === "Disable AL302 for this file");
    assert.ok(disable, actions.map((a) => a.title).join(" | "));
    await applyCodeAction(disable);
    assert.equal(document.lineAt(0).text, "# asynclint: ignore-file[AL302]");
    await waitForCodes(document.uri, ["AL101", "AL101"]);
  });

  it("says why AL202's rewrite is withheld: in the hover, and greyed out in the Refactor menu (the API lists only enabled actions)", async function () {
    const { document, diagnostics } = await open("audit.py", ["AL202"]);
    // vscode.executeCodeActionProvider returns only valid (enabled) actions: the rewrite is not among them.
    const actions = await codeActionsAt(document.uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!actions.some((a) => /asyncio\.gather/.test(a.title)), actions.map((a) => a.title).join(" | "));
    assert.ok(actions.some((a) => a.title === "Disable AL202 for this file"));
    // The hover says why (Ctrl+.'s plain list shows no disabled action) …
    const onLoop = diagnostics[0].range.start.translate(0, 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, onLoop);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(hoverText, /No automatic fix here: `device` is read after the loop/);
    // Only the browser shows the menu: read it through the offline runner.
    if (!runnerChannel()) this.skip();
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(onLoop, onLoop);
    // … and the Refactor… menu, which asks for a kind, lists the rewrite greyed out.
    await vscode.commands.executeCommand("editor.action.refactor");
    // The shot waits (longer than a text query) for the menu to be drawn; then its text is read.
    await askRunner({ kind: "screenshot", name: "withheld-fix", waitFor: ".action-widget", text: "asyncio.gather" }, 30_000);
    const menu = await askRunner<string>({ kind: "text", selector: ".action-widget", waitForText: "asyncio.gather" }, 30_000);
    assert.match(menu, /Run the iterations together with `asyncio\.gather`/);
    await vscode.commands.executeCommand("hideCodeActionWidget");
  });

  it("answers notebook.source.fixAll (what notebook.codeActionsOnSave asks) with one edit of every cell", async () => {
    const uri = fixtureUri("rule-actions", "lab.ipynb");
    const onDisk = fs.readFileSync(uri.fsPath, "utf8");
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    try {
      const [first, second] = notebook.getCells();
      await waitForDiagnostics(first.document.uri, (d) => codesOf(d).includes("AL101"), "AL101 in the first cell");
      await waitForDiagnostics(second.document.uri, (d) => codesOf(d).includes("AL301"), "AL301 in the second cell");
      const whole = new vscode.Range(0, 0, first.document.lineCount, 0);
      const actions = await waitFor("the notebook fix-all action", async () => {
        const found = await codeActionsAt(first.document.uri, whole, "notebook.source.fixAll");
        return found.length > 0 ? found : undefined;
      });
      assert.deepEqual(actions.map((a) => [a.title, a.kind?.value]), [["Fix all asynclint problems", "notebook.source.fixAll.asynclint"]]);
      await applyCodeAction(actions[0]);
      assert.match(first.document.getText(), /^ {4}await asyncio\.sleep\(1\)$/m);
      assert.equal(second.document.getText(), 'await probe("core-1")\n');
      await waitForDiagnostics(second.document.uri, (d) => d.length === 0, "no finding left in the second cell");
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      assert.equal(fs.readFileSync(uri.fsPath, "utf8"), onDisk, "the notebook on disk is untouched");
    }
  });
});
