import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import Ajv from "ajv-draft-04";
import { RULES } from "../../server/src/engine/catalogue";
import { asynclint, CLEAN, ensureBuilt, makeTree, removeTree, SLEEPY, type JsonRow } from "./cliHarness";

const SCHEMA = path.join(__dirname, "..", "fixtures", "sarif", "sarif-2.1.0-rtm.5.json");

interface JsonFixOut {
  applicability: "safe" | "unsafe";
  message: string;
  edits?: Array<{ content: string; location: { row: number; column: number }; end_location: { row: number; column: number } }>;
}

type JsonFindingWithFix = JsonRow & { cell?: number; fix: JsonFixOut | null };

/** Applies edits given as 1-based rows and columns, as a consumer of the JSON would. */
function applyJsonEdits(text: string, edits: NonNullable<JsonFixOut["edits"]>): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (at: { row: number; column: number }) => lineStarts[at.row - 1] + at.column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.location) - offset(a.location));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.location)) + edit.content + result.slice(offset(edit.end_location));
  return result;
}

describe("asynclint check: output formats", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = makeTree({ "app/sleepy.py": SLEEPY, "app/clean.py": CLEAN, "odd name, with: colon.py": SLEEPY });
  });
  after(() => removeTree(root));

  it("text: one `path:line:col: CODE message` line per finding and a summary with counts per code", () => {
    const result = asynclint(["check", "app"], { cwd: root });
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^app\/sleepy\.py:6:5: AL101 `time\.sleep` blocks/);
    assert.match(lines[1], /^app\/sleepy\.py:7:5: AL302 /);
    assert.equal(lines[2], "Found 2 problems in 1 file (2 files checked): 1 × AL101, 1 × AL302.");
    assert.equal(lines[3], "2 fixable with --fix.", "both have a safe fix: AL101 and AL302 (asyncio.create_task kept in a set)");
    assert.equal(lines.length, 4);
    assert.doesNotMatch(result.stdout, /\u001b\[/, "no colour codes in a pipe");
  });

  it("text: a clean tree says so and exits 0", () => {
    const result = asynclint(["check", "app/clean.py"], { cwd: root });
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), "No problems found (1 file checked).");
  });

  it("text: colour when forced (as on a terminal), none with NO_COLOR", () => {
    const coloured = asynclint(["check", "app"], { cwd: root, env: { FORCE_COLOR: "1" } });
    assert.match(coloured.stdout, /\u001b\[1mapp\/sleepy\.py\u001b\[22m:/);
    assert.match(coloured.stdout, /\u001b\[33mAL101\u001b\[39m/, "warnings in yellow");
    const plain = asynclint(["check", "app"], { cwd: root, env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
  });

  it("json: the public contract, 1-based positions, fixable per finding", () => {
    const result = asynclint(["check", "app", "--format", "json"], { cwd: root });
    assert.equal(result.status, 1);
    const rows = JSON.parse(result.stdout) as JsonRow[];
    assert.deepEqual(
      rows.map((row) => [row.file, row.line, row.column, row.endLine, row.endColumn, row.code, row.name, row.severity, row.fixable]),
      [
        ["app/sleepy.py", 6, 5, 6, 18, "AL101", "blocking-sleep", "warning", true],
        ["app/sleepy.py", 7, 5, 7, 32, "AL302", "dangling-task", "warning", true],
      ],
    );
    for (const row of rows) assert.ok(row.message.length > 10);
  });

  it("json: each finding's fix as Ruff writes it (applicability, message, edits), null without one", () => {
    const rows = JSON.parse(asynclint(["check", "app", "--format", "json"], { cwd: root }).stdout) as JsonFindingWithFix[];
    const sleep = rows.find((row) => row.code === "AL101");
    assert.equal(sleep?.fix?.applicability, "safe");
    assert.equal(sleep?.fix?.message, "Replace with `await asyncio.sleep(…)`");
    assert.deepEqual(sleep?.fix?.edits?.[0], { content: "await asyncio.sleep(1)", location: { row: 6, column: 5 }, end_location: { row: 6, column: 18 } });
    const task = rows.find((row) => row.code === "AL302");
    assert.equal(task?.fix?.applicability, "safe", "asyncio.create_task's task kept in a set changes nothing correct code does");
    assert.match(task?.fix?.message ?? "", /`_background_tasks`/);
    for (const row of rows) assert.equal(row.fix === null, !row.fixable, `${row.code}: fix and fixable agree`);
    const timeout = ["import asyncio", "", "", "async def total(items):", "    async with asyncio.timeout(1):", "        result = sum(items)", "    return result", ""].join("\n");
    const tree = makeTree({ "timeout.py": timeout });
    try {
      const [spin] = JSON.parse(asynclint(["check", ".", "--format", "json"], { cwd: tree }).stdout) as JsonFindingWithFix[];
      assert.equal(spin.code, "AL204");
      assert.equal(spin.fixable, false);
      assert.equal(spin.fix, null);
      // A notebook's fix edits the program its cells make: no file positions to give.
      const cell = (lines: string[]) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: lines });
      const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(["import time\n"]), cell(["async def main():\n", "    time.sleep(1)\n"])] };
      fs.writeFileSync(path.join(tree, "poll.ipynb"), JSON.stringify(notebook));
      const [inCell] = JSON.parse(asynclint(["check", "poll.ipynb", "--format", "json"], { cwd: tree }).stdout) as JsonFindingWithFix[];
      assert.equal(inCell.cell, 2);
      assert.deepEqual(inCell.fix, { applicability: "safe", message: "Replace with `await asyncio.sleep(…)`" });
    } finally {
      removeTree(tree);
    }
  });

  it("json: the fix's edits, applied to the file, give what --fix writes; an unsafe fix says so", () => {
    const blocking = ["import subprocess", "", "", "async def backup(host):", "    subprocess.run([\"scp\", host, \"/tmp\"])", ""].join("\n");
    const tree = makeTree({ "sleepy.py": SLEEPY, "backup.py": blocking });
    try {
      const rows = JSON.parse(asynclint(["check", ".", "--format", "json"], { cwd: tree }).stdout) as JsonFindingWithFix[];
      const run = rows.find((row) => row.code === "AL102");
      assert.equal(run?.fix?.applicability, "unsafe");
      assert.match(run?.fix?.message ?? "", /to_thread/);
      for (const [file, unsafe] of [["sleepy.py", false], ["backup.py", true]] as const) {
        const original = fs.readFileSync(path.join(tree, file), "utf8");
        const fixes = rows.filter((row) => row.file === file && row.fix && (unsafe || row.fix.applicability === "safe")).map((row) => row.fix as JsonFixOut);
        assert.ok(fixes.length > 0, file);
        const byJson = applyJsonEdits(original, fixes.flatMap((fix) => fix.edits ?? []));
        asynclint(["check", file, "--fix", ...(unsafe ? ["--unsafe-fixes"] : []), "--exit-zero"], { cwd: tree });
        assert.equal(byJson, fs.readFileSync(path.join(tree, file), "utf8"), file);
        assert.notEqual(byJson, original);
      }
    } finally {
      removeTree(tree);
    }
  });

  it("json: an empty array when clean", () => {
    const result = asynclint(["check", "app/clean.py", "--format", "json"], { cwd: root });
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  it("sarif: valid against the official SARIF 2.1.0 schema, with rules, help, levels, regions and fixes", () => {
    const result = asynclint(["check", ".", "--format", "sarif"], { cwd: root });
    assert.equal(result.status, 1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a SARIF log read back to check its fields
    const log: any = JSON.parse(result.stdout);
    // The schema's one bad pattern (a stray `]`) only compiles without the `u` flag; formats are not checked.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
    const valid: boolean = validate(log) as boolean;
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));

    const run = log.runs[0];
    assert.equal(run.tool.driver.name, "asynclint");
    assert.deepEqual(
      run.tool.driver.rules.map((rule: { id: string }) => rule.id),
      RULES.map((rule) => rule.code),
    );
    const al101 = run.tool.driver.rules.find((rule: { id: string }) => rule.id === "AL101");
    assert.equal(al101.name, "blocking-sleep");
    assert.match(al101.helpUri, /docs\/rules\/AL101\.md$/);
    assert.match(al101.help.markdown, /## Why is this bad/);
    assert.equal(al101.defaultConfiguration.level, "warning");

    const sleep = run.results.find((result: { ruleId: string; locations: [{ physicalLocation: { artifactLocation: { uri: string } } }] }) =>
      result.ruleId === "AL101" && result.locations[0].physicalLocation.artifactLocation.uri === "app/sleepy.py",
    );
    assert.ok(sleep, "the AL101 finding of app/sleepy.py");
    assert.equal(run.tool.driver.rules[sleep.ruleIndex].id, "AL101");
    assert.equal(sleep.locations[0].physicalLocation.artifactLocation.uriBaseId, "%SRCROOT%");
    assert.deepEqual(sleep.locations[0].physicalLocation.region, { startLine: 6, startColumn: 5, endLine: 6, endColumn: 18 });
    const replacements = sleep.fixes[0].artifactChanges[0].replacements;
    assert.ok(replacements.some((r: { insertedContent: { text: string } }) => r.insertedContent.text.includes("asyncio.sleep")));
    // A path with spaces, commas and colons is a valid relative URI: every reserved byte is
    // percent-encoded, so a colon cannot be read as a scheme, and decoding gives the name back.
    const oddUri = "odd%20name%2C%20with%3A%20colon.py";
    assert.equal(decodeURIComponent(oddUri), "odd name, with: colon.py");
    assert.ok(run.results.some((r: { locations: [{ physicalLocation: { artifactLocation: { uri: string } } }] }) => r.locations[0].physicalLocation.artifactLocation.uri === oddUri));
    assert.ok(run.originalUriBaseIds["%SRCROOT%"].uri.endsWith("/"));
  });

  it("sarif: the schema check itself rejects a broken log", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
    assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] }), false);
  });

  it("github: workflow annotation lines, with properties escaped", () => {
    const result = asynclint(["check", ".", "--format", "github"], { cwd: root });
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split("\n");
    assert.ok(lines.includes("::warning file=app/sleepy.py,line=6,col=5,endLine=6,endColumn=18,title=AL101 blocking-sleep::AL101 `time.sleep` blocks the event loop in `async def main`: every other task waits. Use `await asyncio.sleep(…)`."), lines.join("\n"));
    assert.ok(lines.some((line) => line.startsWith("::warning file=odd name%2C with%3A colon.py,line=6,")));
    assert.equal(lines.length, 4, "one line per finding and nothing else");
  });

  it("--statistics: counts per code, most frequent first; as JSON too", () => {
    const text = asynclint(["check", ".", "--statistics"], { cwd: root });
    assert.equal(text.status, 1);
    const lines = text.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "2  AL101  blocking-sleep  (2 fixable)");
    assert.equal(lines[1], "2  AL302  dangling-task   (2 fixable)");
    assert.doesNotMatch(text.stdout, /sleepy\.py:6/, "no per-finding lines");
    const json = asynclint(["check", ".", "--statistics", "--format", "json"], { cwd: root });
    assert.deepEqual(JSON.parse(json.stdout), [
      { code: "AL101", name: "blocking-sleep", count: 2, fixable: 2 },
      { code: "AL302", name: "dangling-task", count: 2, fixable: 2 },
    ]);
  });

  it("--statistics with sarif or github is a usage error", () => {
    const result = asynclint(["check", ".", "--statistics", "--format", "sarif"], { cwd: root });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--statistics works with --format text or json/);
  });

  it("--quiet: the findings and nothing else", () => {
    const result = asynclint(["check", "app", "--quiet"], { cwd: root });
    assert.equal(result.status, 1);
    assert.equal(result.stdout.trimEnd().split("\n").length, 2);
    assert.doesNotMatch(result.stdout, /Found/);
  });

  it("--select and --ignore: by code, prefix or name", () => {
    const rowsOf = (args: string[]) => (JSON.parse(asynclint(["check", "app", "--format", "json", ...args], { cwd: root }).stdout) as JsonRow[]).map((row) => row.code);
    assert.deepEqual(rowsOf([]), ["AL101", "AL302"]);
    assert.deepEqual(rowsOf(["--select", "AL101"]), ["AL101"]);
    assert.deepEqual(rowsOf(["--select", "AL3"]), ["AL302"]);
    assert.deepEqual(rowsOf(["--select", "dangling-task,blocking-sleep"]), ["AL101", "AL302"]);
    assert.deepEqual(rowsOf(["--ignore", "AL101"]), ["AL302"]);
    assert.deepEqual(rowsOf(["--select", "ALL", "--ignore", "AL1", "--ignore", "AL302"]), []);
    const clean = asynclint(["check", "app", "--ignore", "AL101,AL302"], { cwd: root });
    assert.equal(clean.status, 0);
  });

  it("--exit-zero: findings are printed but the exit code is 0", () => {
    const result = asynclint(["check", "app", "--exit-zero"], { cwd: root });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /AL101/);
  });
});
