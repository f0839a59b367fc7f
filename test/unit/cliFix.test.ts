import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pythonCompileErrors } from "../support/pythonCompile";
import { asynclint, CLEAN, ensureBuilt, makeTree, removeTree, SLEEPY, type JsonRow } from "./cliHarness";

const RULE_FIXTURES = path.join(__dirname, "..", "fixtures", "python");

/** SLEEPY, fixed the way --fix fixes it: the sleep awaited, `import time` gone with its last use, the task kept. */
const SLEEPY_FIXED = [
  "import asyncio",
  "",
  "_background_tasks = set()",
  "",
  "",
  "async def main():",
  "    await asyncio.sleep(1)",
  "    task = asyncio.create_task(main())",
  "    _background_tasks.add(task)",
  "    task.add_done_callback(_background_tasks.discard)",
  "",
].join("\n");

// A task that only gets a callback is still dropped (AL302), but no fix can know where to keep it,
// so it is what remains after --fix.
const SLEEPY_WITH_UNFIXABLE_TASK = ["import asyncio", "import time", "", "", "async def main():", "    time.sleep(1)", "    asyncio.create_task(main()).add_done_callback(print)", ""].join("\n");

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

function readAll(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(root, { recursive: true, encoding: "utf8" })) {
    const file = path.join(root, name);
    if (name.endsWith(".py") && fs.statSync(file).isFile()) files[name] = fs.readFileSync(file, "utf8");
  }
  return files;
}

