// A module that is only imported is summarized without building its full model (summarizeTree);
// the rules must see exactly what the full model would have given, broken code included.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { writePythonCorpus } from "../../bench/corpus/pythonCorpus";
import { buildModuleModel } from "../../server/src/python/moduleModel";
import { summarizeTree, summaryOfModel, type ModuleSummary } from "../../server/src/python/moduleSummary";
import { loadPython, parsePython } from "../../server/src/python/parser";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";

const REPO = path.join(__dirname, "..", "..");

function plain(summary: ModuleSummary): unknown {
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    asyncFunctions: sorted(summary.asyncFunctions),
    syncFunctions: sorted(summary.syncFunctions),
    functions: [...summary.functions].sort(),
    assigned: sorted(summary.assigned),
    classes: [...summary.classes].map(([name, c]) => [name, sorted(c.asyncMethods), sorted(c.syncMethods), [...c.methods].sort(), sorted(c.assigned)]).sort(),
    imports: [...summary.imports].sort(),
  };
}

function bothWays(text: string): { fromTree: unknown; fromModel: unknown } {
  const tree = parsePython(text);
  try {
    return { fromTree: plain(summarizeTree(tree)), fromModel: plain(summaryOfModel(buildModuleModel(tree, text))) };
  } finally {
    tree.delete();
  }
}

function pythonFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".py"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const EDGE_CASES: Record<string, string> = {
  "signatures for type checkers": [
    "import typing",
    "from typing import TYPE_CHECKING",
    "if typing.TYPE_CHECKING:",
    "    @typing.overload",
    "    def load(path: str) -> dict: ...",
    "else:",
    "    def save(path): ...",
    "class Message:",
    "    if TYPE_CHECKING:",
    "        def __init__(self, *, text: str) -> None: ...",
    "        if True:",
    "            def render(self) -> str: ...",
    "",
  ].join("\n"),
  "conditional and nested definitions": [
    "import asyncio",
    "try:",
    "    from fast import run as go",
    "except ImportError:",
    "    from slow import run as go",
    "if True:",
    "    async def maybe(): ...",
    "else:",
    "    def maybe(): ...",
    "def outer():",
    "    import hidden",
    "    async def inner(): ...",
    "    class Local:",
    "        async def m(self): ...",
    "class Outer:",
    "    import json",
    "    class Inner:",
    "        async def deep(self): ...",
    "    @staticmethod",
    "    async def fetch(): ...",
    "    def fetch(self): ...",
    "    if True:",
    "        async def later(self): ...",
    "    handler = lambda x: x",
    "from . import sibling",
    "from .pkg.mod import name as alias, other",
    "import a.b.c, d as e",
    "",
  ].join("\n"),
  "decorators, async generators and names bound again": [
    "import functools",
    "from functools import wraps as w",
    "def deco(func):",
    "    @functools.wraps(func)",
    "    async def wrapper(*a):",
    "        return await func(*a)",
    "    return wrapper",
    "def factory(n):",
    "    def inner(func):",
    "        return func",
    "    return inner",
    "def not_a_decorator(x):",
    "    x = x + 1",
    "    return x",
    "@deco",
    "@w(deco)",
    "async def decorated(): ...",
    "async def stream():",
    "    def helper():",
    "        yield 1",
    "    yield 2",
    "async def not_a_generator():",
    "    gen = lambda: (yield)",
    "    def inner(x=(yield)): pass",
    "decorated = deco(decorated)",
    "with open('f') as handle: pass",
    "class Service:",
    "    @staticmethod",
    "    @deco",
    "    async def run(): ...",
    "    async def items(self):",
    "        yield self",
    "    run = staticmethod(run)",
    "    if True:",
    "        other = 1",
    "    with open('x') as kept: pass",
    "",
  ].join("\n"),
  "broken code": ["class Broken(:", "    async def half(self", "def ok(): pass", "async def (", "import", "from . import", "lambda: (def x(): pass)", ""].join("\n"),
};

