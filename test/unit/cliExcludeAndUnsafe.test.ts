import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { asynclint, ensureBuilt, makeTree, removeTree, type JsonRow } from "./cliHarness";

// A blocking sleep (AL101, safe fix) and a loop AL202 rewrites with an unsafe fix only.
const POLLER = "import asyncio\nimport time\n\n\nasync def poll(device):\n    time.sleep(1)\n    await asyncio.sleep(0)\n";
const AUDIT =
  "import asyncio\n\n\nasync def fetch_facts(device):\n    await asyncio.sleep(0)\n    return device\n\n\nasync def audit(devices):\n    for device in devices:\n        await fetch_facts(device)\n";

describe("the CLI honours the project's exclude and unsafeFixes (the same keys as the editor's settings)", () => {
  before(ensureBuilt);
  let root: string;
  after(() => root && removeTree(root));

  it("does not check what exclude names, walking or named on the command line, and counts only what it checked", () => {
    root = makeTree({
      "asynclint.json": JSON.stringify({ exclude: ["generated/", "*_pb2.py"] }),
      "app/poller.py": POLLER,
      "app/device_pb2.py": POLLER,
      "generated/client.py": POLLER,
    });
    const walked = asynclint(["check", ".", "--format", "json"], { cwd: root });
    assert.equal(walked.status, 1, walked.stderr);
    assert.deepEqual([...new Set((JSON.parse(walked.stdout) as JsonRow[]).map((row) => row.file))], ["app/poller.py"]);
    const named = asynclint(["check", "generated/client.py", "app/device_pb2.py"], { cwd: root });
    assert.equal(named.status, 0, `pre-commit passes excluded files by name: ${named.stdout}${named.stderr}`);
    assert.match(asynclint(["check", "."], { cwd: root }).stdout, /\(1 file checked\)/);
  });

  it("applies unsafe fixes with --fix only when the project sets unsafeFixes", () => {
    const safeOnly = makeTree({ "audit.py": AUDIT });
    const unsafe = makeTree({ "audit.py": AUDIT, "asynclint.json": JSON.stringify({ unsafeFixes: true }) });
    try {
      asynclint(["check", "--fix", "."], { cwd: safeOnly });
      assert.equal(fs.readFileSync(path.join(safeOnly, "audit.py"), "utf8"), AUDIT, "AL202's rewrite is unsafe: --fix alone leaves it");
      const result = asynclint(["check", "--fix", "."], { cwd: unsafe });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(fs.readFileSync(path.join(unsafe, "audit.py"), "utf8"), /await asyncio\.gather\(\*\(fetch_facts\(device\) for device in devices\)\)/);
    } finally {
      removeTree(safeOnly);
      removeTree(unsafe);
    }
  });
});