describe("asynclint check --fix / --diff", () => {
  before(ensureBuilt);

  it("--fix applies the safe fixes in place and reports what remains", () => {
    const root = makeTree({ "sleepy.py": SLEEPY, "callback.py": SLEEPY_WITH_UNFIXABLE_TASK, "clean.py": CLEAN });
    try {
      const result = asynclint(["check", "--fix"], { cwd: root });
      assert.equal(result.status, 1, "the AL302 that has no fix remains");
      assert.equal(fs.readFileSync(path.join(root, "sleepy.py"), "utf8"), SLEEPY_FIXED, "both safe fixes applied");
      const partly = fs.readFileSync(path.join(root, "callback.py"), "utf8");
      assert.match(partly, /^ {4}await asyncio\.sleep\(1\)$/m);
      assert.doesNotMatch(partly, /time\.sleep|import time/);
      assert.match(partly, /^ {4}asyncio\.create_task\(main\(\)\)\.add_done_callback\(print\)$/m, "the unfixable line is left as it was");
      assert.match(result.stdout, /^Fixed 3 problems in 2 files\.$/m);
      assert.match(result.stdout, /^callback\.py:6:5: AL302 /m);
      assert.doesNotMatch(result.stdout, /AL101|sleepy\.py/);
      assert.equal(fs.readFileSync(path.join(root, "clean.py"), "utf8"), CLEAN, "a clean file is left alone");
      assert.deepEqual(
        fs.readdirSync(root).filter((name) => name.includes(".tmp")),
        [],
        "no temporary files left behind",
      );
    } finally {
      removeTree(root);
    }
  });

  it("--fix keeps the permission bits and a UTF-8 BOM", () => {
    const root = makeTree({ "script.py": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SLEEPY)]) });
    try {
      const file = path.join(root, "script.py");
      fs.chmodSync(file, 0o751);
      asynclint(["check", "--fix"], { cwd: root });
      const bytes = fs.readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "BOM kept");
      assert.match(bytes.toString("utf8"), /await asyncio\.sleep\(1\)/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o751);
    } finally {
      removeTree(root);
    }
  });

  it("--fix writes through a symbolic link to its target, keeping the link", () => {
    const root = makeTree({ "real/sleepy.py": SLEEPY });
    try {
      fs.symlinkSync(path.join(root, "real", "sleepy.py"), path.join(root, "link.py"));
      asynclint(["check", "link.py", "--fix"], { cwd: root });
      assert.ok(fs.lstatSync(path.join(root, "link.py")).isSymbolicLink());
      assert.match(fs.readFileSync(path.join(root, "real", "sleepy.py"), "utf8"), /await asyncio\.sleep/);
    } finally {
      removeTree(root);
    }
  });

  it("--fix on the rule fixtures: fixed files compile, and a second run finds nothing fixable (idempotent)", () => {
    const root = makeTree({});
    try {
      copyTree(RULE_FIXTURES, root);
      const before = readAll(root);
      const first = asynclint(["check", ".", "--fix", "--unsafe-fixes", "--format", "json"], { cwd: root });
      assert.notEqual(first.status, 2, first.stderr);
      const fixed = readAll(root);
      const changed = Object.keys(fixed).filter((name) => fixed[name] !== before[name]);
      assert.ok(changed.length >= 3, `several fixtures change (changed: ${changed.join(", ")})`);
      const remaining = JSON.parse(first.stdout) as JsonRow[];
      assert.deepEqual(
        remaining.filter((row) => row.fixable),
        [],
        "nothing fixable is left after one --fix run",
      );
      const compileErrors = pythonCompileErrors(Object.fromEntries(changed.map((name) => [name, fixed[name]])));
      // A fixture that did not compile before (half-typed code) is not expected to compile after.
      const compiledBefore = pythonCompileErrors(Object.fromEntries(changed.map((name) => [name, before[name]])));
      for (const name of Object.keys(compileErrors)) assert.ok(name in compiledBefore, `${name} compiled before the fixes but not after: ${compileErrors[name]}`);

      const second = asynclint(["check", ".", "--fix", "--unsafe-fixes"], { cwd: root });
      assert.doesNotMatch(second.stdout, /^Fixed/m, "the second run has nothing to fix");
      assert.deepEqual(readAll(root), fixed, "and changes nothing");
      const diff = asynclint(["check", ".", "--diff", "--unsafe-fixes"], { cwd: root });
      assert.equal(diff.status, 0);
      assert.equal(diff.stdout, "");
    } finally {
      removeTree(root);
    }
  });

  it("without --unsafe-fixes only safe fixes are applied", () => {
    const root = makeTree({});
    try {
      copyTree(RULE_FIXTURES, root);
      const before = readAll(root);
      const safeFixable = (JSON.parse(asynclint(["check", ".", "--format", "json", "--exit-zero"], { cwd: root }).stdout) as (JsonRow & { fix: { applicability: string } | null })[]).filter(
        (row) => row.fix?.applicability === "safe",
      );
      assert.ok(safeFixable.length >= 3, `the fixtures have safe fixes to apply (${safeFixable.length})`);
      const safeOnly = asynclint(["check", ".", "--fix", "--format", "json"], { cwd: root });
      const rows = JSON.parse(safeOnly.stdout) as (JsonRow & { fix: { applicability: string } | null })[];
      // --fix must have done its part: every file with a safe fix changed, and no safe fix is left.
      const after = readAll(root);
      const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
      for (const file of new Set(safeFixable.map((row) => row.file))) assert.ok(changed.includes(file), `${file} had a safe fix and was not changed`);
      assert.deepEqual(rows.filter((row) => row.fix?.applicability === "safe").map((row) => `${row.file}:${row.line} ${row.code}`), [], "safe fixes left unapplied");
      assert.ok(
        rows.some((row) => row.fixable),
        "findings whose only fixes are unsafe are still there, fixable with --unsafe-fixes",
      );
    } finally {
      removeTree(root);
    }
  });

  it("--diff prints a unified diff, writes nothing, and exits 1 when there are changes", () => {
    const root = makeTree({ "sleepy.py": SLEEPY, "clean.py": CLEAN });
    try {
      const result = asynclint(["check", "--diff"], { cwd: root });
      assert.equal(result.status, 1);
      assert.equal(
        result.stdout,
        [
          "--- a/sleepy.py",
          "+++ b/sleepy.py",
          "@@ -1,7 +1,10 @@",
          " import asyncio",
          "-import time",
          " ",
          "+_background_tasks = set()",
          " ",
          "+",
          " async def main():",
          "-    time.sleep(1)",
          "-    asyncio.create_task(main())",
          "+    await asyncio.sleep(1)",
          "+    task = asyncio.create_task(main())",
          "+    _background_tasks.add(task)",
          "+    task.add_done_callback(_background_tasks.discard)",
          "",
        ].join("\n"),
      );
      assert.match(result.stderr, /Would fix 2 problems in 1 file\./);
      assert.equal(fs.readFileSync(path.join(root, "sleepy.py"), "utf8"), SLEEPY, "nothing written");
      const clean = asynclint(["check", "clean.py", "--diff"], { cwd: root });
      assert.equal(clean.status, 0);
      assert.equal(clean.stdout, "");
    } finally {
      removeTree(root);
    }
  });

  it("--fix honours --select: other rules' fixes are not applied", () => {
    const source = "import time\n\n\nasync def later():\n    pass\n\n\nasync def main():\n    time.sleep(1)\n    later()\n";
    const root = makeTree({ "two.py": source });
    try {
      asynclint(["check", "--fix", "--select", "AL301"], { cwd: root });
      const fixed = fs.readFileSync(path.join(root, "two.py"), "utf8");
      assert.match(fixed, /await later\(\)/);
      assert.match(fixed, /time\.sleep\(1\)/, "AL101 was not selected");
    } finally {
      removeTree(root);
    }
  });

  it("--stdin-filename: checks standard input as that file; with --fix prints the fixed source", () => {
    const root = makeTree({});
    try {
      const check = asynclint(["check", "--stdin-filename", "pkg/mod.py"], { cwd: root, input: SLEEPY });
      assert.equal(check.status, 1);
      assert.match(check.stdout, /^pkg\/mod\.py:6:5: AL101 /m);
      const json = asynclint(["check", "--stdin-filename", "pkg/mod.py", "--format", "json"], { cwd: root, input: SLEEPY });
      assert.deepEqual(
        (JSON.parse(json.stdout) as JsonRow[]).map((row) => `${row.file}:${row.line}:${row.code}`),
        ["pkg/mod.py:6:AL101", "pkg/mod.py:7:AL302"],
      );
      const fix = asynclint(["check", "--stdin-filename", "pkg/mod.py", "--fix"], { cwd: root, input: SLEEPY });
      assert.equal(fix.stdout, SLEEPY_FIXED);
      assert.equal(fix.status, 0, "everything was fixed");
      const partly = asynclint(["check", "--stdin-filename", "pkg/mod.py", "--fix"], { cwd: root, input: SLEEPY_WITH_UNFIXABLE_TASK });
      assert.equal(partly.stdout, SLEEPY_WITH_UNFIXABLE_TASK.replace("import time\n", "").replace("    time.sleep(1)", "    await asyncio.sleep(1)"));
      assert.match(partly.stderr, /pkg\/mod\.py:6:5: AL302/);
      assert.equal(partly.status, 1, "the AL302 without a fix remains");
      assert.deepEqual(fs.readdirSync(root), [], "nothing written to disk");
      const clean = asynclint(["check", "--stdin-filename", "ok.py", "--fix"], { cwd: root, input: CLEAN });
      assert.equal(clean.stdout, CLEAN);
      assert.equal(clean.status, 0);
      const diff = asynclint(["check", "--stdin-filename", "pkg/mod.py", "--diff"], { cwd: root, input: SLEEPY });
      assert.equal(diff.status, 1);
      assert.match(diff.stdout, /^\+    await asyncio\.sleep\(1\)$/m);
    } finally {
      removeTree(root);
    }
  });

  it("--stdin-filename uses the configuration that applies to that path", () => {
    const root = makeTree({ "sub/asynclint.json": JSON.stringify({ rules: { AL101: "off" } }) });
    try {
      const inSub = asynclint(["check", "--stdin-filename", "sub/mod.py", "--format", "json"], { cwd: root, input: SLEEPY });
      assert.deepEqual((JSON.parse(inSub.stdout) as JsonRow[]).map((row) => row.code), ["AL302"]);
      const outside = asynclint(["check", "--stdin-filename", "mod.py", "--format", "json"], { cwd: root, input: SLEEPY });
      assert.deepEqual((JSON.parse(outside.stdout) as JsonRow[]).map((row) => row.code), ["AL101", "AL302"]);
    } finally {
      removeTree(root);
    }
  });
});

