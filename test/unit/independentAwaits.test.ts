import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { defaultSettings } from "../../server/src/engine/settings";
import { concurrentRewriteForSelection } from "../../server/src/python/concurrentRefactor";
import { effectWordIn } from "../../server/src/python/independence";
import { FIXTURES, listFiles } from "../support/fixtures";
import { pythonCompileErrors } from "../support/pythonCompile";

const CODES = new Set(["AL201", "AL202"]);

function findings(text: string, settings = defaultSettings()) {
  return analyzePythonSource({ text }, { settings }).findings.filter((f) => CODES.has(f.code));
}

/** Applies AL201/AL202 fixes one at a time, re-analyzing after each, until none is left. */
export function applyConcurrencyFixes(text: string): { text: string; applied: number } {
  let applied = 0;
  for (let round = 0; round < 50; round++) {
    const fix = findings(text).flatMap((f) => f.fixes)[0];
    if (!fix) return { text, applied };
    text = applyEdits(text, fix.edits);
    applied++;
  }
  throw new Error("fixes did not converge");
}

/** The selection from the start of the line holding `from` to the end of the line holding `to`. */
function selectLines(text: string, from: string, to: string) {
  const lines = new LineIndex(text);
  const start = lines.positionAt(text.indexOf(from));
  const endLine = lines.positionAt(text.indexOf(to)).line;
  return { start: { line: start.line, character: 0 }, end: { line: endLine, character: lines.lineText(endLine).length } };
}

describe("AL201/AL202 fixes, before and after", () => {
  before(initEngine);
  const directory = path.join(FIXTURES, "fixes", "python");
  const pairs = listFiles(directory, ".before.py");

  it("has before/after pairs", () => assert.ok(pairs.length >= 3));

  for (const beforeFile of pairs) {
    it(`${path.basename(beforeFile)} becomes its .after.py, which compiles and is clean`, () => {
      const { text, applied } = applyConcurrencyFixes(fs.readFileSync(beforeFile, "utf8"));
      assert.ok(applied > 0);
      assert.equal(text, fs.readFileSync(beforeFile.replace(".before.py", ".after.py"), "utf8"));
      assert.deepEqual(pythonCompileErrors({ [beforeFile]: text }), {});
      assert.deepEqual(findings(text), []);
    });
  }
});

describe("AL201 reporting", () => {
  before(initEngine);

  it("reports a run once, on its first statement, with the range covering the run", () => {
    const text = "async def main():\n    a = await fetch(1)\n    b = await fetch(2)\n    await fetch(3)\n    return a, b\n\n\nasync def fetch(x):\n    return x\n";
    const [finding, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.equal(finding.code, "AL201");
    assert.deepEqual(finding.range, { start: { line: 1, character: 4 }, end: { line: 3, character: 18 } });
    assert.equal(finding.severity, "information");
    assert.equal(finding.fixes[0].safe, false, "overlapping the calls changes the order of side effects: never applied by fix-all");
  });

  it("reports but offers no fix when `_` already means something in the function (a mixed run would rebind it)", () => {
    const text = "async def main():\n    a = await fetch(_('x'))\n    await fetch('y')\n    return a\n\n\nasync def fetch(x):\n    return x\n";
    const [finding] = findings(text);
    assert.equal(finding.code, "AL201");
    assert.deepEqual(finding.fixes, []);
  });

  it("reports at the top of a notebook, where a loop is running, but not at the top of a module", () => {
    const text = "async def fetch(x):\n    return x\n\n\na = await fetch(1)\nb = await fetch(2)\n";
    assert.equal(analyzePythonSource({ text, notebook: true }, { settings: defaultSettings() }).findings.filter((f) => f.code === "AL201").length, 1);
    assert.equal(findings(text).length, 0);
  });
});

describe("Run these awaits concurrently (refactor)", () => {
  before(initEngine);
  const text = [
    "import asyncio",
    "",
    "async def main(f, g, h, conn):",
    "    a = await f(1)",
    "    b = await g(2)",
    "    c = await h(a)",
    "    await asyncio.sleep(1)",
    "    await conn.send('x')",
    "    await conn.send('y')",
    "    return b, c",
    "",
  ].join("\n");

  it("rewrites the selected independent awaits, and only those", () => {
    const fix = concurrentRewriteForSelection(text, selectLines(text, "a = await", "b = await"));
    assert.ok(fix);
    assert.equal(fix.title, "Run these awaits concurrently");
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /\n {4}a, b = await asyncio\.gather\(f\(1\), g\(2\)\)\n {4}c = await h\(a\)\n/);
  });

  it("is offered for steps that only act through their effects, which AL201 leaves alone", () => {
    const steps = "async def main(db):\n    await create_table(db)\n    await insert_rows(db)\n";
    assert.equal(findings(steps).length, 0);
    const fix = concurrentRewriteForSelection(steps, selectLines(steps, "await create", "await insert"));
    assert.ok(fix);
    assert.match(applyEdits(steps, fix.edits), /await asyncio\.gather\(create_table\(db\), insert_rows\(db\)\)/);
  });

  it("is offered even when AL201 is turned off", () => {
    const settings = defaultSettings();
    settings.rules.AL201 = "off";
    assert.equal(findings(text, settings).length, 0);
    assert.ok(concurrentRewriteForSelection(text, selectLines(text, "a = await", "b = await")));
  });

  it("is not offered for dependent awaits, a pause, the same receiver, one statement or a bare cursor", () => {
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "a = await", "c = await")), undefined, "c reads a");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "c = await", "asyncio.sleep")), undefined, "a sleep orders");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "send('x')", "send('y')")), undefined, "one connection");
    assert.equal(concurrentRewriteForSelection(text, selectLines(text, "b = await", "b = await")), undefined, "one statement");
    const cursor = selectLines(text, "a = await", "a = await").start;
    assert.equal(concurrentRewriteForSelection(text, { start: cursor, end: cursor }), undefined);
  });

  it("is not offered outside a coroutine, or across blocks", () => {
    const sync = "def main(f, g):\n    a = f()\n    b = g()\n";
    assert.equal(concurrentRewriteForSelection(sync, selectLines(sync, "a =", "b =")), undefined);
    const blocks = "async def main(f, g, c):\n    a = await f()\n    if c:\n        b = await g()\n";
    assert.equal(concurrentRewriteForSelection(blocks, selectLines(blocks, "a =", "b =")), undefined);
  });

  it("survives half-typed text and selections past the end", () => {
    const broken = "async def main(f, g):\n    a = await f(\n    b = await\n";
    assert.equal(concurrentRewriteForSelection(broken, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }), undefined);
    assert.equal(concurrentRewriteForSelection("", { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), undefined);
  });
});

