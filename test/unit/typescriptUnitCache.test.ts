import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { analyzeTypeScriptSource } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";
import { TypeScriptProjects } from "../../server/src/typescript/projects";

/**
 * The editor keeps the findings of function bodies an edit did not touch. After every edit the
 * findings must be exactly those of a fresh analysis of the new text, including when an edit in
 * one body changes what another (unchanged) body is told.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-unit-cache-"));
fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", lib: ["ES2022"], types: [] } }));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const settings = defaultSettings();

/** An editor session on one file (findings after each text) and a fresh analysis of the same text. */
function session(name: string) {
  const file = path.join(root, name).split(path.sep).join("/");
  let open = { text: "", version: 0 };
  const projects = new TypeScriptProjects((fileName) => (fileName === file ? open : undefined), [root]);
  const describeFindings = (projectsUsed: TypeScriptProjects) =>
    analyzeTypeScriptSource(file, { settings, projects: projectsUsed }).findings.map((f) => `${f.range.start.line}:${f.range.start.character}:${f.code}:${JSON.stringify(f.fixes)}`);
  return {
    edit(text: string): string[] {
      open = { text, version: open.version + 1 };
      projects.documentChanged();
      return describeFindings(projects);
    },
    fresh(text: string): string[] {
      const fresh = new TypeScriptProjects((fileName) => (fileName === file ? { text, version: 1 } : undefined), [root]);
      try {
        return describeFindings(fresh);
      } finally {
        fresh.dispose();
      }
    },
  };
}

describe("TypeScript editor: findings of unchanged function bodies", () => {
  it("moves kept findings with the text when an earlier body grows", () => {
    const s = session("moved.ts");
    const before = [
      "function make(): Promise<number> { return Promise.resolve(1); }",
      "async function run(): Promise<void> {",
      "  make();",
      "}",
      "",
    ].join("\n");
    const first = s.edit(before);
    assert.equal(first.length, 1, "the floating promise in run() is found");
    const after = before.replace("{ return Promise.resolve(1); }", "{\n  const n = 1;\n  return Promise.resolve(n);\n}");
    const edited = s.edit(after);
    assert.deepEqual(edited, s.fresh(after));
    assert.equal(edited[0].split(":")[0], "5", "the finding moved down with its line (0-based line 5)");
  });

  it("re-analyzes every body when a function without a return type changes what it returns", () => {
    const s = session("inferred.ts");
    const sync = ["function make() { return 1; }", "async function run(): Promise<void> {", "  make();", "}", ""].join("\n");
    assert.deepEqual(s.edit(sync), []);
    const promising = sync.replace("return 1;", "return Promise.resolve(1);");
    const edited = s.edit(promising);
    assert.deepEqual(edited, s.fresh(promising));
    assert.equal(edited.length, 1, "run()'s unchanged `make();` now leaves a promise floating");
  });

  it("re-analyzes a body whose finding depends on another body: a kept promise made fresh", () => {
    const s = session("kept.ts");
    const text = (load: string) =>
      [
        "class Inventory {",
        "  private loading?: Promise<string>;",
        `  load(): Promise<string> { ${load} }`,
        "  refresh(): void {",
        "    this.load();",
        "  }",
        "}",
        "",
      ].join("\n");
    const kept = text('this.loading ??= Promise.resolve("x"); return this.loading;');
    assert.deepEqual(s.edit(kept), [], "the promise is kept on `this`: not floating");
    const fresh = text('return Promise.resolve("x");');
    const edited = s.edit(fresh);
    assert.deepEqual(edited, s.fresh(fresh));
    assert.equal(edited.length, 1, "refresh()'s unchanged `this.load();` now drops a fresh promise");
  });

  it("re-analyzes a constructor's class when a property takes its type from the constructor", () => {
    const s = session("constructed.ts");
    const text = (value: string) =>
      ["class Job {", "  task;", `  constructor() { this.task = ${value}; }`, "  async run(): Promise<void> {", "    this.task;", "  }", "}", ""].join("\n");
    assert.deepEqual(s.edit(text("1")), []);
    const edited = s.edit(text("Promise.resolve(1)"));
    assert.deepEqual(edited, s.fresh(text("Promise.resolve(1)")));
    assert.equal(edited.length, 1, "`this.task;` is now a floating promise");
  });
});