describe("asynclint check: configuration", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = makeTree({
      "pyproject.toml": '[tool.asynclint]\nrules = { AL302 = "error" }\n',
      "app/sleepy.py": SLEEPY,
      "strict.json": JSON.stringify({ rules: { AL101: "error", AL302: "off" } }),
      "broken.json": "{ rules: ",
    });
  });
  after(() => removeTree(root));

  it("the nearest project config applies (pyproject.toml [tool.asynclint])", () => {
    const rows = JSON.parse(asynclint(["check", "app", "--format", "json"], { cwd: root }).stdout) as JsonRow[];
    assert.deepEqual(
      rows.map((row) => [row.code, row.severity]),
      [
        ["AL101", "warning"],
        ["AL302", "error"],
      ],
    );
  });

  it("--config FILE replaces it", () => {
    const rows = JSON.parse(asynclint(["check", "app", "--format", "json", "--config", "strict.json"], { cwd: root }).stdout) as JsonRow[];
    assert.deepEqual(
      rows.map((row) => [row.code, row.severity]),
      [["AL101", "error"]],
    );
  });

  it("a broken config file is a configuration error: one clear line and exit 2", () => {
    const result = asynclint(["check", "app", "--config", "broken.json"], { cwd: root });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /broken\.json:1:\d+: invalid JSON/);
    assert.equal(result.stderr.match(/invalid JSON/g)?.length, 1, "said once, not once per file");
  });

  it("--config naming a missing file or a directory is a usage error", () => {
    const missing = asynclint(["check", "app", "--config", "nope.toml"], { cwd: root });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--config nope\.toml: no such file/);
    const directory = asynclint(["check", "app", "--config", "app"], { cwd: root });
    assert.equal(directory.status, 2);
    assert.match(directory.stderr, /--config app: is a directory/);
  });
});
