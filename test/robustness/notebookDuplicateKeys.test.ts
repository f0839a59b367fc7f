import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertFinished, ensureBuilt, runCli, scratchDir, writeFiles } from "./support/cli";

const cell = (source: string[]) => `{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ${JSON.stringify(source)}}`;

/**
 * JSON with a key written twice is still JSON, and JSON.parse (with it Jupyter) takes the last
 * value. A notebook whose `"cells"` appear twice is shown by Jupyter with the second list, so that
 * is the one checked and, with --fix, rewritten; the first list (which nobody sees) is left as it was.
 */
describe("a notebook with two \"cells\" keys", () => {
  let root: string;
  const hidden = cell(["import time\n", "\n", "async def hidden():\n", "    time.sleep(1)\n"]);
  const shown = cell(["import asyncio\n", "import time\n", "\n", "\n", "async def shown():\n", "    time.sleep(2)\n"]);
  const notebook = `{\n "cells": [${hidden}],\n "metadata": {"kernelspec": {"language": "python", "name": "python3"}},\n "nbformat": 4,\n "nbformat_minor": 5,\n "cells": [${shown}]\n}\n`;

  before(() => {
    ensureBuilt();
    root = scratchDir("notebook-keys");
    writeFiles(root, { "twice.ipynb": notebook });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("checks and fixes the last one, as Jupyter shows it", async () => {
    assert.equal((JSON.parse(notebook) as { cells: Array<{ source: string[] }> }).cells[0].source[4], "async def shown():\n");
    const check = await runCli(["check", "twice.ipynb", "--format", "json"], { cwd: root });
    assertFinished(check, "check");
    assert.deepEqual(
      (JSON.parse(check.stdout) as Array<{ cell: number; line: number; code: string; message: string }>).map((row) => `cell ${row.cell}:${row.line} ${row.code} ${/async def (\w+)/.exec(row.message)?.[1]}`),
      ["cell 1:6 AL101 shown"],
    );

    const fix = await runCli(["check", "twice.ipynb", "--fix"], { cwd: root });
    assertFinished(fix, "fix");
    assert.equal(fix.status, 0, fix.stderr);
    const after = fs.readFileSync(path.join(root, "twice.ipynb"), "utf8");
    const parsed = JSON.parse(after) as { cells: Array<{ source: string[] }> };
    assert.match(parsed.cells[0].source.join(""), /async def shown\(\):\n {4}await asyncio\.sleep\(2\)\n/);
    // The hidden list is untouched, byte for byte.
    assert.ok(after.startsWith(`{\n "cells": [${hidden}],`), after.slice(0, 300));
  });
});
