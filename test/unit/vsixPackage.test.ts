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
      "dist/typescript.js",
      "dist/web-tree-sitter.wasm",
      "dist/web-tree-sitter.cjs",
      "dist/tree-sitter-python.wasm",
      "dist/lib.es2022.d.ts",
      "docs/rules/AL101.md",
      "l10n/bundle.l10n.ru.json",
      "snippets/python.json",
      "syntaxes/asynclint-directives.tmLanguage.json",
    ]) {
      assert.ok(listing.includes(needed), `${needed} is missing from the .vsix`);
    }
    const unwanted = listing.filter((file) => /^(server|client|test|bench|scripts|examples|node_modules)\//.test(file) || file.endsWith(".map") || file === "dist/cli.js");
    assert.deepEqual(unwanted, []);
  });
});
