import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { initEngine } from "../../server/src/engine/analyze";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";

// The index remembers which files each folder holds (a stat per candidate path was most of a
// workspace scan's time); these check that it still notices modules created and deleted.
describe("workspace index and files that come and go", () => {
  let root: string;
  before(async () => {
    await initEngine();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-index-"));
    fs.mkdirSync(path.join(root, "pkg"));
    fs.writeFileSync(path.join(root, "pkg", "__init__.py"), "");
    fs.writeFileSync(path.join(root, "pkg", "old.py"), "async def fetch():\n    pass\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("finds a module created after a failed lookup once the change is reported", () => {
    const index = new PythonWorkspaceIndex([root]);
    const main = path.join(root, "main.py");
    assert.equal(index.symbol(main, "pkg.fresh.fetch").kind, "unknown");
    const created = path.join(root, "pkg", "fresh.py");
    fs.writeFileSync(created, "async def fetch():\n    pass\n");
    index.invalidate(created);
    assert.equal(index.symbol(main, "pkg.fresh.fetch").kind, "coroutine-function");
    assert.equal(index.symbol(main, "pkg.old.fetch").kind, "coroutine-function");
  });

  it("forgets a deleted module once the change is reported", () => {
    const index = new PythonWorkspaceIndex([root]);
    const main = path.join(root, "main.py");
    const doomed = path.join(root, "pkg", "doomed.py");
    fs.writeFileSync(doomed, "async def fetch():\n    pass\n");
    assert.equal(index.symbol(main, "pkg.doomed.fetch").kind, "coroutine-function");
    fs.rmSync(doomed);
    index.invalidate(doomed);
    assert.equal(index.symbol(main, "pkg.doomed.fetch").kind, "unknown");
  });

  it("matches module names with their exact case, as Python's import does", () => {
    const index = new PythonWorkspaceIndex([root]);
    assert.equal(index.symbol(path.join(root, "main.py"), "pkg.OLD.fetch").kind, "unknown");
  });
});
