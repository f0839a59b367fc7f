import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { asynclint, CLEAN, ensureBuilt, makeTree, removeTree, SLEEPY, type JsonRow } from "./cliHarness";

/** The files that had findings, as the JSON output names them. */
function filesWithFindings(args: string[], cwd: string): string[] {
  const result = asynclint(["check", ...args, "--format", "json"], { cwd });
  assert.notEqual(result.status, 2, result.stderr);
  return [...new Set((JSON.parse(result.stdout) as JsonRow[]).map((row) => row.file))].sort();
}

describe("asynclint check: which files are checked", () => {
  let root: string;
  let outside: string;
  before(() => {
    ensureBuilt();
    outside = makeTree({ "elsewhere.py": SLEEPY, "pkg/far.py": SLEEPY });
    root = makeTree({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "generated/\n*_pb2.py\n!keep_pb2.py\n",
      "src/app.py": SLEEPY,
      "src/clean.py": CLEAN,
      "src/api_pb2.py": SLEEPY,
      "src/keep_pb2.py": SLEEPY,
      "src/generated/out.py": SLEEPY,
      "src/vendor/.gitignore": "*.py\n!mine.py\n",
      "src/vendor/theirs.py": SLEEPY,
      "src/vendor/mine.py": SLEEPY,
      "node_modules/pkg/x.py": SLEEPY,
      "build/lib/x.py": SLEEPY,
      ".venv/lib/x.py": SLEEPY,
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/x.py": SLEEPY,
      "__pycache__/x.py": SLEEPY,
      "tools/script.pyw": SLEEPY,
      "notes.txt": "time.sleep(1)\n",
      ".git/hooks/x.py": SLEEPY,
    });
    fs.symlinkSync(outside, path.join(root, "src", "linked-out"));
    fs.symlinkSync(path.join(outside, "elsewhere.py"), path.join(root, "src", "linked-file.py"));
  });
  after(() => {
    removeTree(root);
    removeTree(outside);
  });

  it("walks the tree honouring .gitignore (nested ones and ! too) and skipping dependency, virtualenv and build folders", () => {
    assert.deepEqual(filesWithFindings([], root), ["src/app.py", "src/keep_pb2.py", "src/vendor/mine.py", "tools/script.pyw"]);
  });

  it("a .gitignore at the repository root applies when a subfolder is checked", () => {
    assert.deepEqual(filesWithFindings(["src"], root), ["src/app.py", "src/keep_pb2.py", "src/vendor/mine.py"]);
    assert.deepEqual(filesWithFindings(["src/vendor"], root), ["src/vendor/mine.py"]);
  });

  it("never follows symbolic links out of the tree", () => {
    const result = asynclint(["check", "--format", "json"], { cwd: root });
    assert.doesNotMatch(result.stdout, /elsewhere|far\.py|linked/);
  });

  it("a file named explicitly is checked even if ignored or in a skipped folder", () => {
    assert.deepEqual(filesWithFindings(["src/api_pb2.py", "node_modules/pkg/x.py"], root), ["node_modules/pkg/x.py", "src/api_pb2.py"]);
  });

  it("expands globs (quoted, so the shell leaves them) with the same ignore rules", () => {
    assert.deepEqual(filesWithFindings(["src/**/*_pb2.py"], root), ["src/keep_pb2.py"]);
    // Skipped folders stay skipped: the pattern matches no file that is checked, which is an error (see below).
    const skipped = asynclint(["check", "**/x.py", "--format", "json"], { cwd: root });
    assert.equal(skipped.status, 2);
    assert.doesNotMatch(skipped.stdout, /x\.py/);
    assert.deepEqual(filesWithFindings(["src/*.py", "tools/*"], root), ["src/app.py", "src/keep_pb2.py", "tools/script.pyw"]);
  });

  it("a glob that matches nothing is an error: a CI step with a mistyped pattern must not pass", () => {
    const result = asynclint(["check", "nothing/**/*.py"], { cwd: root });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /nothing\/\*\*\/\*\.py: no source files match this pattern/);
  });

  it("files outside the working directory keep absolute paths", () => {
    assert.deepEqual(filesWithFindings([path.join(outside, "pkg")], root), [path.join(outside, "pkg", "far.py")]);
  });
});
