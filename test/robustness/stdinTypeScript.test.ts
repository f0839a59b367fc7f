import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, runCli, scratchDir, writeFiles } from "./support/cli";

/**
 * `--stdin-filename NAME` (editors, pre-commit) for TypeScript and JavaScript: the name decides
 * the project (its tsconfig, the modules it imports), and standard input is the file's text in
 * place of what is on disk, or of a file not yet saved. Nothing is written.
 */
describe("--stdin-filename for TypeScript and JavaScript", () => {
  let root: string;
  const onDisk = "import { save } from \"./store\";\nexport async function handle(): Promise<void> {\n  await save();\n}\n";
  // The buffer in the editor: the await was deleted, and only the project knows that save() returns a promise.
  const edited = "import { save } from \"./store\";\nexport async function handle(): Promise<void> {\n  save();\n}\n";

  before(() => {
    ensureBuilt();
    root = scratchDir("stdin-ts");
    writeFiles(root, {
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022" }, include: ["src"] }),
      "src/store.ts": "export function save(): Promise<void> {\n  return Promise.resolve();\n}\n",
      "src/handler.ts": onDisk,
      "web/store.js": "export async function save() {}\n",
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("checks standard input as the named file of its project, not the file on disk", async () => {
    const run = await runCli(["check", "--stdin-filename", "src/handler.ts", "--format", "json"], { cwd: root, input: edited });
    assertFinished(run, "stdin .ts");
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as Array<{ file: string; line: number; code: string }>).map((row) => `${row.file}:${row.line} ${row.code}`),
      ["src/handler.ts:3 AL301"],
    );
    assert.equal(fs.readFileSync(path.join(root, "src", "handler.ts"), "utf8"), onDisk);
  });

  it("checks a JavaScript file that is not on disk yet, and prints the fixed source with --fix", async () => {
    const source = "import { save } from \"./store.js\";\nexport async function submit() {\n  save();\n}\n";
    // The fix (unsafe: await changes ordering) exists only if the finding was made from standard input's text.
    const fixed = await runCli(["check", "--stdin-filename", "web/new.js", "--fix", "--unsafe-fixes"], { cwd: root, input: source });
    assertFinished(fixed, "stdin .js --fix");
    assert.equal(fixed.stdout, source.replace("  save();", "  await save();"), fixed.stderr);
    assert.match(fixed.stderr, /Fixed 1 problem in 1 file/);
    assert.ok(!fs.existsSync(path.join(root, "web", "new.js")), "nothing is written for standard input");
  });
});
