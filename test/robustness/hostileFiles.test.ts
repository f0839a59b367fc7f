import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, FLOATING_TS, makeFifo, runCli, scratchDir, SLEEPY_PY, writeFiles } from "./support/cli";

/**
 * A workspace is untrusted input, and some of its "files" are not files: a FIFO blocks whoever
 * reads it until a writer comes (never), `/dev/zero` never ends. Wherever asynclint reads (the
 * sources named on the command line, the config files looked up above each source, `.gitignore`,
 * every file a TypeScript program loads, tsconfig files), such a file is refused with a message
 * naming it, and everything else is still checked. Each run has a deadline: a hang fails the
 * test instead of stalling the suite.
 */
describe("hostile files: special files never hang a run, huge ones never fill memory", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("hostile");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("a FIFO named asynclint.json, pyproject.toml, package.json or .gitignore on the search path is refused, and the sources are checked", async () => {
    const dir = path.join(root, "fifo-configs");
    const names = ["asynclint.json", "pyproject.toml", "package.json", ".gitignore"];
    names.forEach((name, i) => {
      writeFiles(dir, { [`p${i}/poll.py`]: SLEEPY_PY });
      makeFifo(path.join(dir, `p${i}`, name));
    });
    const run = await runCli(["check", "p0", "p1", "p2", "p3", "--format", "json"], { cwd: dir });
    assertFinished(run, "FIFO configs");
    const files = (JSON.parse(run.stdout) as Array<{ file: string; code: string }>).map((row) => `${row.file} ${row.code}`).sort();
    assert.deepEqual(files, ["p0/poll.py AL101", "p1/poll.py AL101", "p2/poll.py AL101", "p3/poll.py AL101"]);
    names.forEach((name, i) => assert.match(run.stderr, new RegExp(`p${i}/${name.replace(".", "\\.")}: .*named pipe, not a regular file`), run.stderr));
  });

  it("a source or a pyproject.toml that is a symbolic link to /dev/zero is refused, not read without end", async () => {
    const dir = path.join(root, "dev-zero");
    writeFiles(dir, { "ok/poll.py": SLEEPY_PY, "zeroconf/poll.py": SLEEPY_PY });
    fs.symlinkSync("/dev/zero", path.join(dir, "x.py"));
    fs.symlinkSync("/dev/zero", path.join(dir, "zeroconf", "pyproject.toml"));
    const run = await runCli(["check", "x.py", "ok/poll.py", "zeroconf/poll.py"], { cwd: dir });
    assertFinished(run, "/dev/zero");
    assert.match(run.stderr, /x\.py: not analyzed: a device, not a regular file/);
    assert.match(run.stderr, /zeroconf\/pyproject\.toml: cannot be read \(a device, not a regular file\)/);
    assert.match(run.stdout, /^ok\/poll\.py:6:5: AL101/m);
    assert.match(run.stdout, /^zeroconf\/poll\.py:6:5: AL101/m);
  });

  it("TypeScript loads no special file and nothing over its cap: /dev/zero in a reference, FIFOs in files and extends, a 17 MB import", async () => {
    const dir = path.join(root, "typescript");
    writeFiles(dir, {
      // The inferred project (no tsconfig) reads any path a reference names.
      "loose/zero.ts": `/// <reference path="/dev/zero" />\n${FLOATING_TS}`,
      "listed/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, files: ["main.ts", "pipe.ts"] }),
      "listed/main.ts": FLOATING_TS,
      "extending/tsconfig.json": JSON.stringify({ extends: "./base.json", include: ["*.ts"] }),
      "extending/main.ts": FLOATING_TS,
      "importing/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "importing/main.ts": `import { helper } from "./generated";\n${FLOATING_TS}export const used = helper;\n`,
    });
    makeFifo(path.join(dir, "listed", "pipe.ts"));
    makeFifo(path.join(dir, "extending", "base.json"));
    // Over the 16 MB a program loads of one file; a program that loaded it whole would spend seconds and hundreds of MB on it.
    const padding = "// generated table row, long enough to make the file big quickly\n";
    fs.writeFileSync(path.join(dir, "importing", "generated.ts"), "export const helper = 1;\n" + padding.repeat(Math.ceil((17 * 1024 * 1024) / padding.length)));

    const run = await runCli(["check", "loose/zero.ts", "listed/main.ts", "extending/main.ts", "importing/main.ts"], { cwd: dir });
    assertFinished(run, "TypeScript special files");
    for (const file of ["loose/zero.ts", "listed/main.ts", "extending/main.ts", "importing/main.ts"]) {
      assert.match(run.stdout, new RegExp(`^${file.replace(".", "\\.")}:\\d+:3: AL301`, "m"), `${file} is checked\n${run.stdout}\n${run.stderr}`);
    }
    assert.match(run.stderr, /TypeScript did not load [^\n]*listed\/pipe\.ts \(a named pipe, not a regular file\)/);
    assert.match(run.stderr, /TypeScript did not load [^\n]*importing\/generated\.ts \(the file is 17\.0 MB, larger than the limit of 16\.0 MB\)/);
    // The config whose base is a FIFO is named as unusable; its files are checked with defaults.
    assert.match(run.stderr, /extending\/tsconfig\.json/);
  });

  it("a tsconfig nested 1,000 deep gets one notice for its project, and every file is still checked", async () => {
    const dir = path.join(root, "deep-tsconfig");
    const depth = 1000;
    writeFiles(dir, {
      "deep/tsconfig.json": `{"compilerOptions": {"strict": true}, "x": ${"[".repeat(depth)}${"]".repeat(depth)}}`,
      "deep/a.ts": FLOATING_TS,
      "deep/b.ts": FLOATING_TS,
      "fine/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true } }),
      "fine/c.ts": FLOATING_TS,
    });
    const run = await runCli(["check", "."], { cwd: dir });
    assertFinished(run, "deep tsconfig");
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(run.stdout.match(/^\S+:3:3: AL301/gm), ["deep/a.ts:3:3: AL301", "deep/b.ts:3:3: AL301", "fine/c.ts:3:3: AL301"]);
    assert.equal(run.stderr.match(/deep\/tsconfig\.json/g)?.length, 1, run.stderr);
    assert.match(run.stderr, /Maximum call stack size exceeded/);
    assert.doesNotMatch(run.stderr, /internal error/);
  });
});
