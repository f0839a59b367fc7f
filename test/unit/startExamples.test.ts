import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.join(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist", "cli.js");

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What `npm start` shows a new user: the bundled examples, linted by the built CLI. */
describe("the CLI on examples/ (npm start)", () => {
  it("prints each finding like a compiler and exits 1", () => {
    const { code, stdout } = run(["check", "examples"]);
    assert.equal(code, 1);
    const lines = stdout.trim().split("\n");
    const findings = lines.filter((line) => /^examples\/\S+:\d+:\d+: AL\d{3} /.test(line));
    const where = findings.map((line) => line.split(" ").slice(0, 2).join(" "));
    assert.deepEqual(where, [
      "examples/inventory.py:22:5: AL201",
      "examples/inventory.py:29:5: AL202",
      "examples/inventory.py:44:5: AL201",
      "examples/poll_devices.py:15:14: AL102",
      "examples/poll_devices.py:28:9: AL301",
      "examples/poll_devices.py:32:12: AL102",
      "examples/poll_devices.py:33:14: AL102",
      "examples/poll_devices.py:34:5: AL101",
      "examples/poll_devices.py:40:9: AL302",
      "examples/poll_devices.py:43:5: AL401",
      "examples/web/status.ts:14:10: AL102",
      "examples/web/status.ts:19:3: AL202",
      "examples/web/status.ts:22:3: AL301",
      "examples/web/status.ts:27:3: AL201",
      "examples/web/status.ts:33:17: AL303",
    ]);
    assert.ok(findings.some((l) => l.startsWith("examples/poll_devices.py:34:5: AL101 `time.sleep` blocks the event loop in `async def backup`")));
    assert.match(stdout, /^Found 15 problems in 3 files \(6 files checked\)/m);
  });

  it("finds nothing in the example written correctly and exits 0", () => {
    const { code, stdout } = run(["check", "examples/clean_client.py", "examples/netops"]);
    assert.equal(code, 0);
    assert.match(stdout, /No problems found/);
    assert.match(stdout, /3 files checked/);
  });

  it("prints the public JSON contract", () => {
    const { code, stdout } = run(["check", "examples", "--format", "json"]);
    assert.equal(code, 1);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.equal(rows.length, 15);
    const sleep = rows.find((r) => r.code === "AL101")!;
    assert.deepEqual(
      { file: sleep.file, line: sleep.line, column: sleep.column, endLine: sleep.endLine, endColumn: sleep.endColumn, name: sleep.name, severity: sleep.severity, fixable: sleep.fixable },
      { file: "examples/poll_devices.py", line: 34, column: 5, endLine: 34, endColumn: 18, name: "blocking-sleep", severity: "warning", fixable: true },
    );
    for (const row of rows) {
      for (const field of ["file", "line", "column", "endLine", "endColumn", "code", "name", "severity", "message", "fixable"]) {
        assert.ok(field in row, `missing ${field}`);
      }
    }
  });

  it("exits 2 on bad usage and on a path that does not exist, after checking the rest", () => {
    assert.equal(run(["lint"]).code, 2);
    assert.equal(run(["check", "--format", "xml"]).code, 2);
    const missing = run(["check", "no/such/dir", "examples/clean_client.py"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no\/such\/dir: no such file or directory/);
    assert.match(missing.stdout + missing.stderr, /1 file checked/);
  });
});
