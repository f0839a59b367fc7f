import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";

const ASYNC_SLEEP = "import time\n\nasync def f():\n    time.sleep(1)\n";

describe("bad input to the engine", () => {
  before(initEngine);

  it("skips a 20 MB file with one clear notice instead of analyzing it", () => {
    const huge = ASYNC_SLEEP + "x = 1\n".repeat(20 * 1024 * 1024 / 6);
    const result = analyzePythonSource({ text: huge }, { settings: defaultSettings() });
    assert.deepEqual(result.findings, []);
    assert.equal(result.notices.length, 1);
    assert.match(result.notices[0].message, /^not analyzed: the file is 20\.0 MB, larger than asynclint\.maxFileSize \(2\.0 MB\)/);
  });

  it("analyzes the same file when the size cap is raised", () => {
    const big = ASYNC_SLEEP + "x = 1\n".repeat(600_000);
    const settings = { ...defaultSettings(), maxFileSize: 8 * 1024 * 1024 };
    assert.deepEqual(analyzePythonSource({ text: big }, { settings }).findings.map((f) => f.code), ["AL101"]);
  });

  it("does not analyze text that looks binary", () => {
    const result = analyzePythonSource({ text: "\u0000\u0001ELF" + ASYNC_SLEEP }, { settings: defaultSettings() });
    assert.deepEqual(result.findings, []);
    assert.match(result.notices[0].message, /looks binary/);
  });

  it("does not analyze a long run of junk that tree-sitter keeps as one flat error", () => {
    const junk = ASYNC_SLEEP + "(".repeat(200_000) + "\n";
    const result = analyzePythonSource({ text: junk }, { settings: defaultSettings() });
    assert.deepEqual(result.findings, []);
    assert.match(result.notices[0].message, /one region that does not parse holds more than 10,000 tokens/);
  });

  it("still analyzes a file with ordinary syntax errors", () => {
    const broken = ASYNC_SLEEP + "def broken(:\n    return (\n";
    assert.deepEqual(analyzePythonSource({ text: broken }, { settings: defaultSettings() }).findings.map((f) => f.code), ["AL101"]);
  });

  it("offers no fix in a function whose definition does not parse, but still fixes the intact ones", () => {
    // The unclosed bracket makes tree-sitter read the lines below it (and `poll`) as more of `backup`'s body.
    const broken = [
      "import asyncio",
      "import subprocess",
      "import time",
      "",
      "",
      "async def backup():",
      "    time.sleep(1)",
      '    subprocess.run((["scp", "cfg"])  # copy the config',
      "    time.sleep(1)",
      "    time.sleep(1)",
      "    asyncio.create_task(backup())",
      "",
      "",
      "async def poll():",
      "    time.sleep(1)",
      "    time.sleep(2)",
      "    return 1",
      "",
    ].join("\n");
    const sleeps = analyzePythonSource({ text: broken }, { settings: defaultSettings() }).findings.filter((f) => f.code === "AL101");
    assert.ok(sleeps.length >= 2, "the blocking sleeps are still reported");
    assert.deepEqual(sleeps.flatMap((f) => f.fixes), []);
    const intact = broken.replace('(["scp", "cfg"])', '["scp", "cfg"])');
    const fixable = analyzePythonSource({ text: intact }, { settings: defaultSettings() }).findings.filter((f) => f.code === "AL101");
    assert.ok(fixable.length >= 4 && fixable.every((f) => f.fixes.length === 1), JSON.stringify(fixable.map((f) => f.fixes.length)));
  });

  it("reports nothing when disabled", () => {
    const settings = { ...defaultSettings(), enable: false };
    assert.deepEqual(analyzePythonSource({ text: ASYNC_SLEEP }, { settings }), { findings: [], notices: [] });
  });
});
