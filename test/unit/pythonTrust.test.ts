// What a Python finding rests on: the event loop library that drives the module, what a
// decorator makes of an `async def`, where an absolute import leads. Each case here is one a
// maintainer of a trio, anyio or decorator-heavy project saw go wrong, with its positive beside it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { OpenDocument } from "../../server/src/lsp/pythonDocument";
import { concurrentRewriteForSelection } from "../../server/src/python/concurrentRefactor";
import { buildModuleModel } from "../../server/src/python/moduleModel";
import { parsePython } from "../../server/src/python/parser";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";
import { expectationsOf, FIXTURES, key, listFiles } from "../support/fixtures";

const RULE_FIXTURES = path.join(FIXTURES, "python");

function analyze(text: string, file = path.join(RULE_FIXTURES, "scratch.py")): Finding[] {
  return analyzePythonSource({ text, path: file }, { settings: defaultSettings(), pythonWorkspace: new PythonWorkspaceIndex([RULE_FIXTURES]) }).findings;
}

function codes(text: string): string[] {
  return analyze(text).map((f) => f.code);
}

function decision(text: string) {
  const tree = parsePython(text);
  try {
    return buildModuleModel(tree, text).eventLoop;
  } finally {
    tree.delete();
  }
}

const lines = (...rows: string[]) => rows.join("\n") + "\n";

/** Asyncio advice of every kind, on code that is the same under any library but for its first lines. */
const ADVICE_BODY = lines(
  "async def fetch(host):",
  "    return host",
  "",
  "async def collect(a, b):",
  "    x = await fetch(a)",
  "    y = await fetch(b)",
  "    return x, y",
  "",
  "async def spawn(loop, host):",
  "    asyncio.create_task(fetch(host))",
  "    loop.call_soon(fetch)",
  "    asyncio.run(fetch(host))",
);

describe("the event loop library of a module", () => {
  before(initEngine);

  const cases: Array<[string, string, string, string]> = [
    ["nothing", "async def f(): ...\n", "unknown", "none"],
    ["import asyncio", "import asyncio\n", "asyncio", "import"],
    ["from trio import sleep", "from trio import sleep\n", "trio", "import"],
    ["import anyio.abc", "import anyio.abc\n", "anyio", "import"],
    ["trio and anyio imported", "import trio\nimport anyio\n", "anyio", "import"],
    ["asyncio and trio imported, nothing else", "import asyncio\nimport trio\n", "trio", "mixed"],
    ["trio.run decides over imports", "import asyncio\nimport trio\ntrio.run(main)\n", "trio", "runner"],
    ["anyio.run", "import asyncio\nimport anyio\nanyio.run(main)\n", "anyio", "runner"],
    ["asyncio.run beside an anyio import", "import asyncio\nimport anyio\nasyncio.run(main())\n", "asyncio", "runner"],
    ["a pytest marker", "import asyncio\nimport pytest\n\n@pytest.mark.trio\nasync def test_x(): ...\n", "trio", "marker"],
    ["pytestmark", "import asyncio\nimport pytest\npytestmark = pytest.mark.anyio\n", "anyio", "marker"],
    ["pytestmark list", "import asyncio\nimport pytest\npytestmark = [pytest.mark.slow, pytest.mark.anyio]\n", "anyio", "marker"],
    ["an anyio_backend fixture", "import asyncio\nimport pytest\n\n@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n", "anyio", "marker"],
    ["an anyio_backend parameter", "import asyncio\n\nasync def test_x(anyio_backend): ...\n", "anyio", "marker"],
    ["a nursery, no import", "async def main(nursery):\n    nursery.start_soon(work)\n", "trio", "api"],
    ["a task group, no import", "async def main(lib):\n    async with lib.create_task_group() as tg: ...\n", "anyio", "api"],
    ["markers of two libraries fall to imports", "import trio\nimport pytest\n\n@pytest.mark.trio\nasync def a(): ...\n@pytest.mark.asyncio\nasync def b(): ...\n", "trio", "import"],
  ];
  for (const [name, text, library, basis] of cases) {
    it(`${name} -> ${library} (${basis})`, () => assert.deepEqual(decision(text), { library, basis }));
  }

  it("asyncio advice is given under asyncio and where nothing says otherwise", () => {
    const asyncio = codes("import asyncio\n" + ADVICE_BODY).sort();
    assert.deepEqual(asyncio, ["AL201", "AL302", "AL303", "AL401"]);
    assert.deepEqual(codes(ADVICE_BODY).sort(), asyncio);
  });

  for (const head of ["import trio\n", "import anyio\n", "import asyncio\nimport trio\n", "import asyncio\nimport pytest\npytestmark = pytest.mark.anyio\n"]) {
    it(`no asyncio advice (gather, create_task, loop callbacks, asyncio.run) under ${JSON.stringify(head)}`, () => {
      assert.deepEqual(codes(head + ADVICE_BODY), []);
    });
  }

  it("the refactor 'Run these awaits concurrently' is asyncio's: not offered under trio", () => {
    const selection = (text: string) => {
      const index = new LineIndex(text);
      const start = index.positionAt(text.indexOf("    x = await"));
      const end = index.positionAt(text.indexOf("    return x, y"));
      return { start, end };
    };
    const asyncio = "import asyncio\n" + ADVICE_BODY;
    assert.ok(concurrentRewriteForSelection(asyncio, selection(asyncio)));
    const trio = "import trio\n" + ADVICE_BODY;
    assert.equal(concurrentRewriteForSelection(trio, selection(trio)), undefined);
  });

  it("an asyncio coroutine never awaited under trio: reported, but awaiting it would raise, so the fix is not safe", () => {
    const [finding] = analyze("import asyncio\nimport trio\n\nasync def main():\n    asyncio.sleep(1)\n");
    assert.equal(finding.code, "AL301");
    assert.deepEqual(finding.fixes.map((f) => f.safe), [false]);
    assert.match(finding.fixes[0].title, /raises unless asyncio/);
    const [underAsyncio] = analyze("import asyncio\n\nasync def main():\n    asyncio.sleep(1)\n");
    assert.deepEqual(underAsyncio.fixes.map((f) => [f.title, f.safe]), [["Add `await`", true]]);
  });

  it("a coroutine never awaited is reported under every library, with that library's advice", () => {
    const body = "async def fetch(): ...\n\nasync def main():\n    fetch()\n";
    const message = (head: string) => analyze(head + body).find((f) => f.code === "AL301")?.message ?? "";
    assert.match(message("import asyncio\n"), /asyncio\.create_task/);
    assert.match(message("import trio\n"), /nursery\.start_soon/);
    assert.match(message("import anyio\n"), /task group/);
  });
});

