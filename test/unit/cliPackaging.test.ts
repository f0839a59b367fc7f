import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { asynclint, CLEAN, ensureBuilt, makeTree, REPO, removeTree } from "./cliHarness";

// Has a finding no fix removes (a task that only gets a callback: AL302), so even the --fix hook
// must fail the commit on it.
const UNFIXABLE = ["import asyncio", "import time", "", "", "async def main():", "    time.sleep(1)", "    asyncio.create_task(main()).add_done_callback(print)", ""].join("\n");

describe("the asynclint command as a package and a pre-commit hook", () => {
  before(ensureBuilt);

  it("npm pack ships what `npx asynclint` runs: the bin script, the CLI and worker bundles, the language server (`asynclint server`), the TypeScript compiler, the parsers, the rule pages", () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    const [pack] = JSON.parse(result.stdout) as [{ files: Array<{ path: string }> }];
    const files = pack.files.map((file) => file.path).sort();
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    for (const needed of [manifest.bin.asynclint, "dist/cli.js", "dist/cliWorker.js", "dist/server.js", "dist/typescript.js", "dist/tree-sitter-python.wasm", "dist/web-tree-sitter.wasm", "dist/web-tree-sitter.cjs", "docs/rules/AL101.md", "package.json"]) {
      assert.ok(files.includes(needed.replace(/^\.\//, "")), `${needed} is in the package (${files.join(", ")})`);
    }
    assert.ok(!files.some((file) => file.startsWith("server/") || file.startsWith("test/") || file.endsWith(".map")), "sources, tests and maps stay out");
    assert.ok(manifest.scripts.prepare, "a git or tarball install builds dist/ through `prepare`");
  });

  it("each pre-commit hook's entry works on the file names pre-commit passes", () => {
    const hooks = fs.readFileSync(path.join(REPO, ".pre-commit-hooks.yaml"), "utf8");
    const entries = [...hooks.matchAll(/^\s+entry:\s*asynclint (.+)$/gm)].map((match) => match[1].split(" "));
    assert.equal(entries.length, 2);
    for (const args of entries) {
      const root = makeTree({ "a.py": UNFIXABLE, "b.py": CLEAN });
      try {
        assert.equal(asynclint([...args, "b.py"], { cwd: root }).status, 0, `${args.join(" ")} passes a clean file`);
        assert.equal(asynclint([...args, "a.py", "b.py"], { cwd: root }).status, 1, `${args.join(" ")} fails the commit on findings`);
      } finally {
        removeTree(root);
      }
    }
  });
});
