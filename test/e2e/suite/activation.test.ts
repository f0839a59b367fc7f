import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { EXTENSION_ID, openFixture, revertAndClose, waitFor, waitForCodes } from "./helpers";

// Runs first (see index.ts): nothing has opened a Python file yet, so activation is observable.
describe("activation", () => {
  let editor: vscode.TextEditor | undefined;
  after(() => revertAndClose(editor));

  it("is installed but not active before a Python file opens", () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in this window`);
    assert.equal(extension.isActive, false, "activated before any Python file was opened: an activation event is too eager");
  });

  it("activates on a Python file and starts the server", async () => {
    editor = await openFixture("activation", "main.py");
    assert.equal(editor.document.languageId, "python");
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor("the extension to activate", () => extension.isActive);
    // Diagnostics only come from a running server, so seeing one proves the whole chain works.
    await waitForCodes(editor.document.uri, ["AL101"]);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ["asynclint.restart", "asynclint.showOutput", "asynclint.fixAll", "asynclint.showRuleDocumentation"]) {
      assert.ok(commands.includes(command), `command ${command} is not registered after activation`);
    }
  });
});
