import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../server/src/cli/main";

function run(args: string[], cwd: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, cwd).then((code) => ({ code, out, err }));
}

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-ts-cli-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, types: [] } });
const FLOATING = "async function load(): Promise<void> {}\n\nexport async function start() {\n  load();\n}\n";

describe("asynclint check on TypeScript and JavaScript", () => {
  it("reports findings of .ts, .mts and .js files, and nothing for declaration files", async () => {
    const root = project({
      "tsconfig.json": TSCONFIG,
      "src/a.ts": FLOATING,
      "src/b.mts": FLOATING,
      "loose/c.js": "async function load() {}\n\nasync function start() {\n  load();\n}\nmodule.exports = { start };\n",
      "src/types.d.ts": "declare function later(): Promise<void>;\n",
    });
    try {
      const { code, out } = await run(["check", ".", "--format", "json"], root);
      assert.equal(code, 1);
      const rows = JSON.parse(out.join("\n")) as Array<{ file: string; line: number; code: string }>;
      assert.deepEqual(
        rows.map((r) => `${r.file}:${r.line}:${r.code}`).sort(),
        ["loose/c.js:4:AL301", "src/a.ts:4:AL301", "src/b.mts:4:AL301"],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("--fix leaves a floating promise as it is (awaiting it changes when the code after it runs); --unsafe-fixes adds the await", async () => {
    const root = project({ "tsconfig.json": TSCONFIG, "src/a.ts": FLOATING });
    try {
      const fix = await run(["check", ".", "--fix"], root);
      assert.equal(fix.code, 1);
      assert.equal(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), FLOATING);
      const { code } = await run(["check", ".", "--fix", "--unsafe-fixes"], root);
      assert.equal(code, 0);
      assert.match(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), /^ {2}await load\(\);$/m);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("a broken tsconfig.json is said once, and its files are still analyzed", async () => {
    const root = project({ "tsconfig.json": '{ "compilerOptions": { "strict": true, }\n', "a.ts": FLOATING, "b.ts": FLOATING });
    try {
      const { code, out, err } = await run(["check", ".", "--format", "json"], root);
      assert.equal(code, 1);
      const mentions = err.filter((line) => line.includes("cannot be used"));
      assert.equal(mentions.length, 1, err.join("\n"));
      assert.match(mentions[0], /^asynclint: tsconfig\.json: cannot be used \(.+\); the files under it are checked with default compiler options\.$/);
      assert.equal((JSON.parse(out.join("\n")) as unknown[]).length, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("a tsconfig whose base is missing is named once, with the number of files it covers; files it does not include are not blamed on it", async () => {
    const extending = (include: string[]) => JSON.stringify({ extends: "@fixture-org/tsconfig-node/tsconfig.json", compilerOptions: { types: [] }, include });
    const root = project({
      "tsconfig.json": extending(["src"]),
      "src/a.ts": FLOATING,
      "src/b.ts": FLOATING,
      "src/c.ts": FLOATING,
      "tools/build.ts": FLOATING,
      "site/tsconfig.json": extending(["pages"]),
      "site/pages/index.ts": FLOATING,
    });
    try {
      const { code, out, err } = await run(["check", ".", "--format", "json"], root);
      assert.equal(code, 1);
      const notes = err.filter((line) => line.includes("cannot be found"));
      assert.deepEqual(notes.sort(), [
        "asynclint: site/tsconfig.json: its base `@fixture-org/tsconfig-node/tsconfig.json` cannot be found; its one file is checked with default compiler options.",
        "asynclint: tsconfig.json: its base `@fixture-org/tsconfig-node/tsconfig.json` cannot be found; its 3 files are checked with default compiler options.",
      ]);
      assert.ok(!err.some((line) => line.includes("tools/build.ts")), err.join("\n"));
      // Every file is still analyzed.
      assert.equal((JSON.parse(out.join("\n")) as unknown[]).length, 5);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
