// Test code and per-path rule levels, as a user meets them through the CLI and project config.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { invalidateProjectConfig, settingsForFile } from "../../server/src/engine/projectConfig";
import { invalidateProjectFolders } from "../../server/src/engine/pathRules";
import { validateSettings } from "../../server/src/engine/settings";
import { asynclint, ensureBuilt, makeTree, removeTree, SLEEPY, type JsonRow } from "./cliHarness";

/** A blocking sleep (AL101) and a dropped task (AL302) in one coroutine, at lines 6 and 7. */
const POLLER = SLEEPY;
const SCRIPT = ["import subprocess", "", "", "async def backup(host):", "    subprocess.run(['scp', host + ':/cfg', '.'])", ""].join("\n");

function findings(root: string, args: string[] = []): string[] {
  const result = asynclint(["check", ".", "--format", "json", ...args], { cwd: root });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return (JSON.parse(result.stdout) as JsonRow[]).map((row) => `${row.file}:${row.line} ${row.code}`).sort();
}

describe("test code and per-path rules", () => {
  before(() => ensureBuilt());

  describe("the CLI with the defaults", () => {
    let root: string;
    before(() => {
      root = makeTree({
        "pyproject.toml": "[project]\nname = 'poller'\n",
        "poller/loop.py": POLLER,
        "tests/test_loop.py": POLLER,
        "poller/loop_test.py": POLLER,
        "conftest.py": POLLER,
        "web/status.test.ts": "import * as fs from 'node:fs';\nexport async function read(): Promise<string> {\n  return fs.readFileSync('status.txt', 'utf8');\n}\n",
        "web/status.ts": "import * as fs from 'node:fs';\nexport async function read(): Promise<string> {\n  return fs.readFileSync('status.txt', 'utf8');\n}\n",
      });
    });
    after(() => removeTree(root));

    it("reports blocking calls in library code but not in tests; a dropped task is reported in both", () => {
      assert.deepEqual(findings(root), [
        "conftest.py:7 AL302",
        "poller/loop.py:6 AL101",
        "poller/loop.py:7 AL302",
        "poller/loop_test.py:7 AL302",
        "tests/test_loop.py:7 AL302",
        "web/status.ts:3 AL102",
      ]);
    });

    it("--select names a rule to check it in tests too", () => {
      assert.deepEqual(findings(root, ["--select", "AL101"]), ["conftest.py:6 AL101", "poller/loop.py:6 AL101", "poller/loop_test.py:6 AL101", "tests/test_loop.py:6 AL101"]);
    });
  });

  describe("the CLI with project configuration", () => {
    it("testFiles: [] treats no file as test code", () => {
      const root = makeTree({ "asynclint.json": JSON.stringify({ testFiles: [] }), "tests/test_loop.py": POLLER });
      try {
        assert.deepEqual(findings(root), ["tests/test_loop.py:6 AL101", "tests/test_loop.py:7 AL302"]);
      } finally {
        removeTree(root);
      }
    });

    it("testRules replaces the defaults whole, and testFiles can name other folders", () => {
      const root = makeTree({
        "pyproject.toml": '[tool.asynclint]\ntestFiles = ["scenarios/"]\n\n[tool.asynclint.testRules]\nAL302 = "off"\n',
        "scenarios/lab.py": POLLER,
        "tests/test_loop.py": POLLER,
      });
      try {
        assert.deepEqual(findings(root), ["scenarios/lab.py:6 AL101", "tests/test_loop.py:6 AL101", "tests/test_loop.py:7 AL302"]);
      } finally {
        removeTree(root);
      }
    });

    it("perFileRules sets levels per pattern, anchored to the configuration's folder when the pattern has a slash", () => {
      const root = makeTree({
        "asynclint.json": JSON.stringify({ perFileRules: { "/tools/": { AL102: "off" }, "legacy_*.py": { "blocking-sleep": "hint" } } }),
        "tools/backup.py": SCRIPT,
        "app/tools/backup.py": SCRIPT,
        "app/legacy_poller.py": POLLER,
      });
      try {
        const result = asynclint(["check", ".", "--format", "json"], { cwd: root });
        const rows = JSON.parse(result.stdout) as JsonRow[];
        assert.deepEqual(rows.map((row) => `${row.file}:${row.line} ${row.code} ${row.severity}`).sort(), [
          "app/legacy_poller.py:6 AL101 hint",
          "app/legacy_poller.py:7 AL302 warning",
          "app/tools/backup.py:5 AL102 warning",
        ]);
      } finally {
        removeTree(root);
      }
    });

    it("an invalid pattern list or level is named once, and the defaults stay", () => {
      const root = makeTree({ "asynclint.json": JSON.stringify({ testFiles: "tests", perFileRules: { "scripts/": { AL102: "loud" } } }), "tests/test_loop.py": POLLER });
      try {
        const result = asynclint(["check", "."], { cwd: root });
        assert.match(result.stderr, /asynclint\.testFiles: "tests" is not valid \(a list of \.gitignore-style patterns such as \["tests\/", "test_\*\.py"\]\); using the default\./);
        assert.match(result.stderr, /asynclint\.perFileRules\.scripts\/\.AL102: "loud" is not valid/);
        assert.match(result.stdout, /tests\/test_loop\.py:7:5: AL302/);
        assert.doesNotMatch(result.stdout, /AL101/);
      } finally {
        removeTree(root);
      }
    });
  });

  describe("the project root the patterns are relative to", () => {
    let root: string;
    before(() => {
      // A whole project that lives inside a folder named `test` (a checkout in ~/test, a fixture workspace).
      root = makeTree({ "test/lab/asynclint.json": "{}", "test/lab/poller.py": POLLER, "test/loose/poller.py": POLLER, "test/loose/.git/HEAD": "ref: refs/heads/main\n" });
      invalidateProjectConfig();
      invalidateProjectFolders();
    });
    after(() => removeTree(root));

    const levelOf = (file: string, roots: string[] = []) => settingsForFile(path.join(root, file), undefined, roots).settings.rules.AL101;

    it("is the folder of the configuration file", () => assert.equal(levelOf("test/lab/poller.py"), undefined));
    it("else the nearest folder with a project marker", () => assert.equal(levelOf("test/loose/poller.py"), undefined));
    it("an editor's workspace folder holding the file comes before a marker above it", () => {
      fs.rmSync(path.join(root, "test/loose/.git"), { recursive: true });
      invalidateProjectFolders();
      assert.equal(levelOf("test/loose/poller.py", [path.join(root, "test/loose")]), undefined);
      assert.equal(levelOf("test/loose/poller.py", [root]), "off");
    });
    it("editor settings are validated the same way", () => {
      assert.deepEqual(validateSettings({ testRules: { "await-in-loop": "warning" } }).settings.testRules, { AL202: "warning" });
      assert.match(validateSettings({ perFileRules: [] }).problems[0], /asynclint\.perFileRules: \[\] is not valid/);
    });
  });
});
