// The real-code check (npm run realcode) on a tiny folder of our own: two "projects", a judgments
// file, and the table, targets, unjudged list and sample it prints.
import { spawnSync } from "node:child_process";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { ensureBuilt, REPO } from "./cliHarness";

const SCRIPT = path.join(REPO, "scripts", "realcode", "main.ts");

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function realcode(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: REPO, encoding: "utf8" });
}

describe("npm run realcode", () => {
  let root: string;
  let judgments: string;
  let projects: string;

  before(() => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-realcode-"));
    // Two modules of a device poller: one blocking sleep (judged useful), one in a profiler
    // script (judged moot), one dropped task (judged wrong on purpose, to see the target fail)
    // and one blocking subprocess call nobody judged yet.
    write(
      path.join(root, "corpus", "poller", "poller", "loop.py"),
      [
        "import asyncio",
        "import subprocess",
        "import time",
        "",
        "",
        "async def poll(host):",
        "    time.sleep(1)",
        "    subprocess.run(['ping', '-c', '1', host])",
        "",
        "",
        "async def start(host):",
        "    asyncio.create_task(poll(host))",
        "",
      ].join("\n"),
    );
    write(path.join(root, "corpus", "poller", "tools", "profile.py"), ["import time", "", "", "async def measure():", "    time.sleep(0.5)", ""].join("\n"));
    write(path.join(root, "corpus", "empty", "README.md"), "nothing to check\n");
    projects = path.join(root, "projects.json");
    write(
      projects,
      JSON.stringify({
        projects: [
          { name: "poller", language: "python", repo: "example/poller", commit: "0123456789abcdef0123456789abcdef01234567", kind: "device poller" },
          { name: "empty", language: "python", repo: "example/empty", commit: "fedcba9876543210fedcba9876543210fedcba98", kind: "nothing" },
        ],
      }),
    );
    judgments = path.join(root, "judgments");
    write(
      path.join(judgments, "python.jsonl"),
      [
        { project: "poller", file: "poller/loop.py", line: 7, code: "AL101", verdict: "useful", reason: "sleeps on the loop" },
        { project: "poller", file: "tools/profile.py", line: 5, code: "AL101", verdict: "moot", reason: "a profiler" },
        { project: "poller", file: "poller/loop.py", line: 12, code: "AL302", verdict: "wrong", reason: "judged wrong for the test" },
        // A finding that is no longer reported: it shows up as gone, with its verdict.
        { project: "poller", file: "poller/loop.py", line: 3, code: "AL201", verdict: "wrong", reason: "gone since" },
      ]
        .map((line) => JSON.stringify(line))
        .join("\n") + "\n",
    );
  });

  it("counts findings per code against the judgments and names the missed targets", () => {
    const result = realcode(["--judgments", judgments, "--projects", projects, "--unjudged", "--gone", "--check", path.join(root, "corpus")]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^poller \(example\/poller@0123456789ab\): 4 findings \(AL101 2, AL102 1, AL302 1\)/m);
    assert.match(result.stdout, /^empty \(example\/empty@fedcba987654\): 0 findings \(none\)/m);
    const row = (code: string) => result.stdout.split("\n").find((line) => line.startsWith(code + " "))?.trim().split(/\s+/);
    // code, severity, findings, judged, useful, moot, wrong, wrong %, unjudged, gone
    assert.deepEqual(row("AL101"), ["AL101", "warning", "2", "2", "1", "1", "0", "0%", "0", "0/0/0"]);
    assert.deepEqual(row("AL102"), ["AL102", "warning", "1", "0", "0", "0", "0", "-", "1", "0/0/0"]);
    assert.deepEqual(row("AL201"), ["AL201", "-", "0", "0", "0", "0", "0", "-", "0", "0/0/1"]);
    assert.deepEqual(row("AL302"), ["AL302", "warning", "1", "1", "0", "0", "1", "100%", "0", "0/0/0"]);
    assert.match(result.stdout, /AL302: 1 wrong of 1 judged \(more than 10\.0%\)/);
    assert.match(result.stdout, /all rules: 66\.7% not wrong \(less than 95\.0%\)/);
    assert.match(result.stdout, /unjudged findings \(1\):\n {2}poller:poller\/loop\.py:8:5: AL102 /);
    assert.match(result.stdout, /judged findings no longer reported \(1\):\n {2}wrong {2}poller:poller\/loop\.py:3: AL201 \(gone since\)/);
  });

  it("prints a seeded sample of unjudged findings as judgment lines to fill in", () => {
    const template = path.join(root, "template.jsonl");
    const result = realcode(["--judgments", judgments, "--projects", projects, "--sample", "5", "--template", template, path.join(root, "corpus", "poller")]);
    assert.equal(result.status, 0, result.stderr);
    const lines = fs.readFileSync(template, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines.length, 1);
    assert.deepEqual({ ...lines[0], message: undefined }, { project: "poller", file: "poller/loop.py", line: 8, code: "AL102", verdict: "", pattern: "", reason: "", message: undefined });
  });

  it("names malformed and repeated judgments with their file and line", () => {
    const broken = path.join(root, "broken");
    write(
      path.join(broken, "x.jsonl"),
      ['{"project":"poller","file":"a.py","line":0,"code":"AL101","verdict":"useful","reason":"r"}', "not json", '{"project":"poller","file":"a.py","line":2,"code":"AL101","verdict":"fine","reason":"r"}', ""].join("\n"),
    );
    const result = realcode(["--judgments", broken, "--projects", projects, path.join(root, "corpus", "empty")]);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /x\.jsonl:1: "line" must be a positive integer/);
    assert.match(result.stderr, /x\.jsonl:2: not JSON/);
    assert.match(result.stderr, /x\.jsonl:3: "verdict" must be one of useful, moot, wrong/);
  });

  it("refuses bad options with a message and the usage", () => {
    const result = realcode(["--sample", "zero", path.join(root, "corpus")]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--sample: expected a positive whole number, got zero/);
    assert.match(result.stderr, /usage: npm run realcode/);
  });
});
