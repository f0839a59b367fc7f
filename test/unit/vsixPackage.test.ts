import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.join(__dirname, "..", "..");

/** The .vsix a user installs: packed offline by vsce from the allow-list in .vscodeignore. */
describe("the extension package (.vsix)", () => {
  it("holds what runs in the editor and nothing of the sources or tests", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-vsix-")), "asynclint.vsix");
    const vsce = path.join(ROOT, "node_modules", "@vscode", "vsce", "vsce");
    execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out], {
      cwd: ROOT,
      stdio: "pipe",
    });
    // A .vsix is a zip; python3 (which the rule tests need anyway) lists it.
    const listing = execFileSync("python3", ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", out], { encoding: "utf8" })
      .split("\n")
      .filter((name) => name.startsWith("extension/"))
      .map((name) => name.slice("extension/".length));
    assert.ok(fs.statSync(out).size > 100_000);
    for (const needed of [
      "package.json",
      "package.nls.json",
      "package.nls.ru.json",
      "dist/extension.js",
      "dist/server.js",
      // The asynclint task runs the bundled CLI (client/src/checkTask.ts).
      "dist/cli.js",
      "dist/cliWorker.js",
      "dist/typescript.js",
      "dist/web-tree-sitter.wasm",
      "dist/web-tree-sitter.cjs",
      "dist/tree-sitter-python.wasm",
      "dist/lib.es2022.d.ts",
      "docs/rules/AL101.md",
      "l10n/bundle.l10n.ru.json",
      "snippets/python.json",
      "syntaxes/asynclint-directives.tmLanguage.json",
      // vsce stores these two in lower case, where the Extensions page reads them.
      "readme.md",
      "changelog.md",
      "images/icon.png",
    ]) {
      assert.ok(listing.includes(needed), `${needed} is missing from the .vsix`);
    }
    const unwanted = listing.filter((file) => /^(server|client|test|bench|scripts|examples|node_modules)\//.test(file) || file.endsWith(".map"));
    assert.deepEqual(unwanted, []);

    // The Extensions page: the icon and every picture the README shows come from the package itself.
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.ok(listing.includes(manifest.icon), `the icon ${manifest.icon} is packaged`);
    const icon = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString("latin1"), "PNG", "the icon is a PNG (the Marketplace takes no SVG)");
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, "the icon is at least 128x128");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    assert.ok(pictures.length > 0, "the README shows a picture");
    for (const picture of pictures) {
      assert.ok(!/^https?:/.test(picture) || picture.startsWith("https://"), picture);
      if (!/^https?:/.test(picture)) assert.ok(listing.includes(picture), `the README's ${picture} is packaged, so the installed extension's page shows it`);
    }
  });

  it("presents itself on the Extensions page: a display name, links, a changelog and a README that starts with what the user gets", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.notEqual(manifest.displayName, manifest.name, "a display name that says what it is");
    assert.match(manifest.displayName, /Python/);
    for (const url of [manifest.repository?.url, manifest.bugs?.url, manifest.homepage]) assert.match(url ?? "", /^https:\/\/github\.com\/asynclint\/asynclint\b/);
    assert.match(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), /^# Changelog\n[\s\S]*## \[0\.1\.0\]/);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    // The project's two commands stay right at the top; then the user's sections; the developer's last.
    assert.equal(headings[0], "Quick start");
    const quickStart = readme.slice(0, readme.indexOf("## What you get"));
    assert.match(quickStart, /npm install && npm start/);
    assert.match(quickStart, /npm test/);
    assert.equal(headings[1], "What you get");
    for (const user of ["Rules", "In the editor", "Settings", "Other editors"]) assert.ok(headings.indexOf(user) > 0 && headings.indexOf(user) < headings.indexOf("Development"), `${user} comes before Development`);
    assert.ok(readme.indexOf("$ npm start") > readme.indexOf("## Development"), "the developer's example run is under Development");
  });
});
