import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { checkThroughCache, type CacheOptions } from "../../server/src/cli/cachedRun";
import { runCli } from "../../server/src/cli/main";
import { createRunContext, runPerFile } from "../../server/src/cli/runFiles";
import type { RunContext } from "../../server/src/cli/fileOutcome";
import { BIN, ensureBuilt, makeTree, removeTree } from "./cliHarness";

// A device library and the jobs that use it: `connect` is a coroutine function, so the job that
// calls it without `await` has a finding that depends on devices.py's facts.
const DEVICES = ["import asyncio", "", "", "async def connect(host):", "    await asyncio.sleep(0)", "    return host", "", "", "def hostname(host):", "    return host.upper()", ""].join("\n");
const JOB = ["from netlib.devices import connect", "", "", "async def backup(host):", "    connect(host)", ""].join("\n");
const REPORT = ["import time", "", "", "async def report():", "    time.sleep(1)", ""].join("\n");

async function check(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, cwd);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe("asynclint check: the result cache", () => {
  let root: string;
  before(() => {
    root = makeTree({ "netlib/__init__.py": "", "netlib/devices.py": DEVICES, "jobs/__init__.py": "", "jobs/backup.py": JOB, "jobs/report.py": REPORT });
  });
  after(() => removeTree(root));

  /** The cache as `asynclint check` in `root` uses it, recording which files each run had to check. */
  function cachedRun(dir: string, tree = root, names = ["netlib/__init__.py", "netlib/devices.py", "jobs/__init__.py", "jobs/backup.py", "jobs/report.py"]): { run: () => Promise<{ checked: string[]; findings: string[]; messages: string[] }> } {
    const options: CacheOptions = { dir, key: { version: "test", build: "test", cwd: tree, ignore: [] } };
    const files = names.map((file) => path.join(tree, file));
    const run = async () => {
      // A new context per run, as each `asynclint check` process makes.
      const context: RunContext = createRunContext({ cwd: tree, fixMode: "off", unsafeFixes: false, settings: { ignore: [] } });
      const report = await checkThroughCache(files, context, options, (some) => runPerFile(some, context, () => undefined), () => undefined);
      const findings = report.outcomes.flatMap((outcome) => outcome.findings.map((finding) => `${path.relative(tree, outcome.file)}:${finding.range.start.line + 1} ${finding.code} ${finding.message}`)).sort();
      return { checked: report.checked.map((file) => path.relative(tree, file)).sort(), findings: findings.map((finding) => finding.split(" ").slice(0, 2).join(" ")), messages: findings };
    };
    return { run };
  }

  it("gives the same report from the cache on a second run, and keeps the cache folder out of git", async () => {
    const dir = path.join(root, "cache-a");
    const first = await check(["check", ".", "--format", "json", "--cache-dir", dir], root);
    assert.equal(first.code, 1);
    assert.ok(first.out.includes("AL301") && first.out.includes("AL101"), first.out);
    assert.deepEqual(cacheFiles(dir).filter((name) => name.endsWith(".jsonl")).length, 1);
    assert.equal(fs.readFileSync(path.join(dir, ".gitignore"), "utf8").split("\n").includes("*"), true);
    const second = await check(["check", ".", "--format", "json", "--cache-dir", dir], root);
    assert.deepEqual(second, first);
    const third = await check(["check", ".", "--cache-dir", dir], root);
    const uncached = await check(["check", ".", "--no-cache"], root);
    assert.deepEqual(third, uncached, "the text report too");
  });

  it("takes unchanged files from the cache, and after an edit checks that file and, when its facts changed, its importers only", async () => {
    const { run } = cachedRun(path.join(root, "cache-b"));
    const cold = await run();
    assert.equal(cold.checked.length, 5);
    assert.deepEqual(cold.findings, ["jobs/backup.py:5 AL301", "jobs/report.py:5 AL101"]);
    assert.deepEqual((await run()).checked, [], "nothing changed: nothing checked");

    // Inside a coroutine's body: the module's facts for its importers are the same.
    fs.writeFileSync(path.join(root, "netlib/devices.py"), DEVICES.replace("asyncio.sleep(0)", "asyncio.sleep(0.1)"));
    const bodyEdit = await run();
    assert.deepEqual(bodyEdit.checked, ["netlib/devices.py"]);
    assert.deepEqual(bodyEdit.findings, cold.findings);

    // Inside a sync function's body: what it blocks on may have changed for a coroutine calling it from an importer.
    fs.writeFileSync(path.join(root, "netlib/devices.py"), DEVICES.replace("asyncio.sleep(0)", "asyncio.sleep(0.1)").replace("host.upper()", "host.lower()"));
    const helperEdit = await run();
    assert.deepEqual(helperEdit.checked, ["jobs/backup.py", "netlib/devices.py"]);
    assert.deepEqual(helperEdit.findings, cold.findings);

    // `connect` is no longer a coroutine function: the job calling it is checked again, and its finding goes.
    fs.writeFileSync(path.join(root, "netlib/devices.py"), DEVICES.replace("async def connect(host):\n    await asyncio.sleep(0)", "def connect(host):\n    pass"));
    const factsEdit = await run();
    assert.deepEqual(factsEdit.checked, ["jobs/backup.py", "netlib/devices.py"]);
    assert.deepEqual(factsEdit.findings, ["jobs/report.py:5 AL101"]);
    assert.deepEqual((await run()).checked, []);

    fs.writeFileSync(path.join(root, "netlib/devices.py"), DEVICES);
    const back = await run();
    assert.deepEqual(back.checked, ["jobs/backup.py", "netlib/devices.py"]);
    assert.deepEqual(back.findings, cold.findings);
  });

  it("checks the importers again when a sync helper they call changes: what it blocks on, and the line it blocks at", async () => {
    const inventory = ["import asyncio", "import subprocess", "", "", "async def poll(host):", "    await asyncio.sleep(0)", "", "", "def ping(host):", "    return host", ""].join("\n");
    const audit = ["from inventory import ping", "", "", "async def audit():", '    ping("core1")', ""].join("\n");
    const tree = makeTree({ "inventory.py": inventory, "audit.py": audit });
    try {
      const { run } = cachedRun(path.join(tree, ".cache"), tree, ["inventory.py", "audit.py"]);
      assert.deepEqual((await run()).findings, []);
      const blocking = inventory.replace("    return host", '    return subprocess.run(["ping", host])');
      fs.writeFileSync(path.join(tree, "inventory.py"), blocking);
      const helperEdit = await run();
      assert.deepEqual(helperEdit.checked, ["audit.py", "inventory.py"]);
      assert.deepEqual(helperEdit.findings, ["audit.py:5 AL102"]);
      assert.match(helperEdit.messages[0], /inventory\.py:10\b/);
      // A line more in the coroutine above: the blocking call the importer's message names is a line lower.
      const longer = blocking.replace("    await asyncio.sleep(0)", "    await asyncio.sleep(0)\n    await asyncio.sleep(0)");
      fs.writeFileSync(path.join(tree, "inventory.py"), longer);
      const moved = await run();
      assert.deepEqual(moved.checked, ["audit.py", "inventory.py"]);
      assert.match(moved.messages[0], /inventory\.py:11\b/);
      // Inside the coroutine, on the same lines: nothing the importer shows changed.
      fs.writeFileSync(path.join(tree, "inventory.py"), longer.replace("asyncio.sleep(0)", "asyncio.sleep(1)"));
      const coroutineEdit = await run();
      assert.deepEqual(coroutineEdit.checked, ["inventory.py"]);
      assert.match(coroutineEdit.messages[0], /inventory\.py:11\b/);
    } finally {
      removeTree(tree);
    }
  });

  it("ignores a corrupt entry or a torn file: those files are checked again, the others still come from the cache", async () => {
    const dir = path.join(root, "cache-c");
    const { run } = cachedRun(dir);
    const cold = await run();
    const [file] = cacheFiles(dir).filter((name) => name.endsWith(".jsonl"));
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    const broken = lines.map((line) => (line.includes("jobs/report.py") ? line.slice(0, Math.floor(line.length / 2)) : line));
    fs.writeFileSync(path.join(dir, file), broken.join("\n"));
    const afterCorruption = await run();
    assert.deepEqual(afterCorruption.checked, ["jobs/report.py"]);
    assert.deepEqual(afterCorruption.findings, cold.findings);

    // A run killed half-way through writing (the header cut): nothing is trusted, everything is checked.
    fs.writeFileSync(path.join(dir, file), lines[0].slice(0, 20));
    assert.equal((await run()).checked.length, 5);
    fs.writeFileSync(path.join(dir, file), "not json\n\u0000\u0000");
    const garbage = await run();
    assert.equal(garbage.checked.length, 5);
    assert.deepEqual(garbage.findings, cold.findings);
  });

  it("writes nothing with --no-cache or ASYNCLINT_NO_CACHE, and nothing in --fix runs", async () => {
    const dir = path.join(root, "cache-d");
    await check(["check", ".", "--no-cache", "--cache-dir", dir], root);
    assert.deepEqual(cacheFiles(dir), []);
    process.env.ASYNCLINT_NO_CACHE = "1";
    try {
      await check(["check", ".", "--cache-dir", dir], root);
    } finally {
      delete process.env.ASYNCLINT_NO_CACHE;
    }
    assert.deepEqual(cacheFiles(dir), []);
    await check(["check", ".", "--diff", "--cache-dir", dir], root);
    assert.deepEqual(cacheFiles(dir), []);
  });

  it("checks again when the settings change: a rule turned off in the configuration, or --select", async () => {
    const dir = path.join(root, "cache-e");
    const first = await check(["check", ".", "--format", "json", "--cache-dir", dir], root);
    assert.ok(first.out.includes("AL101"));
    fs.writeFileSync(path.join(root, "asynclint.json"), JSON.stringify({ rules: { AL101: "off" } }));
    try {
      // The configuration is read once per process and folder: a new process would see it, here the test makes a fresh tree's worth of lookups.
      const { invalidateProjectConfig } = await import("../../server/src/engine/projectConfig");
      invalidateProjectConfig();
      const configured = await check(["check", ".", "--format", "json", "--cache-dir", dir], root);
      assert.ok(!configured.out.includes("AL101"), configured.out);
      assert.ok(configured.out.includes("AL301"));
    } finally {
      fs.rmSync(path.join(root, "asynclint.json"));
      const { invalidateProjectConfig } = await import("../../server/src/engine/projectConfig");
      invalidateProjectConfig();
    }
    const selected = await check(["check", ".", "--format", "json", "--select", "AL301", "--cache-dir", dir], root);
    assert.ok(!selected.out.includes("AL101") && selected.out.includes("AL301"));
    assert.deepEqual(await check(["check", ".", "--format", "json", "--cache-dir", dir], root), first);
  });

  it("takes its folder from the configuration's cacheDir, relative to the configuration file", async () => {
    const project = makeTree({ "pyproject.toml": '[tool.asynclint]\ncacheDir = "build-cache/asynclint"\n', "app.py": REPORT });
    try {
      const run = await check(["check", "."], project);
      assert.equal(run.err, "");
      assert.ok(cacheFiles(path.join(project, "build-cache", "asynclint")).some((name) => name.endsWith(".jsonl")));
      assert.deepEqual(cacheFiles(path.join(project, ".asynclint_cache")), []);
    } finally {
      removeTree(project);
    }
  });

  it("stays whole under concurrent runs: each writes its own temporary file and renames it", async () => {
    ensureBuilt();
    const dir = path.join(root, "cache-f");
    const env = { ...process.env, ASYNCLINT_NO_CACHE: undefined };
    const runProcess = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, "check", ".", "--format", "json", "--exit-zero", "--cache-dir", dir], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
        const chunks: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(new Error(`exit ${code}`))));
      });
    const outputs = await Promise.all([runProcess(), runProcess(), runProcess()]);
    const uncached = await check(["check", ".", "--format", "json", "--exit-zero", "--no-cache"], root);
    for (const output of outputs) assert.equal(output.trimEnd(), uncached.out);
    assert.equal((await runProcess()).trimEnd(), uncached.out);
    assert.deepEqual(cacheFiles(dir).filter((name) => name.endsWith(".tmp")), [], "no temporary file is left behind");
    const [file] = cacheFiles(dir).filter((name) => name.endsWith(".jsonl"));
    for (const line of fs.readFileSync(path.join(dir, file), "utf8").trim().split("\n")) JSON.parse(line);
  });
});
