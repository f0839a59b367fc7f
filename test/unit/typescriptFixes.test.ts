import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { analyzeTypeScriptSource } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";

/**
 * Every fix offered on the fixtures, applied: the result parses, type-checks exactly as before
 * (`ts.getPreEmitDiagnostics` count unchanged), and no longer has the finding it was for.
 */
const PROJECT = path.join(__dirname, "..", "fixtures", "typescript", "project");
const SOURCES = path.join(PROJECT, "src");
const files = fs
  .readdirSync(SOURCES)
  .filter((name) => /\.(ts|js)$/.test(name))
  .map((name) => normalizeFileName(path.join(SOURCES, name)));

const unsaved = new Map<string, { text: string; version: number }>();
let version = 0;
const projects = new TypeScriptProjects((file) => unsaved.get(file), [PROJECT]);
const settings = defaultSettings();

function withText<T>(file: string, text: string, run: () => T): T {
  unsaved.set(file, { text, version: ++version });
  projects.documentChanged();
  try {
    return run();
  } finally {
    unsaved.delete(file);
    projects.documentChanged();
  }
}

function findings(file: string): Finding[] {
  return analyzeTypeScriptSource(file, { settings, projects }).findings;
}

function compilerView(file: string): { syntaxErrors: string[]; diagnostics: number } {
  const located = projects.locate(file)!;
  const syntaxErrors = located.program.getSyntacticDiagnostics(located.sourceFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
  return { syntaxErrors, diagnostics: ts.getPreEmitDiagnostics(located.program).length };
}

describe("TypeScript fixes, applied to the fixtures", () => {
  let applied = 0;
  const titles = new Set<string>();

  for (const file of files) {
    it(`every fix in ${path.basename(file)} keeps the program valid and removes its finding`, () => {
      const original = fs.readFileSync(file, "utf8");
      const before = compilerView(file);
      const reported = findings(file);
      for (const finding of reported) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(original, fix.edits);
          const label = `${fix.title} for ${finding.code} at ${path.basename(file)}:${finding.range.start.line + 1}`;
          withText(file, fixed, () => {
            const after = compilerView(file);
            assert.deepEqual(after.syntaxErrors, [], `${label} made a syntax error:\n${fixed}`);
            assert.equal(after.diagnostics, before.diagnostics, `${label} changed the type-check result:\n${fixed}`);
            const sameCodeBefore = reported.filter((f) => f.code === finding.code).length;
            const sameCodeAfter = findings(file).filter((f) => f.code === finding.code).length;
            assert.equal(sameCodeAfter, sameCodeBefore - 1, `${label} did not remove the finding:\n${fixed}`);
          });
          applied++;
          titles.add(fix.title.replace(/`[^`]*`/g, (m) => (m.includes("(") ? "`…`" : m)));
        }
      }
    });
  }

  it("exercised the fixes of every TypeScript rule", () => {
    assert.ok(applied >= 30, `only ${applied} fixes applied`);
    for (const expected of ["Add `await`: the code after it then waits for the promise", "Mark as deliberately not awaited with `void`", "Rewrite as a sequential `for…of` loop", "Replace the busy-wait with an awaited timer", "Replace with an awaited timer"]) {
      assert.ok(titles.has(expected), `no fix titled ${expected}: ${[...titles].join(" | ")}`);
    }
  });
});

describe("TypeScript fixes, exact text", () => {
  const file = normalizeFileName(path.join(SOURCES, "scratch.ts"));

  function fixed(source: string, title: RegExp): string {
    return withText(file, source, () => {
      const fix = findings(file)
        .flatMap((f) => f.fixes)
        .find((f) => title.test(f.title));
      assert.ok(fix, `no fix matching ${title}`);
      return applyEdits(source, fix.edits);
    });
  }

  it("adds `await` inside an async function and `void` anywhere, both as suggestions that say what they change", () => {
    const source = 'import { send } from "./api";\nexport async function f() {\n  send("x");\n}\n';
    assert.match(fixed(source, /^Add `await`/), /^ {2}await send\("x"\);$/m);
    assert.match(fixed(source, /`void`/), /^ {2}void send\("x"\);$/m);
    const fixes = withText(file, source, () => findings(file).flatMap((f) => f.fixes));
    assert.deepEqual(
      fixes.map((f) => [f.title, f.safe]),
      [
        ["Add `await`: the code after it then waits for the promise", false],
        ["Mark as deliberately not awaited with `void`", false],
      ],
    );
    const dropped = 'import { send } from "./api";\nexport async function f(hosts: string[]) {\n  hosts.map((h) => send(h));\n}\n';
    const all = withText(file, dropped, () => findings(file).flatMap((f) => f.fixes));
    assert.deepEqual(all.map((f) => [f.title, f.safe]), [["Wait for all with `await Promise.all(…)`: the code after it then waits for every promise", false]]);
    assert.match(fixed(dropped, /Promise\.all/), /^ {2}await Promise\.all\(hosts\.map\(\(h\) => send\(h\)\)\);$/m);
  });

  it("rewrites `arr.forEach(async …)` as a for…of loop or as `await Promise.all(arr.map(…))`", () => {
    const source = 'import { send } from "./api";\nexport async function f(hosts: string[]) {\n  hosts.forEach(async (host: string) => {\n    await send(host);\n  });\n}\n';
    assert.match(fixed(source, /for…of/), /^ {2}for \(const host of hosts\) \{\n {4}await send\(host\);\n {2}\}$/m);
    assert.match(fixed(source, /Promise\.all/), /^ {2}await Promise\.all\(hosts\.map\(async \(host: string\) => \{\n {4}await send\(host\);\n {2}\}\)\);$/m);
  });

  it("no for…of rewrite when the callback returns early (a `return` would leave the whole function)", () => {
    const source = 'import { send } from "./api";\nexport async function f(hosts: string[]) {\n  hosts.forEach(async (host) => {\n    if (!host) return;\n    await send(host);\n  });\n}\n';
    const titles = withText(file, source, () => findings(file).flatMap((f) => f.fixes.map((x) => x.title)));
    assert.ok(!titles.some((t) => t.includes("for…of")));
    assert.ok(titles.some((t) => t.includes("Promise.all")));
  });

  it("uses `fs.promises` through the module object, and imports from `fs/promises` for a named import", () => {
    const namespace = 'import * as fs from "node:fs";\nexport async function f(p: string) {\n  return fs.readFileSync(p, "utf8").trim();\n}\n';
    assert.match(fixed(namespace, /promises/), /return \(await fs\.promises\.readFile\(p, "utf8"\)\)\.trim\(\);/);
    const named = 'import { readFileSync } from "node:fs";\nexport async function f(p: string) {\n  return readFileSync(p, "utf8");\n}\n';
    const result = fixed(named, /fs\/promises/);
    assert.match(result, /^import \{ readFile \} from "node:fs\/promises";$/m);
    assert.match(result, /return await readFile\(p, "utf8"\);/);
  });

  it("offers no promise rewrite where none maps one to one (existsSync) or a name would clash", () => {
    const source = 'import * as fs from "node:fs";\nexport async function f(p: string) {\n  return fs.existsSync(p);\n}\n';
    const fixes = withText(file, source, () => findings(file).flatMap((f) => f.fixes));
    assert.deepEqual(fixes, []);
    const clash = 'import { readFileSync } from "node:fs";\nconst readFile = 1;\nexport async function f(p: string) {\n  return readFileSync(p, "utf8") + readFile;\n}\n';
    assert.deepEqual(withText(file, clash, () => findings(file).flatMap((f) => f.fixes)), []);
  });

  it("fix-all applies the safe fixes and leaves the rest; nothing of AL301's (awaiting changes when the following code runs)", () => {
    const source = 'import * as fs from "node:fs";\nimport { send } from "./api";\nexport async function f(p: string, hosts: string[]) {\n  send(p);\n  fs.writeFileSync(p, "x");\n  hosts.forEach(async (h) => send(h));\n  hosts.map((h) => send(h));\n}\n';
    const result = withText(file, source, () => fixAll(source, (text) => withText(file, text, () => findings(file))));
    assert.match(result.text, /^ {2}send\(p\);$/m);
    assert.match(result.text, /^ {2}hosts\.map\(\(h\) => send\(h\)\);$/m);
    assert.match(result.text, /await fs\.promises\.writeFile\(p, "x"\);/);
    assert.match(result.text, /hosts\.forEach\(async \(h\) => send\(h\)\);/);
    assert.equal(result.applied, 1);
  });
});
