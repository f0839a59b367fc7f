import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PARALLEL_THRESHOLD, threadsFor } from "../../server/src/cli/checkFiles";
import { asynclint, CLEAN, ensureBuilt, makeTree, removeTree, SLEEPY } from "./cliHarness";

const UNAWAITED = ["from .base import connect", "", "", "async def main():", "    connect()", ""].join("\n");
const BASE = ["async def connect():", "    return 1", ""].join("\n");
// A helper module checked before any module importing it (its name sorts first), and the coroutine that calls its helper last.
const INVENTORY = ["import subprocess", "", "", "def ping(host):", '    return subprocess.run(["ping", "-c", "1", host])', ""].join("\n");
const AUDIT = ["from .aa_inventory import ping", "", "", "async def audit():", '    ping("core1")', ""].join("\n");

describe("asynclint check on a big tree: worker threads", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    const files: Record<string, string> = { "pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/aa_inventory.py": INVENTORY, "pkg/zz_audit.py": AUDIT };
    // Enough files for the CLI to spread them over threads by default where it has 3 cores or more.
    for (let i = 0; i < 150; i++) {
      const kind = i % 3;
      files[`pkg/m${String(i).padStart(3, "0")}.py`] = kind === 0 ? SLEEPY : kind === 1 ? UNAWAITED : CLEAN;
    }
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it("finds the same problems, in the same order, with one thread or several (imports resolved across modules in each)", () => {
    const single = asynclint(["check", "pkg", "--format", "json", "--jobs", "1"], { cwd: root });
    const automatic = asynclint(["check", "pkg", "--format", "json"], { cwd: root });
    const three = asynclint(["check", "pkg", "--format", "json", "--jobs", "3"], { cwd: root });
    assert.equal(single.status, 1);
    const rows = JSON.parse(single.stdout) as Array<{ code: string }>;
    assert.equal(rows.filter((row) => row.code === "AL101").length, 50);
    assert.equal(rows.filter((row) => row.code === "AL301").length, 50, "the coroutine imported from pkg/base.py is known");
    const throughHelper = (rows as Array<{ code: string; file: string; message: string }>).filter((row) => row.code === "AL102");
    assert.deepEqual(throughHelper.map((row) => [row.file.split(/[\\/]/).pop(), /aa_inventory\.py:5\b/.test(row.message)]), [["zz_audit.py", true]], "a helper of a module checked before its importer");
    assert.equal(automatic.stdout, single.stdout);
    assert.equal(three.stdout, single.stdout);
    assert.equal(automatic.stderr, "");
  });

  it("fixes the same way with several threads", () => {
    const diffSingle = asynclint(["check", "pkg", "--diff", "--jobs", "1"], { cwd: root });
    const diffThreads = asynclint(["check", "pkg", "--diff", "--jobs", "2"], { cwd: root });
    assert.equal(diffSingle.status, 1);
    assert.equal(diffThreads.stdout, diffSingle.stdout);
    assert.equal((diffThreads.stdout.match(/^\+\+\+ b\//gm) ?? []).length, 100, "50 sleeps and 50 missing awaits, each in its own file");
  });
});

describe("asynclint check: how many threads by default", () => {
  it("leaves a core to V8's own threads on big trees, and uses one thread on small trees or 2 cores", () => {
    assert.equal(threadsFor(PARALLEL_THRESHOLD, undefined, 2), 1);
    assert.equal(threadsFor(PARALLEL_THRESHOLD, undefined, 4), 3);
    assert.equal(threadsFor(PARALLEL_THRESHOLD, undefined, 1), 1);
    assert.equal(threadsFor(PARALLEL_THRESHOLD - 1, undefined, 8), 1);
  });

  it("takes --jobs as given, up to the cores available", () => {
    assert.equal(threadsFor(10, 2, 4), 2);
    assert.equal(threadsFor(10, 6, 4), 4);
  });
});
