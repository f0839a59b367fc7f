import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { assertFinished, CLI, ensureBuilt, runCli, runCommand, scratchDir, SLEEPY_PY, writeFiles } from "./support/cli";

/** `root/<bytes>` as a Buffer path: how a name that is not UTF-8 is made at all from Node. */
function rawPath(root: string, name: number[] | string): Buffer {
  return Buffer.concat([Buffer.from(root + "/"), typeof name === "string" ? Buffer.from(name) : Buffer.from(name)]);
}

/**
 * File names are workspace input too. On Linux a name is any bytes but `/` and NUL: it may be
 * invalid UTF-8 (still a file to check and fix), hold terminal control sequences (never printed
 * raw), or characters that mean something in a URI (SARIF must still point at the file).
 */
describe("file names", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("names");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("a name that is not valid UTF-8 is found, checked and fixed, from a walk and from the command line", async () => {
    const dir = path.join(root, "latin1");
    fs.mkdirSync(dir);
    // "café.py" as Latin-1 writes it (0xE9), and a lone 0xFF.
    fs.writeFileSync(rawPath(dir, [0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x79]), SLEEPY_PY);
    fs.writeFileSync(rawPath(dir, [0xff, 0x2e, 0x70, 0x79]), SLEEPY_PY);

    const walk = await runCli(["check", ".", "--format", "json"], { cwd: dir });
    assertFinished(walk, "walk");
    assert.equal(walk.status, 1, walk.stderr);
    // Escaped bytes travel in JSON as lone surrogates (Python's surrogateescape reads them back into the bytes).
    assert.deepEqual((JSON.parse(walk.stdout) as Array<{ file: string }>).map((row) => row.file).sort(), ["caf\udce9.py", "\udcff.py"]);

    const text = await runCli(["check", "."], { cwd: dir });
    assert.match(text.stdout, /^caf\\xe9\.py:6:5: AL101/m);
    assert.match(text.stdout, /^\\xff\.py:6:5: AL101/m);

    // The shell passes the bytes; Node decodes them with U+FFFD, which names no file.
    const named = await runCommand("sh", ["-c", `exec "$0" "$1" check "$(printf 'caf\\351.py')" --fix`, process.execPath, CLI], { cwd: dir });
    assertFinished(named, "named on the command line");
    assert.equal(named.status, 0, named.stderr);
    assert.match(fs.readFileSync(rawPath(dir, [0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x79]), "utf8"), /await asyncio\.sleep\(1\)/);
    assert.equal(fs.readFileSync(rawPath(dir, [0xff, 0x2e, 0x70, 0x79]), "utf8"), SLEEPY_PY);
  });

  it("control characters in a name are printed escaped, in text and github output", async () => {
    const dir = path.join(root, "control");
    // Sets the terminal's title when printed raw; \r would hide the start of the line.
    const name = "\x1b]0;pwned\x07\rx.py";
    writeFiles(dir, { [name]: SLEEPY_PY });
    for (const format of ["text", "github"]) {
      const run = await runCli(["check", ".", "--format", format], { cwd: dir });
      assertFinished(run, format);
      assert.equal(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, `${format}: a raw control character reached the terminal`);
      assert.match(run.stdout, /\\x1b\]0;pwned\\x07\\x0dx\.py/, format);
    }
  });

  it("SARIF artifact URIs are percent-encoded: each resolves to its own file", async () => {
    const dir = path.join(root, "uris");
    const names = ["a#b.py", "http:evil.py", "100%.py", "two words?.py", "naïve.py"];
    writeFiles(dir, Object.fromEntries(names.map((name) => [`src/${name}`, SLEEPY_PY])));
    const run = await runCli(["check", "src", "--format", "sarif"], { cwd: dir });
    assertFinished(run, "sarif");
    const log = JSON.parse(run.stdout);
    const base = log.runs[0].originalUriBaseIds["%SRCROOT%"].uri as string;
    const resolved = (log.runs[0].results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }>).map((result) => {
      const { uri, uriBaseId } = result.locations[0].physicalLocation.artifactLocation;
      assert.equal(uriBaseId, "%SRCROOT%");
      const url = new URL(uri, base);
      assert.equal(url.protocol, "file:", `${uri} is not relative`);
      assert.equal(url.hash + url.search, "", `${uri} has a fragment or a query`);
      return fileURLToPath(url);
    });
    assert.deepEqual(resolved.sort(), names.map((name) => path.join(fs.realpathSync(dir), "src", name)).sort());
  });
});
