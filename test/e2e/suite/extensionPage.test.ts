import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import { askRunner, EXTENSION_ID, runnerChannel } from "./helpers";

/**
 * The page a user sees in the Extensions view once asynclint is installed: the header (icon,
 * display name, description) and the README rendered under Details, then the Changelog tab.
 * The extension under test runs from its development folder, which the Extensions view never
 * lists, so the test installs the package a user installs (`vsce package`, from VSIX), opens it
 * from the Installed list the way a user clicks it, and uninstalls it afterwards. Everything on
 * the page comes from the package's own files: no gallery is needed (these machines have none).
 */

/** Selectors of the nested frames a webview's document lives in (the README, the changelog). */
const WEBVIEW_FRAMES = ["iframe.webview.ready:visible", "#active-frame"];

describe("extension page", () => {
  let installed = false;
  after(async () => {
    if (installed) await vscode.commands.executeCommand("workbench.extensions.uninstallExtension", EXTENSION_ID);
  });

  it("shows the icon, the display name, the README with the rule table, and the changelog", async function () {
    if (!runnerChannel()) this.skip();
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { displayName: string; icon: string };
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const changelog = fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8");

    // The same package `npm run package` makes, without its production rebuild; async, so the host stays responsive.
    const vsix = path.join(os.tmpdir(), "asynclint-extension-page.vsix");
    const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
    await promisify(execFile)(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", vsix], { cwd: root }).catch((error: { stderr?: string; stdout?: string }) => {
      throw new Error(`vsce package failed: ${error.stderr || error.stdout || String(error)}`);
    });
    await vscode.commands.executeCommand("workbench.extensions.installExtension", vscode.Uri.file(vsix));
    installed = true;

    for (const command of ["workbench.action.closeAllEditors", "workbench.action.closePanel", "workbench.action.closeAuxiliaryBar"]) {
      await vscode.commands.executeCommand(command);
    }
    await vscode.commands.executeCommand("workbench.view.extensions");
    await vscode.commands.executeCommand("workbench.extensions.search", "@installed asynclint");
    const entry = await askRunner<string>({ kind: "text", selector: ".extensions-viewlet .monaco-list-row", waitForText: manifest.displayName });
    assert.ok(entry.includes(manifest.displayName), `the Installed list shows "${entry}"`);

    // Clicked in the list, as a user opens it; the header is drawn once it names the extension.
    const name = await askRunner<string>({ kind: "text", click: ".extensions-viewlet .monaco-list-row", clickText: manifest.displayName, selector: ".extension-editor .header .name", waitForText: "asynclint" });
    assert.strictEqual(name.trim(), manifest.displayName);
    const icon = await askRunner<{ src: string; naturalWidth: number }>({ kind: "image", selector: ".extension-editor .header img.icon" });
    // Served from the installed copy's folder (its path is a query parameter of the resource URL).
    assert.ok(decodeURIComponent(icon.src).includes(`asynclint.asynclint-0.1.0/${manifest.icon}`), `the header's icon is ${icon.src}, not the package's ${manifest.icon}`);
    assert.ok(icon.naturalWidth > 0, `the header's icon ${icon.src} was not drawn`);

    // Details renders the README: its first heading, and a row for every rule its table lists.
    const firstHeading = /^# (.+)$/m.exec(readme)![1];
    const heading = await askRunner<string>({ kind: "text", frames: WEBVIEW_FRAMES, selector: "h1", waitForText: firstHeading });
    assert.strictEqual(heading.trim(), firstHeading);
    const codes = [...readme.matchAll(/^\| \[(AL\d{3})\]/gm)].map((m) => m[1]);
    assert.ok(codes.length >= 10, `the README's rule table lists ${codes.length} rules`);
    const table = await askRunner<string>({ kind: "text", frames: WEBVIEW_FRAMES, selector: "table", waitForText: codes[0] });
    assert.deepStrictEqual(codes.filter((code) => !table.includes(code)), [], "rules of the README's table missing from the rendered one");
    await askRunner({ kind: "screenshot", name: "extension-page", waitFor: ".extension-editor .header .name", text: manifest.displayName }, 30_000);
    await askRunner({ kind: "screenshot", name: "extension-page-rules", frames: WEBVIEW_FRAMES, waitFor: "table tr", text: codes[0], scrollTo: true }, 30_000);

    // The Changelog tab renders CHANGELOG.md: its first version heading.
    const firstVersion = /^## \[?([^\]\n]+)\]?/m.exec(changelog)![1];
    const versionHeading = await askRunner<string>({ kind: "text", click: ".extension-editor .navbar .action-label", clickText: "Changelog", frames: WEBVIEW_FRAMES, selector: "h2", waitForText: firstVersion });
    assert.ok(versionHeading.includes(firstVersion), `the Changelog tab's first version heading is "${versionHeading}"`);
  });
});
