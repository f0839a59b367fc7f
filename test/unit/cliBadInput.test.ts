import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { asynclint, CLEAN, ensureBuilt, makeTree, removeTree, SLEEPY, type RunOptions } from "./cliHarness";

/**
 * Root reads every file whatever its mode, so permission errors are provoked by running the CLI
 * as an unprivileged user when the tests run as root (as CI does here).
 */
const NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function stderrLines(text: string): string[] {
  return text.split("\n").filter((line) => line.length > 0);
}

describe("asynclint check: bad input and exit codes", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = makeTree({
      "sleepy.py": SLEEPY,
      "clean.py": CLEAN,
      "latin.py": Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]), // x = "é" in Latin-1, no coding line
      "blob.py": Buffer.from([0x00, 0x01, 0x02, 0x03]),
      "pkg.py/inner.py": SLEEPY, // a folder whose name looks like a file
      "locked.py": SLEEPY,
      "lockeddir/inside.py": SLEEPY,
    });
    fs.chmodSync(path.join(root, "locked.py"), 0o000);
    fs.chmodSync(path.join(root, "lockeddir"), 0o000);
    // Let the unprivileged user into the tree (mkdtemp makes it private).
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, "pkg.py"), 0o755);
  });
  after(() => {
    fs.chmodSync(path.join(root, "lockeddir"), 0o755);
    removeTree(root);
  });

  const run = (args: string[], extra: Partial<RunOptions> = {}) => asynclint(["check", ...args], { cwd: root, ...NOBODY, ...extra });

  it("exit 0 when clean, 1 with findings", () => {
    assert.equal(run(["clean.py"]).status, 0);
    assert.equal(run(["sleepy.py"]).status, 1);
  });

  it("a path that does not exist: one line naming it, the other files are still checked, exit 2", () => {
    const result = run(["missing.py", "sleepy.py"]);
    assert.equal(result.status, 2);
    assert.deepEqual(stderrLines(result.stderr), ["asynclint: missing.py: no such file or directory"]);
    assert.match(result.stdout, /^sleepy\.py:6:5: AL101/m);
  });

  it("an unreadable file and an unreadable folder: one line each, the run goes on, exit 2 (even with --exit-zero)", () => {
    const result = run([".", "--exit-zero"]);
    assert.equal(result.status, 2);
    const lines = stderrLines(result.stderr);
    assert.ok(lines.includes("asynclint: locked.py: permission denied"), result.stderr);
    assert.ok(lines.includes("asynclint: lockeddir: permission denied"), result.stderr);
    assert.match(result.stdout, /^sleepy\.py:6:5: AL101/m);
    assert.match(result.stdout, /^pkg\.py\/inner\.py:6:5: AL101/m, "a folder named like a file is walked");
  });

  it("invalid UTF-8 and binary files are skipped with a note each; that alone is not a failure", () => {
    const result = run(["latin.py", "blob.py", "clean.py"]);
    assert.equal(result.status, 0);
    assert.deepEqual(stderrLines(result.stderr), [
      "asynclint: blob.py: not analyzed: the file looks binary (it contains NUL bytes).",
      "asynclint: latin.py: not analyzed: not valid utf-8.",
    ]);
    assert.equal(run(["latin.py", "blob.py", "--quiet"]).stderr, "", "--quiet drops the notes");
  });

  it("an invalid --select or --ignore code: one line naming it, nothing checked, exit 2", () => {
    for (const args of [["--select", "AL999"], ["--ignore", "AL1,bogus"], ["--select", "A"]]) {
      const result = run([".", ...args]);
      assert.equal(result.status, 2, args.join(" "));
      assert.equal(result.stdout, "");
      const lines = stderrLines(result.stderr);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], /^asynclint: --(select|ignore): unknown rule code '(AL999|bogus|A)'/);
    }
  });

  it("usage errors: unknown option, command or format, --stdin-filename with paths; exit 2", () => {
    for (const [args, message] of [
      [["check", "--frobnicate"], /Unknown option '--frobnicate'/],
      [["lint", "."], /unknown command 'lint'/],
      [["check", "--format", "xml"], /--format must be one of text, json, sarif, github, not 'xml'/],
      [["check", "x.py", "--stdin-filename", "y.py"], /give no paths with it/],
      [["check", "--jobs", "0"], /--jobs must be a whole number/],
    ] as const) {
      const result = asynclint(args, { cwd: root });
      assert.equal(result.status, 2, args.join(" "));
      assert.match(result.stderr, message);
      assert.equal(stderrLines(result.stderr).length, 1);
    }
  });

  it("--stdin-filename of a file type asynclint does not check is a clear error", () => {
    const result = asynclint(["check", "--stdin-filename", "notes.txt"], { cwd: root, input: "hello" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /notes\.txt: not a file type asynclint checks/);
  });

  it("--fix where the file cannot be written: one line, the file is unchanged, exit 2", () => {
    const writable = makeTree({ "ro/sleepy.py": SLEEPY });
    try {
      fs.chmodSync(writable, 0o755);
      const dir = path.join(writable, "ro");
      // The folder is not writable for the user running the CLI, so no temporary file can be made next to the file.
      fs.chmodSync(dir, 0o555);
      fs.chmodSync(path.join(dir, "sleepy.py"), 0o444);
      const result = asynclint(["check", "ro", "--fix"], { cwd: writable, ...NOBODY });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^asynclint: ro\/sleepy\.py: not fixed: you may not write this file \(permission denied\)$/m);
      fs.chmodSync(dir, 0o755);
      assert.equal(fs.readFileSync(path.join(dir, "sleepy.py"), "utf8"), SLEEPY);
      assert.match(result.stdout, /ro\/sleepy\.py:6:5: AL101/, "the finding is still reported");
    } finally {
      fs.chmodSync(path.join(writable, "ro"), 0o755);
      removeTree(writable);
    }
  });
});
