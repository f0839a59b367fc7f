import * as vscode from "vscode";
import { askRunner, openFixture, rangeOf, revertAndClose, runnerChannel, waitForCodes } from "./helpers";

/**
 * Not a check but a picture for the README: the offline runner photographs the editor with a
 * squiggle, its hover and the light bulb menu. The suite sets the scene; the runner, which
 * drives the browser, waits for each widget to be drawn and takes the shot.
 */
describe("screenshot of the editor", () => {
  let editor: vscode.TextEditor | undefined;
  after(async () => {
    await revertAndClose(editor);
  });

  it("shows a squiggle, the hover and the light bulb menu", async function () {
    if (!runnerChannel()) this.skip();
    for (const command of ["workbench.action.closeAllEditors", "workbench.action.closeSidebar", "workbench.action.closePanel", "workbench.action.closeAuxiliaryBar"]) {
      await vscode.commands.executeCommand(command);
    }
    editor = await openFixture("diagnostics", "devices.py");
    const document = editor.document;
    await waitForCodes(document.uri, ["AL101", "AL102", "AL301", "AL302", "AL401"]);
    const call = rangeOf(document, "time.sleep(1)");
    const inside = call.start.translate(0, 6); // on `sleep`, so the hover names the finding
    editor.selection = new vscode.Selection(inside, inside);
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);

    await vscode.commands.executeCommand("editor.action.showHover");
    await askRunner({ kind: "screenshot", name: "hover", waitFor: ".monaco-hover:not(.hidden)", text: "AL101" }, 30_000);

    // The hover stays open under the light bulb menu: this one shot shows all three.
    await vscode.commands.executeCommand("editor.action.quickFix");
    await askRunner({ kind: "screenshot", name: "editor", waitFor: ".action-widget", text: "asyncio.sleep" }, 30_000);
  });
});
