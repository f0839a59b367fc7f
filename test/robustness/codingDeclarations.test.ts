import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, runCli, scratchDir, writeFiles } from "./support/cli";

/** A module with a coding line, a greeting in that encoding and one AL101. */
function module(coding: string, greeting: Buffer, bom = false): Buffer {
  return Buffer.concat([
    Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []),
    Buffer.from(`# -*- coding: ${coding} -*-\nimport time\n\nGREETING = "`),
    greeting,
    Buffer.from(`"\n\n\nasync def greet(device):\n    time.sleep(1)\n`),
  ]);
}

/**
 * PEP 263 coding names are what Python accepts: its tokenizer folds `utf-8…`/`latin-1…`
 * spellings, `codecs.lookup` normalizes punctuation and reads the alias table. A module Python
 * runs must not be skipped as "unknown encoding" because its coding line is spelt `latin-1`.
 */
describe("PEP 263 coding declarations", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = scratchDir("coding");
    writeFiles(root, {
      "latin_dash.py": module("latin-1", Buffer.from("caf\xe9", "latin1")),
      "utf_underscore.py": module("utf_8", Buffer.from("café")),
      "utf_sig.py": module("utf-8-sig", Buffer.from("café"), true),
      "euc.py": module("euc_jp", Buffer.from([0xa4, 0xb3, 0xa4, 0xf3])),
      "mac.py": module("mac-roman", Buffer.from([0x63, 0x61, 0x66, 0x8e])),
      "iso_dots.py": module("ISO.8859.1", Buffer.from("caf\xe9", "latin1")),
      "cp1252_alias.py": module("windows-1252", Buffer.from([0x80])),
      // Python refuses these too: a code page it knows but that nothing here decodes, a name it does not know, a BOM that contradicts the declaration.
      "ebcdic.py": module("cp037", Buffer.from("x")),
      "made_up.py": module("klingon", Buffer.from("x")),
      "bom_latin.py": module("latin-1", Buffer.from("x"), true),
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("checks modules whose coding names Python accepts, and names why the others are skipped", async () => {
    const run = await runCli(["check", ".", "--format", "json"], { cwd: root });
    assertFinished(run, "coding declarations");
    const checked = (JSON.parse(run.stdout) as Array<{ file: string; code: string; line: number }>).map((row) => `${row.file}:${row.line} ${row.code}`).sort();
    assert.deepEqual(checked, [
      "cp1252_alias.py:8 AL101",
      "euc.py:8 AL101",
      "iso_dots.py:8 AL101",
      "latin_dash.py:8 AL101",
      "mac.py:8 AL101",
      "utf_sig.py:8 AL101",
      "utf_underscore.py:8 AL101",
    ]);
    assert.match(run.stderr, /ebcdic\.py: not analyzed: the encoding cp037 is not one asynclint can decode/);
    assert.match(run.stderr, /made_up\.py: not analyzed: unknown encoding klingon/);
    assert.match(run.stderr, /bom_latin\.py: not analyzed: the file starts with a UTF-8 byte order mark but declares latin-1/);
  });
});
