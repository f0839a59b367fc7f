import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeTypeScriptSource } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";

/**
 * AL303 in the places beside call arguments (variables, properties, returns, overrides, spreads,
 * lost promise forms, `using`) as a user meets it: where it reports, the wrap it offers for a named
 * function (a suggestion, never applied by fix-all), and where the wrap would not type-check and
 * is therefore not offered. One program for the whole file (the fixture project, one scratch file).
 */
const PROJECT = path.join(__dirname, "..", "fixtures", "typescript", "project");
const file = normalizeFileName(path.join(PROJECT, "src", "scratch-void-positions.ts"));
let unsaved: { text: string; version: number } | undefined;
let version = 0;
const projects = new TypeScriptProjects((name) => (name === file ? unsaved : undefined), [PROJECT]);
const settings = defaultSettings();

function al303(text: string): Finding[] {
  unsaved = { text, version: ++version };
  projects.documentChanged();
  return analyzeTypeScriptSource(file, { settings, projects }).findings.filter((finding) => finding.code === "AL303");
}

const HEADER = 'import { send } from "./api";\nasync function notify(host: string): Promise<void> {\n  await send(host);\n}\n';

describe("AL303 beyond call arguments", () => {
  it("wraps a named async function stored under a void type, as a suggestion that says what changes", () => {
    const source = `${HEADER}export const hooks: { onDown: (host: string) => void } = { onDown: notify };\n`;
    const [finding] = al303(source);
    assert.ok(finding, "no AL303 on the property");
    assert.match(finding.message, /`onDown`, which its type declares to return void/);
    const [fix] = finding.fixes;
    assert.equal(fix.safe, false);
    assert.match(fix.title, /returns undefined instead of the promise/);
    assert.equal(
      applyEdits(source, fix.edits),
      `${HEADER}export const hooks: { onDown: (host: string) => void } = { onDown: (...args) => { void notify(...args); } };\n`,
    );
    assert.equal(al303(applyEdits(source, fix.edits)).length, 0, "the wrapped function is still reported");
    assert.equal(fixAll(source, (text) => al303(text)).text, source, "fix-all applied a suggestion");
  });

  it("writes `name: (...args) => …` for a shorthand property, and a fresh parameter name when `args` is taken", () => {
    const shorthand = `${HEADER}export const hooks: { notify: (host: string) => void } = { notify };\n`;
    const [finding] = al303(shorthand);
    assert.equal(applyEdits(shorthand, finding.fixes[0].edits), `${HEADER}export const hooks: { notify: (host: string) => void } = { notify: (...args) => { void notify(...args); } };\n`);
    const clash = `${HEADER}const args = { notify };\nexport const onDown: (host: string) => void = args.notify;\n`;
    const [clashing] = al303(clash);
    assert.match(applyEdits(clash, clashing.fixes[0].edits), /\(\.\.\._args\) => \{ void args\.notify\(\.\.\._args\); \}/);
  });

  it("offers no wrap where the function takes fewer arguments than the slot passes (the call would not type-check)", () => {
    const source = `${HEADER}async function flush(): Promise<void> {}\nexport const onLine: (line: string) => void = flush;\n`;
    const [finding] = al303(source);
    assert.ok(finding, "no AL303 on the variable");
    assert.deepEqual(finding.fixes, []);
  });

  it("reports an async override of a method declared void, naming the base, and leaves static members alone", () => {
    const source = `${HEADER}class Probe {\n  stop(): void {}\n  static stop(): void {}\n}\nexport class TcpProbe extends Probe {\n  async stop(): Promise<void> {\n    await send("stop");\n  }\n  static async stop(): Promise<void> {}\n}\n`;
    const findings = al303(source);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [10]);
    assert.match(findings[0].message, /`stop` returns a promise, but `Probe` declares it to return void/);
  });

  it("a method with a promise form and a callback form: reported when called back without a callback, no wrap offered", () => {
    const source = `${HEADER}declare const pool: { end(): Promise<void>; end(done: () => void): void };\ndeclare function later(callback: () => void, ms: number): void;\nlater(pool.end, 100);\nlater(() => pool.end(() => undefined), 100);\n`;
    const findings = al303(source);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [7]);
    assert.match(findings[0].message, /`pool\.end` has a promise form and a callback form, and `later` calls it back without a callback/);
    assert.deepEqual(findings[0].fixes, []);
  });

  it("judges a spread against every overload: quiet when one takes promise-returning callbacks", () => {
    const source = `${HEADER}declare function onEach(...handlers: Array<() => void>): void;\ndeclare function onEachMaybe(...handlers: Array<() => void>): void;\ndeclare function onEachMaybe(...handlers: Array<() => Promise<void>>): void;\nconst jobs = [() => notify("a"), () => notify("b")];\nonEach(...jobs);\nonEachMaybe(...jobs);\n`;
    assert.deepEqual(al303(source).map((f) => f.range.start.line + 1), [9]);
  });

  it("AL301 offers `.catch(next)` where the function was handed an error channel, as a suggestion", () => {
    const source = `${HEADER}export function middleware(request: string, next: (error?: unknown) => void): void {\n  notify(request);\n  next();\n}\n`;
    unsaved = { text: source, version: ++version };
    projects.documentChanged();
    const [finding] = analyzeTypeScriptSource(file, { settings, projects }).findings.filter((f) => f.code === "AL301");
    assert.ok(finding, "no AL301 on the floating call");
    const fix = finding.fixes.find((candidate) => candidate.title.includes(".catch(next)"));
    assert.ok(fix, `no .catch(next) fix: ${finding.fixes.map((f) => f.title).join(" | ")}`);
    assert.equal(fix.safe, false);
    assert.match(applyEdits(source, fix.edits), /\n {2}notify\(request\)\.catch\(next\);\n/);
  });
});
