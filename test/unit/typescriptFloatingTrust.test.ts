import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { analyzeTypeScriptSource } from "../../server/src/engine/analyze";
import { defaultSettings, validateSettings, type Settings } from "../../server/src/engine/settings";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";
import { isTypeTestFile } from "../../server/src/typescript/typeTests";

/**
 * AL301 under the settings that change it (checkThenables, safePromiseCalls, safePromiseTypes), and
 * the code it leaves alone on purpose (type tests, `@ts-expect-error` lines), on the trust-* fixtures.
 * The fixtures' own markers say which lines change: `checkThenables: AL301`, `listed: quiet`.
 */
const PROJECT = path.join(__dirname, "..", "fixtures", "typescript", "project");
const SOURCES = path.join(PROJECT, "src");

const unsaved = new Map<string, { text: string; version: number }>();
let version = 0;
const projects = new TypeScriptProjects((file) => unsaved.get(file), [PROJECT]);

function fixture(name: string): string {
  return normalizeFileName(path.join(SOURCES, name));
}

function al301Lines(file: string, settings: Settings, text?: string): number[] {
  if (text !== undefined) unsaved.set(file, { text, version: ++version });
  projects.documentChanged();
  try {
    return analyzeTypeScriptSource(file, { settings, projects })
      .findings.filter((f) => f.code === "AL301")
      .map((f) => f.range.start.line + 1)
      .sort((a, b) => a - b);
  } finally {
    if (unsaved.delete(file)) projects.documentChanged();
  }
}

function markedLines(file: string, marker: RegExp): number[] {
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .flatMap((line, index) => (marker.test(line) ? [index + 1] : []));
}

function configured(raw: unknown): Settings {
  const { settings, problems } = validateSettings(raw);
  assert.deepEqual(problems, []);
  return settings;
}

describe("AL301 reports real promises; thenables only with typescript.checkThenables", () => {
  for (const name of ["trust-thenables.ts", "floating.ts"]) {
    it(`${name}: the thenable lines are quiet by default and reported with checkThenables`, () => {
      const file = fixture(name);
      const promises = markedLines(file, /expect: AL301/);
      const thenables = markedLines(file, /checkThenables: AL301/);
      assert.ok(thenables.length > 0);
      assert.deepEqual(al301Lines(file, defaultSettings()), promises);
      const withThenables = al301Lines(file, configured({ typescript: { checkThenables: true } }));
      assert.deepEqual(withThenables, [...promises, ...thenables].sort((a, b) => a - b));
    });
  }
});

describe("typescript.safePromiseCalls and safePromiseTypes", () => {
  const file = fixture("trust-known-safe.ts");
  const settings = configured({
    typescript: {
      safePromiseCalls: [{ name: "add", from: "trust-jobqueue" }, "notifyLater"],
      safePromiseTypes: [{ name: "QueuedJob", from: "trust-jobqueue" }],
    },
  });

  it("silence the listed calls and types, by name and module, and nothing else", () => {
    const reported = markedLines(file, /expect: AL301/);
    const listed = markedLines(file, /listed: quiet/);
    assert.equal(listed.length, 3);
    assert.deepEqual(al301Lines(file, defaultSettings()), reported);
    assert.deepEqual(
      al301Lines(file, settings),
      reported.filter((line) => !listed.includes(line)),
    );
  });

  it("a `from` that names another module does not match", () => {
    const elsewhere = configured({ typescript: { safePromiseCalls: [{ name: "add", from: "bullmq" }], safePromiseTypes: [{ name: "QueuedJob", from: "bullmq" }] } });
    assert.deepEqual(al301Lines(file, elsewhere), markedLines(file, /expect: AL301/));
  });

  it("`Type.method` names the interface or class too", () => {
    const text = fs.readFileSync(file, "utf8");
    const queueAdd = configured({ typescript: { safePromiseCalls: ["Queue.add"] } });
    const otherAdd = configured({ typescript: { safePromiseCalls: ["Scheduler.add"] } });
    const addLine = text.split("\n").findIndex((line) => line.includes('backups.add("backup"')) + 1;
    assert.ok(!al301Lines(file, queueAdd).includes(addLine));
    assert.ok(al301Lines(file, otherAdd).includes(addLine));
  });
});

