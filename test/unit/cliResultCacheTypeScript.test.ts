import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CacheOptions } from "../../server/src/cli/cachedRun";
import type { RunContext } from "../../server/src/cli/fileOutcome";
import { runCli } from "../../server/src/cli/main";
import { createRunContext } from "../../server/src/cli/runFiles";
import { typescript } from "../../server/src/typescript/cliLanguage";
import { makeTree, removeTree } from "./cliHarness";

// Two projects of a network-automation repo: `ops` (its own tsconfig, a client library typed by a
// package in node_modules) and `site` (another tsconfig). A call to an async function without
// `await` (AL301) is a finding only the types of the imported module give.
const OPS_CONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES5", "ES2015.Promise"], module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ["src"] });
const SITE_CONFIG = OPS_CONFIG;
const CLIENT_TYPES = "export declare function connect(host: string): Promise<void>;\n";
const DEVICES = ["export async function send(command: string): Promise<string> {", "  return command;", "}", "", "export function hostname(host: string): string {", "  return host.toUpperCase();", "}", ""].join("\n");
const JOBS = ["import { connect } from \"netclient\";", "import { send } from \"./devices\";", "", "export async function backup(host: string): Promise<void> {", "  connect(host);", "  send(\"show running-config\");", "}", ""].join("\n");
const REPORT = ["import { render } from \"./render\";", "", "export async function report(rows: string[]): Promise<void> {", "  render(rows);", "}", ""].join("\n");
const RENDER = ["export async function render(rows: string[]): Promise<string> {", "  return rows.join(\"\\n\");", "}", ""].join("\n");
const PAGE = ["export async function load(url: string): Promise<string> {", "  return url;", "}", "", "export async function page(): Promise<void> {", "  load(\"/status\");", "}", ""].join("\n");

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, cwd);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("asynclint check: the result cache for TypeScript projects", () => {
  let root: string;
  before(() => {
    root = makeTree({
      "ops/tsconfig.json": OPS_CONFIG,
      "ops/node_modules/netclient/package.json": JSON.stringify({ name: "netclient", version: "1.0.0", types: "index.d.ts" }),
      "ops/node_modules/netclient/index.d.ts": CLIENT_TYPES,
      "ops/src/devices.ts": DEVICES,
      "ops/src/jobs.ts": JOBS,
      "ops/src/report.ts": REPORT,
      "site/tsconfig.json": SITE_CONFIG,
      "site/src/page.ts": PAGE,
    });
  });
  after(() => removeTree(root));

  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const projectFiles = () => ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts", "ops/src/render.ts", "site/src/page.ts"].filter((file) => fs.existsSync(path.join(root, file)));

  /** A run as `asynclint check` in `root` makes it (a new context each time), with what it had to check. */
  async function run(dir: string, files = projectFiles()): Promise<{ checked: string[]; findings: string[]; notes: string[] }> {
    const options: CacheOptions = { dir: path.join(root, dir), key: { version: "test", build: "test", cwd: root, ignore: [] } };
    const context: RunContext = createRunContext({ cwd: root, fixMode: "off", unsafeFixes: false, settings: { ignore: [] } });
    const report = await typescript.analyzeThroughCache!(
      files.map((file) => path.join(root, file)),
      context,
      options,
    );
    const relative = (file: string) => path.relative(root, file);
    return {
      checked: report.checked.map(relative).sort(),
      findings: report.outcomes.flatMap((outcome) => outcome.findings.map((finding) => `${relative(outcome.file)}:${finding.range.start.line + 1} ${finding.code}`)).sort(),
      notes: report.outcomes.flatMap((outcome) => outcome.messages.map((message) => `${relative(outcome.file)}: ${message.text}`)),
    };
  }

  it("checks nothing on a warm run, and after an edit checks that project only, with the findings a cold run gives", async () => {
    const cold = await run("cache-a");
    assert.deepEqual(cold.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts", "site/src/page.ts"]);
    assert.deepEqual(cold.findings, ["ops/src/jobs.ts:5 AL301", "ops/src/jobs.ts:6 AL301", "site/src/page.ts:6 AL301"]);
    const warm = await run("cache-a");
    assert.deepEqual(warm.checked, [], "nothing changed: no TypeScript file checked");
    assert.deepEqual(warm.findings, cold.findings);

    // `send` is no longer async: the file that imports it loses its finding, so the whole `ops` program is checked again, `site` is not.
    write("ops/src/devices.ts", DEVICES.replace("export async function send(command: string): Promise<string>", "export function send(command: string): string"));
    const edited = await run("cache-a");
    assert.deepEqual(edited.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"]);
    assert.deepEqual(edited.findings, ["ops/src/jobs.ts:5 AL301", "site/src/page.ts:6 AL301"]);
    assert.deepEqual((await run("cache-a")).checked, []);
    write("ops/src/devices.ts", DEVICES);
    assert.deepEqual((await run("cache-a")).findings, cold.findings);
  });

  it("checks the program again when a typing under node_modules changes", async () => {
    await run("cache-b");
    write("ops/node_modules/netclient/index.d.ts", "export declare function connect(host: string): void;\n");
    const edited = await run("cache-b");
    assert.deepEqual(edited.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"]);
    assert.deepEqual(edited.findings, ["ops/src/jobs.ts:6 AL301", "site/src/page.ts:6 AL301"], "connect() returns nothing to await now");
    write("ops/node_modules/netclient/index.d.ts", CLIENT_TYPES);
    assert.deepEqual((await run("cache-b")).findings, ["ops/src/jobs.ts:5 AL301", "ops/src/jobs.ts:6 AL301", "site/src/page.ts:6 AL301"]);
    // Module resolution read the package's package.json: its "types" naming another file gives connect() another type.
    write("ops/node_modules/netclient/callbacks.d.ts", "export declare function connect(host: string): void;\n");
    assert.deepEqual((await run("cache-b")).checked, [], "a file nothing reads");
    write("ops/node_modules/netclient/package.json", JSON.stringify({ name: "netclient", version: "1.0.0", types: "callbacks.d.ts" }));
    const retyped = await run("cache-b");
    assert.deepEqual(retyped.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"]);
    assert.deepEqual(retyped.findings, ["ops/src/jobs.ts:6 AL301", "site/src/page.ts:6 AL301"]);
    write("ops/node_modules/netclient/package.json", JSON.stringify({ name: "netclient", version: "1.0.0", types: "index.d.ts" }));
  });

  it("checks the program again when its tsconfig changes", async () => {
    await run("cache-c");
    write("site/tsconfig.json", SITE_CONFIG.replace('"strict":true', '"strict":false'));
    assert.deepEqual((await run("cache-c")).checked, ["site/src/page.ts"]);
    assert.deepEqual((await run("cache-c")).checked, []);
    write("site/tsconfig.json", SITE_CONFIG);
    assert.deepEqual((await run("cache-c")).checked, ["site/src/page.ts"]);
  });

  it("sees a file added where the tsconfig includes it (an importer's finding appears), and the file deleted again", async () => {
    const files = ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts", "site/src/page.ts"];
    const before = await run("cache-d", files);
    assert.ok(!before.findings.includes("ops/src/report.ts:4 AL301"), "./render does not exist: nothing is known of render()");
    // Not even among the files of the run: the tsconfig's include alone makes it part of the program.
    write("ops/src/render.ts", RENDER);
    const added = await run("cache-d", files);
    assert.deepEqual(added.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"]);
    assert.ok(added.findings.includes("ops/src/report.ts:4 AL301"), added.findings.join(", "));
    assert.deepEqual((await run("cache-d", files)).checked, []);
    fs.rmSync(path.join(root, "ops/src/render.ts"));
    const deleted = await run("cache-d", files);
    assert.deepEqual(deleted.checked, ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"]);
    assert.deepEqual(deleted.findings, before.findings);
  });

  it("never takes a broken tsconfig's files for good ones: its notice comes with them, another breakage checks them again", async () => {
    const good = await run("cache-e");
    write("site/tsconfig.json", "{ \"compilerOptions\": { \"strict\": true, }");
    const broken = await run("cache-e");
    assert.deepEqual(broken.checked, ["site/src/page.ts"]);
    assert.ok(broken.notes.some((note) => note.startsWith("site/src/page.ts: cannot be used")), broken.notes.join("\n"));
    const again = await run("cache-e");
    assert.deepEqual(again.checked, [], "the same breakage: the same outcome, notice included");
    assert.deepEqual(again.notes, broken.notes);
    write("site/tsconfig.json", JSON.stringify({ extends: "@netops/tsconfig-base", include: ["src"] }));
    const otherwise = await run("cache-e");
    assert.deepEqual(otherwise.checked, ["site/src/page.ts"]);
    assert.ok(otherwise.notes.some((note) => note.includes("@netops/tsconfig-base")), otherwise.notes.join("\n"));
    // Back as it was: the outcome of the program as it was then, which nothing it read has changed since.
    write("site/tsconfig.json", SITE_CONFIG);
    const fixed = await run("cache-e");
    assert.deepEqual(fixed.checked, []);
    assert.deepEqual(fixed.notes, []);
    assert.deepEqual(fixed.findings, good.findings);
  });

  it("ignores a torn cache file (a run killed while writing): the program whose line was cut is checked again, the other still comes from the cache", async () => {
    const cold = await run("cache-f");
    const dir = path.join(root, "cache-f");
    const [name] = fs.readdirSync(dir).filter((file) => file.startsWith("typescript-"));
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    const lines = text.trimEnd().split("\n");
    assert.equal(lines.length, 3, "a header and one line per program");
    const lastIsOps = lines[2].includes("/ops/tsconfig.json");
    fs.writeFileSync(path.join(dir, name), text.slice(0, text.length - Math.floor(lines[2].length / 2)));
    const torn = await run("cache-f");
    assert.deepEqual(torn.checked, lastIsOps ? ["ops/src/devices.ts", "ops/src/jobs.ts", "ops/src/report.ts"] : ["site/src/page.ts"]);
    assert.deepEqual(torn.findings, cold.findings);
    fs.writeFileSync(path.join(dir, name), lines[0].slice(0, 20));
    assert.equal((await run("cache-f")).checked.length, 4, "no header: nothing is trusted");
  });

  it("gives byte-identical JSON cold and warm in a folder of Python and TypeScript, and --no-cache the same", async () => {
    const mixed = makeTree({
      "tsconfig.json": SITE_CONFIG,
      "src/page.ts": PAGE,
      "tools/poll.py": ["import time", "", "", "async def poll():", "    time.sleep(1)", ""].join("\n"),
    });
    try {
      const dir = path.join(mixed, "cache");
      const cold = await cli(["check", ".", "--format", "json", "--cache-dir", dir], mixed);
      assert.ok(cold.out.includes("AL301") && cold.out.includes("AL101"), cold.out);
      const names = fs.readdirSync(dir).sort();
      assert.ok(names.some((name) => name.startsWith("results-")) && names.some((name) => name.startsWith("typescript-")), names.join(", "));
      const warm = await cli(["check", ".", "--format", "json", "--cache-dir", dir], mixed);
      assert.deepEqual(warm, cold);
      assert.deepEqual(await cli(["check", ".", "--format", "json", "--no-cache"], mixed), cold);
      // An edit in the TypeScript file shows in the next cached run; the Python finding stays.
      fs.writeFileSync(path.join(mixed, "src/page.ts"), PAGE.replace('  load("/status");', '  await load("/status");'));
      const edited = await cli(["check", ".", "--format", "json", "--cache-dir", dir], mixed);
      assert.ok(!edited.out.includes("AL301") && edited.out.includes("AL101"), edited.out);
      assert.deepEqual(await cli(["check", ".", "--format", "json", "--no-cache"], mixed), edited);
    } finally {
      removeTree(mixed);
    }
  });
});
