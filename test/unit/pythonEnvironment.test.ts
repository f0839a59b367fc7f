// Installed packages in the workspace's virtual environment are read (never run) to learn which
// of their functions are coroutine functions and which block: fixtures/python_env/env is a fake
// environment of our own writing, with a `.py` package, a package beside a stub and a stub-only one.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";
import { findEnvironments } from "../../server/src/python/environments";
import { PythonWorkspaceIndex, diskReader } from "../../server/src/python/workspaceIndex";
import { expectationsOf, FIXTURES, key } from "../support/fixtures";

const ROOT = path.join(FIXTURES, "python_env");
const CALLER = path.join(ROOT, "backup.py");

function findings(index: PythonWorkspaceIndex) {
  const text = fs.readFileSync(CALLER, "utf8");
  return analyzePythonSource({ text, path: CALLER }, { settings: defaultSettings(), pythonWorkspace: index }).findings;
}

describe("installed packages of the workspace's virtual environment", () => {
  before(initEngine);

  it("finds the environment by its pyvenv.cfg and lists its site-packages", () => {
    const environments = findEnvironments([ROOT], [], undefined);
    assert.deepEqual(
      environments.map((environment) => [path.relative(ROOT, environment.folder), environment.sitePackages.map((dir) => path.relative(ROOT, dir))]),
      [["env", [path.join("env", "lib", "python3.12", "site-packages")]]],
    );
  });

  it("reports dropped coroutines of installed classes (annotations, stubs) and blocking installed helpers, exactly on the annotated lines", () => {
    const index = new PythonWorkspaceIndex([ROOT], diskReader);
    const expected = expectationsOf(fs.readFileSync(CALLER, "utf8")).map(key).sort();
    const actual = findings(index)
      .map((f) => key({ line: f.range.start.line + 1, code: f.code }))
      .sort();
    assert.deepEqual(actual, expected);
    assert.ok(index.modulesReadFromEnvironments >= 3, `read ${index.modulesReadFromEnvironments} modules of the environment`);
  });

  it("points the blocking helper's finding at the call inside the installed package", () => {
    const blocking = findings(new PythonWorkspaceIndex([ROOT], diskReader)).find((f) => f.code === "AL102");
    assert.ok(blocking, "no AL102 finding");
    assert.match(blocking.message, /`fetch_devices\(\)` blocks the event loop in `async def backup`: it calls `urllib\.request\.urlopen` through `_get\(\)` \(_client\.py:5\)/);
    assert.equal(blocking.related?.length, 1);
    assert.equal(path.relative(ROOT, blocking.related![0].file!), path.join("env", "lib", "python3.12", "site-packages", "inventorylib", "_client.py"));
    assert.equal(blocking.related![0].range.start.line, 4);
  });

  it("says nothing of installed names without the environment", () => {
    const index = new PythonWorkspaceIndex([ROOT], diskReader, undefined, undefined, "none");
    assert.deepEqual(findings(index).map((f) => f.code), []);
    assert.equal(index.modulesReadFromEnvironments, 0);
  });
});
