import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { applyCodeAction, codeActionsAt, openFixture, revertAndClose, waitFor, waitForCodes } from "./helpers";

const REPLACE_SLEEP = "Replace with `await asyncio.sleep(…)`";

describe("code actions", () => {
  const opened: vscode.TextEditor[] = [];
  afterEach(async () => {
    while (opened.length > 0) await revertAndClose(opened.pop());
  });

  async function open(file: string, codes: string[]) {
    const editor = await openFixture("code-actions", file);
    opened.push(editor);
    const diagnostics = await waitForCodes(editor.document.uri, codes);
    return { editor, document: editor.document, diagnostics };
  }

  it("offers the fix, disable-for-this-line and documentation for a finding; the fix gives the expected code", async () => {
    const { document, diagnostics } = await open("fix_one.py", ["AL101"]);
    const actions = await codeActionsAt(document.uri, diagnostics[0].range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(REPLACE_SLEEP), titles.join(" | "));
    assert.ok(titles.includes("Disable AL101 for this line"), titles.join(" | "));
    assert.ok(titles.includes("Show documentation for AL101 (blocking-sleep)"), titles.join(" | "));
    const fix = actions.find((a) => a.title === REPLACE_SLEEP)!;
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true, "the safe fix is the one Ctrl+. / auto-fix picks");

    await applyCodeAction(fix);
    assert.equal(
      document.getText(),
      // The sleep was the module's last use of `time`: the fix removes its import too.
      ["import asyncio", "", "", "async def poll(device):", "    while not device.ready:", "        await asyncio.sleep(1)", "    await asyncio.sleep(0)", ""].join("\n"),
    );
    // What remains is the polling loop itself, now that it no longer blocks: AL203 suggests an asyncio.Event.
    await waitForCodes(document.uri, ["AL203"]);
  });

  it("offers no quick fix where there is no finding", async () => {
    const { document } = await open("fix_one.py", ["AL101"]);
    const elsewhere = document.lineAt(0).range; // `import asyncio`
    const actions = await codeActionsAt(document.uri, elsewhere, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(actions.filter((a) => /AL\d{3}|asyncio\.sleep/.test(a.title)).map((a) => a.title), []);
  });

  it("fixes every fixable finding with source.fixAll.asynclint", async () => {
    const { document } = await open("fix_all.py", ["AL101", "AL301", "AL302"]);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActionsAt(document.uri, whole, "source.fixAll.asynclint");
    assert.deepEqual(actions.map((a) => [a.title, a.kind?.value]), [["Fix all asynclint problems", "source.fixAll.asynclint"]]);
    await applyCodeAction(actions[0]);
    assert.equal(document.getText(), FIX_ALL_EXPECTED);
    // The dropped task (AL302) is kept in a module-level set, a safe fix for asyncio.create_task.
    await waitForCodes(document.uri, []);
  });

  it("applies fix-all from the asynclint.fixAll command", async () => {
    const { document } = await open("fix_all.py", ["AL101", "AL301", "AL302"]);
    await vscode.commands.executeCommand("asynclint.fixAll");
    await waitFor("the fix-all edit", () => document.getText() === FIX_ALL_EXPECTED || undefined);
    await waitForCodes(document.uri, []);
  });

  it("silences one line with 'Disable AL101 for this line'", async () => {
    const { document, diagnostics } = await open("disable.py", ["AL101"]);
    const line = diagnostics[0].range.start.line;
    const actions = await codeActionsAt(document.uri, diagnostics[0].range);
    const disable = actions.find((a) => a.title === "Disable AL101 for this line");
    assert.ok(disable, actions.map((a) => a.title).join(" | "));
    await applyCodeAction(disable);
    assert.equal(document.lineAt(line).text, "    time.sleep(0.5)  # asynclint: ignore[AL101]");
    await waitForCodes(document.uri, []);
  });

  it("opens the rule's documentation page from the documentation action", async () => {
    const { document, diagnostics } = await open("disable.py", ["AL101"]);
    const actions = await codeActionsAt(document.uri, diagnostics[0].range);
    const docs = actions.find((a) => a.title.startsWith("Show documentation for AL101"));
    assert.ok(docs?.command, "no documentation action with a command");
    assert.equal(docs.command.command, "asynclint.showRuleDocumentation");
    await applyCodeAction(docs);
    const tab = await waitFor("the AL101 page to open", () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((t) => t.label.includes("AL101")),
    );
    // The page is the rule's markdown, shown rendered in a preview.
    assert.ok(tab.input instanceof vscode.TabInputWebview, `the AL101 tab is a ${tab.input?.constructor?.name}, not a preview`);
    assert.match(tab.input.viewType, /markdown\.preview/);
    await vscode.window.tabGroups.close(tab);
  });

  it("ignores a documentation request for a code that is not a rule", async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    // First a real rule's page, waited for as the positive case does: how long opening a page takes here.
    const started = Date.now();
    await vscode.commands.executeCommand("asynclint.showRuleDocumentation", "AL101");
    const page = await waitFor("the AL101 page to open", () => tabs().find((t) => t.label.includes("AL101")));
    const opensWithin = Date.now() - started;
    await vscode.window.tabGroups.close(page);
    await waitFor("the AL101 page to close", () => !tabs().some((t) => t.label.includes("AL101")));
    const before = tabs().map((t) => t.label).sort();
    // `docs/rules/../../README.md` exists: without the guard this request would open the README.
    await vscode.commands.executeCommand("asynclint.showRuleDocumentation", "../../README");
    // Nothing may open in several times what the real page took.
    const deadline = Date.now() + Math.max(3 * opensWithin, 3000);
    while (Date.now() < deadline) {
      assert.deepEqual(tabs().map((t) => t.label).sort(), before, "the request for a code that is not a rule opened a tab");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});

const FIX_ALL_EXPECTED = [
  "import asyncio",
  "",
  "_background_tasks = set()",
  "",
  "",
  "async def fetch(host):",
  "    await asyncio.sleep(0)",
  "    return host",
  "",
  "",
  "async def main(hosts):",
  "    await asyncio.sleep(2)",
  '    await fetch("warm-up")',
  "    task = asyncio.create_task(fetch(hosts[0]))",
  "    _background_tasks.add(task)",
  "    task.add_done_callback(_background_tasks.discard)",
  "",
].join("\n");