describe("AL201/AL202 report only with positive evidence of independence", () => {
  before(initEngine);

  it("reads effects and waits from the words of a name, not from a list of names", () => {
    const acting = {
      wait_for_refresh: "wait",
      wait_all_tasks_blocked: "wait",
      start_unix_server: "start",
      aiohttp_raw_server: "server",
      create_server_for_url_and_handler: "create",
      sendRequest: "send",
      HTTPServer: "server",
      _check_local_unix_connection: "connection",
      open_unix_connection: "open",
      assert_cancelled_on_first_next: "cancelled",
      closing_handshake: "closing",
      emit_startup: "emit",
      pause: "pause",
      checkpoint: "checkpoint",
      add_role: "add",
      update_xauth: "update",
    };
    for (const [name, word] of Object.entries(acting)) assert.equal(effectWordIn(name), word, name);
    for (const name of ["fetch_config", "get_user", "load_headlines", "lookup_xauth", "getaddrinfo", "fetch_facts", "resolve_host", "show", "download", "settings_for"]) {
      assert.equal(effectWordIn(name), undefined, name);
    }
  });

  it("says in the fix titles that the rewrites are unsafe and what they change", () => {
    const pair = "async def main():\n    a = await fetch(1)\n    b = await fetch(2)\n    return a, b\n\n\nasync def fetch(x):\n    return x\n";
    const [sequential] = findings(pair);
    assert.equal(sequential.fixes[0].title, "Run them together with `asyncio.gather` (changes the order the calls start and finish; unsafe)");
    assert.equal(sequential.fixes[0].safe, false);
    const loop = "async def main(urls):\n    for url in urls:\n        await fetch(url)\n\n\nasync def fetch(x):\n    return x\n";
    const [iterations] = findings(loop);
    assert.equal(iterations.fixes[0].title, "Run the iterations together with `asyncio.gather` (starts every call at once and changes the order they finish; unsafe)");
    assert.equal(iterations.fixes[0].safe, false);
  });

  it("stays silent on a side channel, yet offers the refactor when the user selects the awaits", () => {
    const text = [
      "async def echo_test(port):",
      "    server = await start_echo_server(port)",
      "    reply = await query_echo(port, b'ping')",
      "    return server, reply",
      "",
      "",
      "async def start_echo_server(port):",
      "    return port",
      "",
      "",
      "async def query_echo(port, payload):",
      "    return payload",
      "",
    ].join("\n");
    assert.deepEqual(findings(text), []);
    const fix = concurrentRewriteForSelection(text, selectLines(text, "server = await", "reply = await"));
    assert.ok(fix, "the awaits are not provably dependent: the user may still choose to overlap them");
    assert.match(applyEdits(text, fix.edits), /server, reply = await asyncio\.gather\(\s*start_echo_server\(port\),\s*query_echo\(port, b'ping'\),?\s*\)/);
  });

  it("does not offer the refactor for one object under another name", () => {
    const asgi = "async def app(scope, receive, send):\n    await send({'type': 'start'})\n    await send({'type': 'body'})\n";
    assert.equal(concurrentRewriteForSelection(asgi, selectLines(asgi, "await send({'type': 's", "await send({'type': 'b")), undefined, "one send channel");
    const alias = [
      "class Member:",
      "    async def describe(self):",
      "        ask = self.http.query_member",
      "        profile = await ask('profile')",
      "        roles = await ask('roles')",
      "        return profile, roles",
      "",
    ].join("\n");
    assert.equal(concurrentRewriteForSelection(alias, selectLines(alias, "profile = await", "roles = await")), undefined, "a bound method of self");
    const derived = [
      "async def check(app):",
      "    async with app.run_test() as pilot:",
      "        title = await pilot.query_title()",
      "        status = await app.query_status()",
      "        return title, status",
      "",
    ].join("\n");
    assert.equal(concurrentRewriteForSelection(derived, selectLines(derived, "title = await", "status = await")), undefined, "pilot is made from app");
  });
});