describe("test-runner registrations", () => {
  it("node:test's test/describe/it/suite (and .only/.skip/.todo, subtests) are quiet; a floating promise inside a test is not", () => {
    const file = fixture("trust-test-runners.test.ts");
    const expected = markedLines(file, /expect: AL301/);
    assert.equal(expected.length, 1);
    assert.deepEqual(al301Lines(file, defaultSettings()), expected);
  });

  it("the runner is known by where the function is declared: the same file importing `test` from elsewhere is reported", () => {
    const file = fixture("trust-test-runners.test.ts");
    const text = fs.readFileSync(file, "utf8");
    // Our own helpers with the same names, returning promises.
    const lookalike = text.replace(
      'import test, { after, before, describe, it, suite } from "node:test";',
      "declare function test(name: string, fn?: (t: { test(name: string, fn: () => unknown): Promise<void> }) => unknown): Promise<void> & { only: typeof test; todo: typeof test };\n" +
        "declare function describe(name: string, fn: () => unknown): Promise<void>;\ndeclare function it(name: string, fn: () => unknown): Promise<void> & { skip: typeof it };\n" +
        "declare function suite(name: string, fn: () => unknown): Promise<void>;\ndeclare function before(fn: () => unknown): void;\ndeclare function after(fn: () => unknown): void;",
    );
    assert.notEqual(lookalike, text);
    assert.ok(al301Lines(file, defaultSettings(), lookalike).length >= 8);
  });

  it("tap's registrations and subtests are quiet; ava's `t.try()` is not a registration", () => {
    const file = fixture("trust-tap-runner.test.ts");
    assert.deepEqual(al301Lines(file, defaultSettings()), markedLines(file, /expect: AL301/));
  });
});

describe("promises a callee keeps where others reach them", () => {
  it("are not floating when dropped; the same calls returning fresh promises are", () => {
    const file = fixture("trust-kept-promises.ts");
    const text = fs.readFileSync(file, "utf8");
    const expected = markedLines(file, /expect: AL301/);
    assert.deepEqual(al301Lines(file, defaultSettings()), expected);
    const fresh = text
      .replace("  pending = pending.then(check);\n  return pending;", "  return pending.then(check);")
      .replace('    this.loading ??= send("show inventory");\n    return this.loading;', '    return send("show inventory");');
    assert.notEqual(fresh, text);
    const lineOf = (needle: string) => fresh.split("\n").findIndex((line) => line.includes(needle)) + 1;
    const nowReported = [lineOf("for (const host of hosts) expectReachable(host);"), lineOf("  queueCheck(async () => {"), lineOf("    this.load();")];
    const shift = text.split("\n").length - fresh.split("\n").length;
    const moved = expected.map((line) => line - shift);
    assert.deepEqual(al301Lines(file, defaultSettings(), fresh), [...nowReported, ...moved].sort((a, b) => a - b));
  });
});

describe("code that is wrong on purpose", () => {
  it("the line after `@ts-expect-error` / `@ts-ignore` gets no finding; without the directives it would", () => {
    const file = fixture("trust-expect-error.ts");
    const text = fs.readFileSync(file, "utf8");
    const expected = markedLines(file, /expect: AL301/);
    assert.deepEqual(al301Lines(file, defaultSettings()), expected);
    const undirected = text.replace(/@ts-(expect-error|ignore)/g, "note");
    assert.equal(al301Lines(file, defaultSettings(), undirected).length, expected.length + 4);
  });

  it("a type-test file gets no AL301 or AL303; the same code in an ordinary file does", () => {
    const typeTest = fixture("trust-types.test-d.ts");
    const result = analyzeTypeScriptSource(typeTest, { settings: defaultSettings(), projects });
    assert.deepEqual(result.findings, []);
    const ordinary = fixture("scratch-type-test-copy.ts");
    unsaved.set(ordinary, { text: fs.readFileSync(typeTest, "utf8"), version: ++version });
    projects.documentChanged();
    try {
      const codes = analyzeTypeScriptSource(ordinary, { settings: defaultSettings(), projects }).findings.map((f) => f.code).sort();
      assert.deepEqual(codes, ["AL301", "AL303"]);
    } finally {
      unsaved.delete(ordinary);
      projects.documentChanged();
    }
  });

  it("type-test files are known by name, a test-d folder or an import of tsd/tstyche; not by a types folder alone", () => {
    const file = (name: string, text = "export {};\n") => ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    for (const name of ["/p/index.test-d.ts", "/p/hooks.tst.ts", "/p/jsx.test-d.tsx", "/p/esm.tst.mts", "/p/test-d/plugins.ts", "C:\\p\\test-d\\a.ts"]) {
      assert.equal(isTypeTestFile(file(name)), true, name);
    }
    assert.equal(isTypeTestFile(file("/p/test/typings/reply.ts", 'import { expectType } from "tsd";\n')), true);
    assert.equal(isTypeTestFile(file("/p/test/typings/reply.ts", 'import { expect } from "tstyche";\n')), true);
    for (const name of ["/p/test/types/create-test-server.ts", "/p/types/test/server.ts", "/p/src/reply.test.ts", "/p/test-data/a.ts"]) {
      assert.equal(isTypeTestFile(file(name)), false, name);
    }
    assert.equal(isTypeTestFile(file("/p/test/reply.test.ts", 'import { expectTypeOf } from "expect-type";\n')), false);
  });
});
