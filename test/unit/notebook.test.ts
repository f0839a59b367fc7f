import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../server/src/cli/main";
import { initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import { analyzeNotebookProgram, fixAllNotebook, toCellFindings } from "../../server/src/notebook/analyzeNotebook";
import { readNotebook, writeNotebook, type NotebookFile } from "../../server/src/notebook/ipynb";
import { maskMagics } from "../../server/src/notebook/magics";
import { analyzeNotebookText, loadNotebookFile } from "../../server/src/notebook/notebookFile";
import { NotebookProgram } from "../../server/src/notebook/notebookProgram";
import { expectationsOf, FIXTURES, listFiles } from "../support/fixtures";

const NOTEBOOKS = path.join(FIXTURES, "notebooks");
const options = () => ({ settings: defaultSettings() });

function read(text: string): NotebookFile {
  const result = readNotebook(text);
  if (!result.ok) throw new Error(result.message);
  return result.notebook;
}

/** `cell N:line:CODE` for what the fixture's cells announce with `# expect:` and for what is found. */
function expectedOf(notebook: NotebookFile): string[] {
  return notebook.cells.flatMap((cell) => expectationsOf(cell.source).map((e) => `cell ${cell.number}:${e.line}:${e.code}`)).sort();
}

describe("notebooks: cells analyzed as one program", () => {
  before(initEngine);

  // Every fixture notebook with `# expect:` lines (the others are read by the tests below).
  for (const file of listFiles(NOTEBOOKS, ".ipynb").filter((f) => fs.readFileSync(f, "utf8").includes("# expect:"))) {
    it(`${path.basename(file)}: exactly the findings its cells announce`, () => {
      const loaded = loadNotebookFile(file);
      assert.ok(loaded.ok);
      const expected = expectedOf(loaded.source.file);
      const result = analyzeNotebookText(loaded.source.text, loaded.source, options(), file);
      const found = result.findings.map((f) => `cell ${f.notebookCell!.cell}:${f.notebookCell!.range.start.line + 1}:${f.code}`).sort();
      assert.deepEqual(found, expected);
    });
  }

  it("places a finding at the cell's own line and column", () => {
    const program = new NotebookProgram(["import asyncio\nasync def go():\n    pass\n", "x = 1\n    \nif x:\n    asyncio.run(go())"]);
    const [finding] = toCellFindings(program, analyzeNotebookProgram(program, options()).findings);
    assert.equal(finding.cell, 1);
    assert.deepEqual(finding.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 21 } });
  });

  it("keeps time.sleep at a cell's top level quiet, and reports it inside async def", () => {
    const top = new NotebookProgram(["import time\ntime.sleep(1)\n"]);
    assert.deepEqual(analyzeNotebookProgram(top, options()).findings, []);
    const inside = new NotebookProgram(["import time\n", "async def f():\n    time.sleep(1)\n"]);
    assert.deepEqual(
      toCellFindings(inside, analyzeNotebookProgram(inside, options()).findings).map((f) => [f.cell, f.code]),
      [[1, "AL101"]],
    );
  });

  it("reports nothing for a top-level await, which a notebook allows", () => {
    const program = new NotebookProgram(["import asyncio\nawait asyncio.sleep(1)\nresult = await asyncio.gather(asyncio.sleep(1))\n"]);
    assert.deepEqual(analyzeNotebookProgram(program, options()).findings, []);
  });

  it("does not report two awaits in different cells as one sequential pair (cells run one at a time)", () => {
    const cells = ["import asyncio\nasync def f(x):\n    return x\n", "a = await f(1)", "b = await f(2)"];
    const joined = new NotebookProgram(cells);
    assert.deepEqual(analyzeNotebookProgram(joined, options()).findings, []);
    // In one cell the same two awaits are a finding, so the cells made the difference.
    const together = new NotebookProgram([cells[0], `${cells[1]}\n${cells[2]}`]);
    assert.deepEqual(analyzeNotebookProgram(together, options()).findings.map((f) => f.code), ["AL201"]);
  });
});