describe("a module's summary read on its own equals the one taken from its full model", () => {
  before(async () => {
    await loadPython();
  });

  for (const [name, text] of Object.entries(EDGE_CASES)) {
    it(name, () => {
      const { fromTree, fromModel } = bothWays(text);
      assert.deepEqual(fromTree, fromModel);
    });
  }

  it("a def under `if TYPE_CHECKING:` is known as a signature whose body never runs, and one in its `else:` is not", () => {
    const tree = parsePython(EDGE_CASES["signatures for type checkers"]);
    try {
      const summary = summarizeTree(tree);
      const typingOnly = (definitions: ReadonlyArray<{ typingOnly?: true }> | undefined) => definitions?.map((facts) => facts.typingOnly === true);
      assert.deepEqual(typingOnly(summary.functions.get("load")), [true]);
      assert.deepEqual(typingOnly(summary.functions.get("save")), [false]);
      const message = summary.classes.get("Message")!;
      assert.deepEqual(typingOnly(message.methods.get("__init__")), [true]);
      assert.deepEqual(typingOnly(message.methods.get("render")), [true], "an if inside the TYPE_CHECKING block");
    } finally {
      tree.delete();
    }
  });

  it("the edge cases are summarized as Python defines module-level names", () => {
    const tree = parsePython(EDGE_CASES["conditional and nested definitions"]);
    try {
      const summary = summarizeTree(tree);
      assert.ok(summary.asyncFunctions.has("maybe") && summary.syncFunctions.has("maybe"));
      assert.ok(!summary.asyncFunctions.has("inner") && !summary.classes.has("Local") && !summary.imports.has("hidden"), "nothing from inside a function");
      assert.deepEqual([...summary.classes.get("Outer")!.asyncMethods].sort(), ["fetch", "later"]);
      assert.equal(summary.imports.get("go"), null, "imported twice from different places");
      assert.deepEqual(summary.imports.get("alias"), { module: "pkg.mod", level: 1, name: "name" });
    } finally {
      tree.delete();
    }
  });

  it("a module nested deeper than the stack would allow for a recursive walk", () => {
    const text = `x = ${"[".repeat(20_000)}1${"]".repeat(20_000)}\nasync def after(): ...\n`;
    const tree = parsePython(text);
    try {
      assert.deepEqual([...summarizeTree(tree).asyncFunctions], ["after"]);
    } finally {
      tree.delete();
    }
  });

  it("every Python file of the repository, whole and cut short at several places", () => {
    const files = [...pythonFilesUnder(path.join(REPO, "test")), ...pythonFilesUnder(path.join(REPO, "examples"))];
    assert.ok(files.length > 10, `found the fixtures (${files.length})`);
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const cut of [text.length, Math.floor(text.length * 0.75), Math.floor(text.length / 2), Math.floor(text.length / 3)]) {
        const { fromTree, fromModel } = bothWays(text.slice(0, cut));
        assert.deepEqual(fromTree, fromModel, `${path.relative(REPO, file)} cut at ${cut}`);
      }
    }
  });

  it("the generated benchmark corpus", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-summary-"));
    try {
      writePythonCorpus(dir, 20_000, 3);
      for (const file of pythonFilesUnder(dir)) {
        const { fromTree, fromModel } = bothWays(fs.readFileSync(file, "utf8"));
        assert.deepEqual(fromTree, fromModel, path.basename(file));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the workspace index takes remembered summaries instead of parsing again", () => {
  before(async () => {
    await loadPython();
  });

  it("a remembered model answers for the file until the file changes on disk", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-remember-"));
    try {
      const lib = path.join(root, "lib.py");
      fs.writeFileSync(lib, "def fetch(): ...\n");
      let parses = 0;
      const index = new PythonWorkspaceIndex([root], undefined, undefined, (_file, text) => {
        parses++;
        return { tree: parsePython(text), kept: false };
      });
      const tree = parsePython("def fetch(): ...\n");
      index.remember(lib, buildModuleModel(tree, "def fetch(): ...\n"));
      tree.delete();
      assert.deepEqual(index.symbol(path.join(root, "main.py"), "lib.fetch"), { kind: "function" });
      assert.equal(parses, 0, "no parse for a remembered module");
      // A different size changes the stamp, so the new text is read and parsed.
      fs.writeFileSync(lib, "async def fetch(): ...\n");
      assert.deepEqual(index.symbol(path.join(root, "main.py"), "lib.fetch"), { kind: "coroutine-function" });
      assert.equal(parses, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
