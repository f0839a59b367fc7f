import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { writeLargeModule, writePythonCorpus } from "../../bench/corpus/pythonCorpus";
import { randomEdits, type EditModel } from "../../bench/sections/editorLatency";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings, type Settings } from "../../server/src/engine/settings";
import { OpenDocument } from "../../server/src/lsp/pythonDocument";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";

/**
 * The server re-analyzes only the top-level statements an edit touched. Whatever the edits, its
 * findings (codes, ranges, messages, fixes, suppressions) must be those of a fresh analysis of the
 * whole text: checked after every one of many seeded random edits, through the same calls the
 * server makes (OpenDocument's incremental tree and its IncrementalPythonAnalysis).
 */
const FIXTURES = path.join(__dirname, "..", "fixtures", "python");

/** Extra edits that change what the rest of the module sees: definitions, imports, module variables. */
const PIECES = ["x", "(", ")", ":", " ", "\n", "    ", "async ", "await ", "import asyncio\n", "def f():\n    pass\n", "time.sleep(1)", "# asynclint: ignore\n", "# noqa: ASYNC251", "= Client()", "\"\"\""];

function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Insertions, deletions and replacements of a few characters at seeded random offsets, some of whole statements. */
function mixedEdits(text: string, count: number, seed: number): Edit[] {
  const next = random(seed);
  let document = TextDocument.create("file:///edits.py", "python", 0, text);
  const edits: Edit[] = [];
  for (let i = 0; i < count; i++) {
    const length = document.getText().length;
    const a = Math.floor(next() * (length + 1));
    const b = Math.min(length, a + (next() < 0.4 ? Math.floor(next() * 4) : 0));
    const edit = { range: { start: document.positionAt(a), end: document.positionAt(b) }, text: PIECES[Math.floor(next() * PIECES.length)] };
    edits.push(edit);
    document = TextDocument.update(document, [edit], i + 1);
  }
  return edits;
}

function checkEdits(file: string, text: string, edits: readonly Edit[], settings: Settings, workspace?: PythonWorkspaceIndex): void {
  const document = new OpenDocument(TextDocument.create(`file://${file}`, "python", 1, text));
  const options = { settings, filePath: file, workspace, workspaceKey: "0" };
  try {
    let version = 1;
    const compare = (what: string) => {
      const incremental = document.analysis.analyze(document.pythonTree(), document.text, options);
      const fresh = analyzePythonSource({ text: document.text, path: file }, { settings, pythonWorkspace: workspace });
      assert.deepEqual(incremental, fresh, `${path.basename(file)}: ${what}`);
    };
    compare("as opened");
    for (const edit of edits) {
      document.applyChanges([edit], ++version);
      compare(`after edit ${version - 1} (${JSON.stringify(edit)})`);
    }
  } finally {
    document.dispose();
  }
}

describe("incremental analysis of an open Python document", () => {
  let corpus: string;
  let workspace: PythonWorkspaceIndex;
  let bigModule: string;

  before(async () => {
    await initEngine();
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-incremental-"));
    writePythonCorpus(corpus, 3_000, 21);
    bigModule = writeLargeModule(corpus, 1_500);
    workspace = new PythonWorkspaceIndex([corpus]);
  });

  after(() => fs.rmSync(corpus, { recursive: true, force: true }));

  for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".py"))) {
    it(`equals a fresh analysis after each of 120 random edits to ${name}`, () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, "utf8");
      checkEdits(file, text, mixedEdits(text, 120, name.length * 7919), defaultSettings());
    });
  }

  for (const model of ["scattered", "typo-and-fix"] as EditModel[]) {
    it(`equals a fresh analysis after each of 60 ${model} edits to a generated module that imports its workspace`, () => {
      const text = fs.readFileSync(bigModule, "utf8");
      checkEdits(bigModule, text, randomEdits(text, 60, 5, model), defaultSettings(), workspace);
    });
  }

  it("equals a fresh analysis after edits that rename definitions, add imports and module variables", () => {
    const text = fs.readFileSync(bigModule, "utf8");
    checkEdits(bigModule, text, mixedEdits(text, 60, 99), defaultSettings(), workspace);
  });

  describe("when an edit changes what the module defines or imports", () => {
    const file = path.join(os.tmpdir(), "facts.py");
    const text = ["import asyncio", "from time import sleep", "", "", "async def fetch():", "    await asyncio.sleep(1)", "", "", "async def blocking():", "    sleep(1)", "", "", "async def main():", "    fetch()", "", "", "async def quiet():", "    await asyncio.sleep(2)", ""].join("\n");
    const settings = defaultSettings();

    /** Applies one edit; returns the findings (checked against a fresh analysis) and how many statements were re-read. */
    function afterEdit(edit: Edit): { codes: string[]; reanalyzed: number } {
      const document = new OpenDocument(TextDocument.create(`file://${file}`, "python", 1, text));
      try {
        const options = { settings, filePath: file, workspaceKey: "0" };
        const opened = document.analysis.analyze(document.pythonTree(), document.text, options);
        assert.deepEqual(opened.findings.map((f) => f.code), ["AL101", "AL301"]);
        document.applyChanges([edit], 2);
        const incremental = document.analysis.analyze(document.pythonTree(), document.text, options);
        assert.deepEqual(incremental, analyzePythonSource({ text: document.text, path: file }, { settings }));
        return { codes: incremental.findings.map((f) => f.code), reanalyzed: document.analysis.lastReanalyzed };
      } finally {
        document.dispose();
      }
    }

    it("re-reads a call to a function that stops being async, and only it and the definition", () => {
      // `fetch()` in main no longer makes a coroutine; `blocking` and `quiet` do not name `fetch`.
      const { codes, reanalyzed } = afterEdit({ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } }, text: "" });
      assert.deepEqual(codes, ["AL101"]);
      assert.equal(reanalyzed, 2);
    });

    it("re-reads a call through an import that was removed, and keeps statements that do not use it", () => {
      // `sleep` is no longer known; `main`'s fix may add an import, so it is re-read too; `fetch`, `quiet` and `import asyncio` are kept.
      const { codes, reanalyzed } = afterEdit({ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: "" });
      assert.deepEqual(codes, ["AL301"]);
      assert.equal(reanalyzed, 2);
    });

    it("keeps every other statement when an edit changes no facts", () => {
      const { codes, reanalyzed } = afterEdit({ range: { start: { line: 17, character: 24 }, end: { line: 17, character: 25 } }, text: "3" });
      assert.deepEqual(codes, ["AL101", "AL301"]);
      assert.equal(reanalyzed, 1);
    });
  });

  it("follows settings: a rule turned off, then on again", () => {
    const file = path.join(FIXTURES, "AL101_blocking_sleep.py");
    const text = fs.readFileSync(file, "utf8");
    const document = new OpenDocument(TextDocument.create(`file://${file}`, "python", 1, text));
    try {
      const on = defaultSettings();
      const off: Settings = { ...on, rules: { ...on.rules, AL101: "off" } };
      const codes = (settings: Settings) => document.analysis.analyze(document.pythonTree(), document.text, { settings, filePath: file, workspaceKey: "0" }).findings.map((f) => f.code);
      assert.ok(codes(on).includes("AL101"));
      assert.ok(!codes(off).includes("AL101"));
      assert.ok(codes(on).includes("AL101"));
    } finally {
      document.dispose();
    }
  });
});