describe("notebooks: IPython magics are masked", () => {
  before(initEngine);

  it("keeps length and line breaks, so every column of the real code stays", () => {
    const source = "%time x = 1\n!ping -c 1 host\nfiles = !ls -la\nobj?\n??obj\n  %debug\nvalue = 2\n";
    const masked = maskMagics(source);
    assert.equal(masked.text.length, source.length);
    assert.deepEqual(masked.text.split("\n").map((line) => line.length), source.split("\n").map((line) => line.length));
    assert.equal(masked.text.split("\n")[2].slice(0, 8), "files = ");
    assert.equal(masked.text.split("\n")[6], "value = 2");
    assert.equal(masked.masks.length, 6);
  });

  it("leaves Python alone: the modulo operator on a continuation line, strings and comments", () => {
    for (const source of ["y = (10\n     % 3)\n", 's = """\n%not a magic\n!nor this\n"""\n', "# is this a question?\nx = 1\n", "total = 1 + \\\n    2\n"]) {
      assert.deepEqual(maskMagics(source), { text: source, masks: [] }, source);
    }
  });

  it("masks a whole %%bash cell, and only the first line of %%time (its body is Python)", () => {
    assert.equal(maskMagics("%%bash\nasyncio.run(main())\n").text.trim(), "");
    assert.equal(maskMagics("%%time\nfetch()\n").text, "0     \nfetch()\n");
  });

  it("does not crash on magics that look like broken Python (a stray triple quote)", () => {
    const source = "!echo '''\nimport asyncio\nasyncio.run(main())\n";
    const masked = maskMagics(source);
    assert.equal(masked.text.split("\n")[2], "asyncio.run(main())");
    const program = new NotebookProgram(["async def main():\n    pass\n", source]);
    assert.deepEqual(analyzeNotebookProgram(program, options()).findings.map((f) => f.code), ["AL401"]);
  });

  it("offers no fix that would touch a magic", () => {
    const program = new NotebookProgram(["%time x = 1"]);
    assert.equal(program.toCellEdit({ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } }, newText: "y" }), undefined);
    assert.equal(program.cellSourcesOf(program.text.replace("0", "1")), undefined);
  });
});

describe("notebooks: edits go back to cells", () => {
  before(initEngine);

  it("turns an insertion after a cell without a final line break into a line of that cell", () => {
    const program = new NotebookProgram(["import time", "x = 1\n"]);
    // The program line after `import time` is the boundary line: inserting at its start ends cell 0.
    const edit = program.toCellEdit({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: "import asyncio\n" });
    assert.ok(edit);
    assert.equal(edit.cell, 0);
    assert.equal(applyEdits("import time", [edit.edit]), "import time\nimport asyncio");
  });

  it("refuses an edit that spans two cells", () => {
    const program = new NotebookProgram(["a = 1\n", "b = 2\n"]);
    assert.equal(program.toCellEdit({ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } }, newText: "" }), undefined);
  });

  it("fix-all changes only the cells that had a fix, magics kept", () => {
    const cells = ["import asyncio\n\nasync def main():\n    pass\n", "%time x = 1\n!ls\nmain()\nasyncio.run(main())\n", "print('clean')\n"];
    const fixed = fixAllNotebook(new NotebookProgram(cells), options());
    assert.ok(fixed);
    assert.deepEqual(fixed.sources, [cells[0], "%time x = 1\n!ls\nawait main()\nawait main()\n", cells[2]]);
    assert.equal(fixed.applied, 2);
  });
});