describe("blocking calls: each library's remedy, safe only where the module shows its library", () => {
  before(initEngine);

  const sleepFix = (text: string) => {
    const finding = analyze(text).find((f) => f.code === "AL101");
    assert.ok(finding, "AL101 is reported");
    return finding.fixes[0];
  };
  const body = "import time\n\nasync def poll():\n    time.sleep(1)\n";

  it("asyncio: `await asyncio.sleep`, safe", () => {
    const fix = sleepFix("import asyncio\n" + body);
    assert.equal(fix.safe, true);
    assert.equal(fix.title, "Replace with `await asyncio.sleep(…)`");
  });

  it("trio and anyio: their own sleep, safe, importing nothing new", () => {
    for (const library of ["trio", "anyio"]) {
      const text = `import ${library}\n` + body;
      const fix = sleepFix(text);
      assert.equal(fix.safe, true);
      // The sleep was `time`'s last use, so its import goes too; nothing is imported in its place.
      assert.equal(applyEdits(text, fix.edits), `import ${library}\n\nasync def poll():\n    await ${library}.sleep(1)\n`);
    }
  });

  it("keeps `import time` while the module still uses it elsewhere", () => {
    const text = "import trio\nimport time\n\nasync def poll():\n    time.sleep(1)\n\ndef stamp():\n    return time.monotonic()\n";
    assert.equal(
      applyEdits(text, sleepFix(text).edits),
      "import trio\nimport time\n\nasync def poll():\n    await trio.sleep(1)\n\ndef stamp():\n    return time.monotonic()\n",
    );
  });

  it("no library in sight: asyncio's sleep offered, but not as safe, and the title says what it assumes", () => {
    const fix = sleepFix(body);
    assert.equal(fix.safe, false);
    assert.match(fix.title, /assumes asyncio/);
  });

  it("asyncio beside trio: reported, no fix", () => {
    assert.deepEqual(sleepFix("import asyncio\nimport trio\n" + body), undefined);
  });

  it("inside a plain `with` block (a lock may be held): not safe, and the title says so", () => {
    const fix = sleepFix("import asyncio\nimport threading\nimport time\nlock = threading.Lock()\n\nasync def poll():\n    with lock:\n        time.sleep(1)\n");
    assert.equal(fix.safe, false);
    assert.match(fix.title, /`with` block/);
  });

  it("trio's thread runner takes positional arguments only: no fix for a call with keywords", () => {
    const text = "import subprocess\nimport trio\n\nasync def ping(host):\n    subprocess.run(['ping', host])\n    subprocess.run(['ping', host], check=True)\n";
    const findings = analyze(text).filter((f) => f.code === "AL102");
    assert.equal(findings.length, 2);
    assert.deepEqual(findings[0].fixes.map((f) => f.edits[0].newText), ["await trio.to_thread.run_sync(subprocess.run, ['ping', host])"]);
    assert.equal(findings[0].fixes[0].safe, false);
    assert.deepEqual(findings[1].fixes, []);
    assert.match(findings[0].message, /trio\.run_process/);
  });
});

