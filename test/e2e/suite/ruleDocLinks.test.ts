import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { askRunner, openFixture, rangeOf, revertAndClose, runnerChannel, waitFor, waitForCodes } from "./helpers";

/**
 * A finding's documentation link, in the Problems panel and in the hover, opens the rule's page
 * rendered (the Markdown preview), not the raw .md file inside the extension folder.
 */
function previewTabOf(code: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && tab.label.includes(code));
}

function rawPageTab(code: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith(`/${code}.md`));
}

describe("documentation links", () => {
  let editor: vscode.TextEditor | undefined;
  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closePanel");
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) if (previewTabOf("AL101") === tab) await vscode.window.tabGroups.close(tab);
  });
  after(() => revertAndClose(editor));

  it("link a finding to a command that renders the rule's page, and clicking it in the Problems panel opens the preview", async function () {
    editor = await openFixture("doc-links", "handlers.py");
    const [finding] = await waitForCodes(editor.document.uri, ["AL101"]);
    const code = finding.code as { value: string | number; target: vscode.Uri };
    assert.equal(typeof code, "object", "the diagnostic carries no link");
    assert.equal(code.target.scheme, "command", `the link is ${code.target.toString()}`);
    assert.equal(code.target.path, "asynclint.showRuleDocumentation");
    const args = JSON.parse(decodeURIComponent(code.target.query)) as string[];
    assert.equal(args[0], "AL101");

    if (!runnerChannel()) {
      // Without a browser, run the command as the link would.
      await vscode.commands.executeCommand(code.target.path, ...args);
    } else {
      await vscode.commands.executeCommand("workbench.actions.view.problems");
      await askRunner({ kind: "text", click: ".markers-panel .monaco-link", clickText: "AL101", selector: ".tab", waitForText: "AL101" });
    }
    await waitFor("the rendered page of AL101", () => previewTabOf("AL101"));
    assert.equal(rawPageTab("AL101"), undefined, "the raw Markdown was opened as well");
  });

  it("link the hover's Documentation to the same command, trusted to run only that command", async () => {
    const position = rangeOf(editor!.document, "time.sleep").start.translate(0, 6);
    const hovers = await waitFor("asynclint's hover", async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", editor!.document.uri, position);
      return found.find((hover) => hover.contents.some((content) => typeof content === "object" && "value" in content && content.value.includes("AL101")));
    });
    const markdown = hovers.contents.map((content) => (typeof content === "object" && "value" in content ? content.value : String(content))).join("\n");
    assert.match(markdown, /\]\(command:asynclint\.showRuleDocumentation\?[^)]*AL101[^)]*\)/, markdown);
    assert.doesNotMatch(markdown, /\]\(file:[^)]*\.md\)/, "a raw file link is left in the hover");
  });
});