describe("notebooks: reading and writing .ipynb", () => {
  it("keeps each changed cell's source in its form: a string stays a string, a list stays a list laid out as before", () => {
    const text = JSON.stringify(
      {
        cells: [
          { cell_type: "code", metadata: {}, outputs: [], source: "a = 1\nb = 2" },
          { cell_type: "code", metadata: {}, outputs: [], source: ["c = 3\n", "d = 4"] },
          { cell_type: "code", metadata: {}, outputs: [], source: [] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + "\n";
    const notebook = read(text);
    const written = writeNotebook(notebook, ["a = 1\nb = 20", "c = 3\nd = 40\ne = 5", "f = 6\n"]);
    const parsed = JSON.parse(written);
    assert.equal(parsed.cells[0].source, "a = 1\nb = 20");
    assert.deepEqual(parsed.cells[1].source, ["c = 3\n", "d = 40\n", "e = 5"]);
    assert.deepEqual(parsed.cells[2].source, ["f = 6\n"]);
    // Still exactly the layout the file had (indent 1, final line break).
    assert.equal(written, JSON.stringify(parsed, null, 1) + "\n");
  });

  it("writes nothing new for unchanged cells, byte for byte (escapes and all)", () => {
    const text = '{"cells": [{"cell_type": "code", "source": ["caf\\u00e9 = 1\\n", "x = 2"], "metadata": {}, "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}';
    const notebook = read(text);
    assert.equal(writeNotebook(notebook, [notebook.cells[0].source]), text);
    const changed = writeNotebook(notebook, ["café = 1\nx = 3"]);
    // The unchanged first line keeps its escape; the file stays ASCII as it was.
    assert.match(changed, /"caf\\u00e9 = 1\\n", "x = 3"/);
  });

  it("skips notebooks of other kernels, and cells of other languages or kinds", () => {
    const rKernel = readNotebook(fs.readFileSync(path.join(NOTEBOOKS, "r_kernel.ipynb"), "utf8"));
    assert.deepEqual(rKernel, { ok: false, skipped: true, message: "not analyzed: the notebook's kernel language is R, not Python" });
    const notebook = read(fs.readFileSync(path.join(NOTEBOOKS, "cells_as_one_program.ipynb"), "utf8"));
    assert.ok(!notebook.cells.some((cell) => cell.source.includes("sql cell") || cell.source.includes("raw")));
  });

  it("gives one clear message for malformed JSON, a notebook without cells, or nbformat 3", () => {
    const malformed = readNotebook(fs.readFileSync(path.join(NOTEBOOKS, "malformed.ipynb"), "utf8"));
    assert.equal(malformed.ok, false);
    assert.match(!malformed.ok ? malformed.message : "", /^not a valid notebook: malformed JSON \(.+\)$/);
    assert.deepEqual(readNotebook('{"metadata": {}}'), { ok: false, skipped: false, message: "not a valid notebook: it has no `cells` list (nbformat 4)" });
    const old = readNotebook('{"nbformat": 3, "worksheets": []}');
    assert.equal(old.ok, false);
    assert.match(!old.ok ? old.message : "", /nbformat 3/);
    assert.equal(readNotebook("[1, 2]").ok, false);
    const badSource = readNotebook('{"cells": [{"cell_type": "code", "source": 7}], "nbformat": 4}');
    assert.deepEqual(badSource, { ok: false, skipped: false, message: "not a valid notebook: cell 1 has no `source` string or list of strings" });
  });
});

describe("asynclint check on .ipynb", () => {
  let root: string;
  before(async () => {
    await initEngine();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-notebook-"));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, root);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("reports path:cell N:line:col in text, and the cell in JSON", async () => {
    fs.copyFileSync(path.join(NOTEBOOKS, "cells_as_one_program.ipynb"), path.join(root, "explore.ipynb"));
    const text = await check(["check", "explore.ipynb"]);
    assert.equal(text.code, 1);
    assert.match(text.out, /^explore\.ipynb:cell 4:1:1: AL301 /m);
    assert.match(text.out, /^explore\.ipynb:cell 5:2:5: AL101 /m);
    const json = await check(["check", "explore.ipynb", "--format", "json"]);
    const rows = JSON.parse(json.out) as Array<{ cell: number; line: number; column: number; code: string }>;
    assert.deepEqual(
      rows.map((r) => [r.cell, r.line, r.column, r.code]).find((r) => r[3] === "AL101"),
      [5, 2, 5, "AL101"],
    );
    fs.rmSync(path.join(root, "explore.ipynb"));
  });

  it("--fix rewrites only the fixed cells' source: outputs, metadata, other cells and formatting stay byte for byte", async () => {
    const file = path.join(root, "roundtrip.ipynb");
    const before = fs.readFileSync(path.join(NOTEBOOKS, "fix_roundtrip.ipynb"), "utf8");
    fs.writeFileSync(file, before);
    const result = await check(["check", "roundtrip.ipynb", "--fix"]);
    assert.equal(result.code, 0, result.out + result.err);
    const after = fs.readFileSync(file, "utf8");
    const beforeJson = JSON.parse(before);
    const afterJson = JSON.parse(after);
    assert.equal(afterJson.cells[2].source, "await main()");
    assert.deepEqual(afterJson.cells[3].source, ["%time x = 1\n", "await main()\n", 'print("ok")\n']);
    // Outside the two fixed `source` values, every byte is the same.
    const spans = [2, 3].map((index) => sourceSpan(before, index));
    let cursor = 0;
    let afterCursor = 0;
    for (const span of spans) {
      const unchanged = before.slice(cursor, span.start);
      assert.equal(after.slice(afterCursor, afterCursor + unchanged.length), unchanged);
      afterCursor += unchanged.length + (sourceSpan(after, span.index).end - sourceSpan(after, span.index).start);
      cursor = span.end;
    }
    assert.equal(after.slice(afterCursor), before.slice(cursor));
    for (const index of [0, 1, 4]) assert.deepEqual(afterJson.cells[index], beforeJson.cells[index]);
    assert.deepEqual(afterJson.metadata, beforeJson.metadata);
    assert.equal(after, JSON.stringify(afterJson, null, 1) + "\n", "still laid out as Jupyter writes it");
  });

  it("says once why a malformed notebook or an R notebook is not checked, and goes on", async () => {
    fs.copyFileSync(path.join(NOTEBOOKS, "malformed.ipynb"), path.join(root, "broken.ipynb"));
    fs.copyFileSync(path.join(NOTEBOOKS, "r_kernel.ipynb"), path.join(root, "stats.ipynb"));
    const result = await check(["check", "broken.ipynb", "stats.ipynb"]);
    assert.equal(result.code, 2, "an unreadable notebook is an error");
    assert.equal(result.err.match(/broken\.ipynb/g)?.length, 1, result.err);
    assert.match(result.err, /broken\.ipynb: not a valid notebook: malformed JSON/);
    assert.match(result.err, /stats\.ipynb: not analyzed: the notebook's kernel language is R/);
  });
});

/** The span of the `source` value of cell `index` in a notebook text (read with the same span parser the writer uses). */
function sourceSpan(text: string, index: number): { index: number; start: number; end: number } {
  const notebook = read(text);
  const cell = notebook.cells.find((c) => c.number === index + 1)!;
  return { index, start: cell.sourceNode.start, end: cell.sourceNode.end };
}