describe("AL401's fix", () => {
  before(initEngine);

  it("is safe where the call can only raise, and not inside a try that may catch the error", () => {
    const text = lines(
      "import asyncio",
      "",
      "async def main(): ...",
      "",
      "async def plain():",
      "    asyncio.run(main())",
      "",
      "async def guarded():",
      "    try:",
      "        asyncio.run(main())",
      "    except RuntimeError:",
      "        await main()",
    );
    const fixes = analyze(text)
      .filter((f) => f.code === "AL401")
      .map((f) => f.fixes[0]);
    assert.deepEqual(
      fixes.map((f) => f.safe),
      [true, false],
    );
    assert.match(fixes[1].title, /except/);
  });
});

describe("decorated coroutine functions", () => {
  before(initEngine);

  it("every AL301 fix ('Add `await`') is safe, and offered only on a proven coroutine function", () => {
    const file = path.join(RULE_FIXTURES, "trust_decorators.py");
    const findings = analyze(fs.readFileSync(file, "utf8"), file).filter((f) => f.code === "AL301");
    assert.ok(findings.length >= 8);
    for (const finding of findings) assert.deepEqual(finding.fixes.map((f) => [f.title, f.safe]), [["Add `await`", true]]);
  });

  it("a decorator read in the workspace is followed again when it changes", () => {
    const text = "from trust_decorated.retrying import retry\n\n@retry\nasync def fetch(): ...\n\nasync def main():\n    fetch()\n";
    assert.deepEqual(codes(text), ["AL301"]);
    assert.deepEqual(codes(text.replace("@retry", "@retry_later")), []);
  });
});

describe("package fixtures (a package's modules resolve their imports as Python does)", () => {
  before(initEngine);

  for (const dir of ["trust_absolute_imports", "trust_decorated"]) {
    for (const file of listFiles(path.join(RULE_FIXTURES, dir), ".py")) {
      it(`${dir}/${path.basename(file)}: findings are exactly the annotated lines`, () => {
        const text = fs.readFileSync(file, "utf8");
        const actual = analyze(text, file)
          .map((f) => key({ line: f.range.start.line + 1, code: f.code }))
          .sort();
        assert.deepEqual(actual, expectationsOf(text).map(key).sort());
      });
    }
  }

  it("an absolute import in a script folder (no package) still finds the script's neighbours", () => {
    const file = path.join(RULE_FIXTURES, "AL301_unawaited_coroutine.py");
    const findings = analyze("import netpkg\n\nasync def main(host):\n    netpkg.connect(host)\n", file);
    assert.deepEqual(findings.map((f) => f.code), ["AL301"]);
  });
});

describe("incremental analysis follows module-wide facts", () => {
  before(initEngine);

  /** Opens the text, applies one edit, and checks the result against a fresh analysis; returns the codes. */
  function afterEdit(text: string, from: string, to: string): string[] {
    const file = path.join(RULE_FIXTURES, "incremental_trust.py");
    const workspace = new PythonWorkspaceIndex([RULE_FIXTURES]);
    const settings = defaultSettings();
    const document = new OpenDocument(TextDocument.create(`file://${file}`, "python", 1, text));
    try {
      const options = { settings, filePath: file, workspace, workspaceKey: "0" };
      document.analysis.analyze(document.pythonTree(), document.text, options);
      const at = text.indexOf(from);
      const index = new LineIndex(text);
      document.applyChanges([{ range: { start: index.positionAt(at), end: index.positionAt(at + from.length) }, text: to }], 2);
      const incremental = document.analysis.analyze(document.pythonTree(), document.text, options);
      assert.deepEqual(incremental, analyzePythonSource({ text: document.text, path: file }, { settings, pythonWorkspace: workspace }));
      return incremental.findings.map((f) => f.code);
    } finally {
      document.dispose();
    }
  }

  it("an import that changes the library changes what unchanged statements report", () => {
    const text = "import asyncio\n\n\nasync def fetch(host): ...\n\n\nasync def main(a, b):\n    x = await fetch(a)\n    y = await fetch(b)\n    return x, y\n";
    assert.deepEqual(afterEdit(text, "import asyncio", "import trio"), []);
    assert.deepEqual(afterEdit(text.replace("import asyncio", "import trio"), "import trio", "import asyncio"), ["AL201"]);
  });

  it("a decorator's definition changing changes the finding on a call in another statement", () => {
    const text = lines(
      "import functools",
      "",
      "",
      "def traced(func):",
      "    @functools.wraps(func)",
      "    async def wrapper(*args):",
      "        return await func(*args)",
      "    return wrapper",
      "",
      "",
      "@traced",
      "async def fetch(): ...",
      "",
      "",
      "async def main():",
      "    fetch()",
    );
    // The wrapper becomes a sync def: `fetch()` no longer makes a coroutine.
    assert.deepEqual(afterEdit(text, "    async def wrapper", "    def wrapper"), []);
    assert.deepEqual(afterEdit(text.replace("    async def wrapper", "    def wrapper"), "    def wrapper", "    async def wrapper"), ["AL301"]);
  });
});
