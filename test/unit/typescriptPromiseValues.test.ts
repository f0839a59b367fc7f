import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings, validateSettings, type Settings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { analyzeTypeScriptFiles } from "../../server/src/typescript/analyzeFiles";

/**
 * AL304–AL307 where the annotated fixtures cannot show it: a program that does not check null
 * (where a promise type proves less), the settings that widen them, and the exact text of their fixes.
 */
const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function analyze(source: string, options: { strict?: boolean; settings?: Settings; name?: string } = {}): Finding[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-promise-values-"));
  roots.push(root);
  const compilerOptions = { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: options.strict ?? true, lib: ["ES2022"], types: [], noEmit: true, allowJs: true };
  fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts", "*.js"] }));
  const file = path.join(root, options.name ?? "handler.ts");
  fs.writeFileSync(file, source);
  const result = analyzeTypeScriptFiles([file], { settings: options.settings ?? defaultSettings(), roots: [root] }).get(file)!;
  assert.deepEqual(result.notices, []);
  return result.findings;
}

function lines(findings: Finding[], code: string): number[] {
  return findings.filter((f) => f.code === code).map((f) => f.range.start.line + 1);
}

function fixed(source: string, code: string, options: { name?: string } = {}): string {
  const [finding] = analyze(source, options).filter((f) => f.code === code);
  assert.ok(finding, `no ${code} in:\n${source}`);
  assert.equal(finding.fixes.length, 1, `${code} should offer one fix`);
  return applyEdits(source, finding.fixes[0].edits);
}

const ACCESS = "export async function isAdmin(user: string): Promise<boolean> {\n  return user === 'admin';\n}\n";

describe("AL304 when the program does not check null", () => {
  const source =
    ACCESS +
    "export class Session {\n" +
    "  pending: Promise<void> = Promise.resolve();\n" + // line 5
    "  hooks?: { stop(): Promise<void> };\n" +
    "  async close(user: string): Promise<void> {\n" +
    "    if (!isAdmin(user)) return;\n" + // line 8: a call makes a promise, null or not
    "    if (this.pending) await this.pending;\n" + // line 9: set to null elsewhere, for all the types say
    "    if (!this.hooks?.stop()) return;\n" + // line 10: `?.` may give undefined (the strict type says so)
    "  }\n" +
    "}\n";

  it("a call's promise is still one; a name or an optional call may be null", () => {
    assert.deepEqual(lines(analyze(source, { strict: false }), "AL304"), [8]);
  });

  it("with strictNullChecks the types say which may be missing", () => {
    assert.deepEqual(lines(analyze(source), "AL304"), [8, 9]);
  });
});

describe("AL304 and AL306 follow typescript.checkThenables", () => {
  const source =
    "export interface Query { then(onDone: (rows: string[]) => void): void }\n" +
    "export declare function select(table: string): Query;\n" +
    "export async function rows(table: string): Promise<unknown> {\n" +
    "  if (!select(table)) return [];\n" + // line 4
    "  try {\n" +
    "    return select(table);\n" + // line 6
    "  } catch {\n    return [];\n  }\n}\n";

  it("a thenable that is no promise is quiet by default and reported with the setting", () => {
    assert.deepEqual([...lines(analyze(source), "AL304"), ...lines(analyze(source), "AL306")], []);
    const { settings, problems } = validateSettings({ typescript: { checkThenables: true } });
    assert.deepEqual(problems, []);
    const findings = analyze(source, { settings });
    assert.deepEqual([lines(findings, "AL304"), lines(findings, "AL306")], [[4], [6]]);
  });
});

describe("fixes of AL304–AL307, exact text", () => {
  it("AL304: `await` before the condition or the spread, only in an async function and never for a promise of void", () => {
    const condition = ACCESS + "export async function f(user: string) {\n  if (!isAdmin(user)) return 1;\n  return 2;\n}\n";
    assert.match(fixed(condition, "AL304"), /if \(!await isAdmin\(user\)\) return 1;/);
    const spread = "declare function load(): Promise<{ port: number }>;\nexport async function f() {\n  return { host: 'a', ...load() };\n}\n";
    assert.match(fixed(spread, "AL304"), /\{ host: 'a', \.\.\.\(await load\(\)\) \}/);
    const sync = ACCESS + "export function f(user: string) {\n  while (!isAdmin(user)) break;\n}\n";
    assert.deepEqual(analyze(sync).find((f) => f.code === "AL304")?.fixes, []);
    const nothing = "declare const ready: Promise<void>;\nexport async function f() {\n  while (!ready) break;\n}\n";
    assert.deepEqual(analyze(nothing).find((f) => f.code === "AL304")?.fixes, []);
    const fixes = analyze(condition).flatMap((f) => f.fixes);
    assert.ok(fixes.every((fix) => !fix.safe), "waiting changes when the code after it runs");
  });

  it("AL305: removes `await`, with parentheses where `{` would open a block, and never where the line would join the one before", () => {
    assert.equal(fixed("export const f = async () => await { port: 22 };\n", "AL305"), "export const f = async () => ({ port: 22 });\n");
    assert.equal(fixed("export async function f(n: number) {\n  return await /* cached */ n;\n}\n", "AL305"), "export async function f(n: number) {\n  return /* cached */ n;\n}\n");
    assert.equal(fixed("export async function f(n: number) {\n  await (n + 1);\n}\n", "AL305"), "export async function f(n: number) {\n  (n + 1);\n}\n");
    const asi = analyze("export async function f(n: number) {\n  console.log(n)\n  await (n + 1)\n}\n").find((f) => f.code === "AL305");
    assert.deepEqual(asi?.fixes, []);
    const [finding] = analyze("export async function f(n: number) {\n  return await n;\n}\n");
    assert.equal(finding.fixes[0].safe, false, "even a plain value's `await` gives up a turn");
  });

  it("AL306: `return await`, safe with only a `catch`, a suggestion where a `finally` runs on the way out", () => {
    const caught = "declare function run(c: string): Promise<string>;\nexport async function f() {\n  try {\n    return run('show version');\n  } catch {\n    return '';\n  }\n}\n";
    assert.match(fixed(caught, "AL306"), /return await run\('show version'\);/);
    assert.equal(analyze(caught)[0].fixes[0].safe, true);
    const cleaned = caught.replace("catch {\n    return '';\n  }", "finally {\n    console.log('closed');\n  }");
    assert.equal(analyze(cleaned)[0].fixes[0].safe, false);
    const branch = "declare function run(c: string): Promise<string>;\nexport async function f(cached?: string) {\n  try {\n    return cached ?? run('x');\n  } catch {\n    return '';\n  }\n}\n";
    assert.match(fixed(branch, "AL306"), /return await \(cached \?\? run\('x'\)\);/);
  });

  it("AL307: the body in an async arrow inside a plain executor, errors passed to `reject` (added when missing)", () => {
    const arrow = "declare function ping(): Promise<string>;\nexport const p = new Promise<string>(async (resolve) => {\n  resolve(await ping());\n});\n";
    assert.equal(
      fixed(arrow, "AL307"),
      "declare function ping(): Promise<string>;\nexport const p = new Promise<string>((resolve, reject) => { (async () => {\n  resolve(await ping());\n})().catch(reject); });\n",
    );
    const named = "export const p = new Promise(async function wait(resolve, fail) {\n  resolve(1);\n});\n";
    assert.match(fixed(named, "AL307", { name: "wait.js" }), /new Promise\(function wait\(resolve, fail\) \{ \(async \(\) => \{\n {2}resolve\(1\);\n\}\)\(\)\.catch\(fail\); \}\);/);
    // `reject` already means something in the body: no name to add.
    const taken = "declare const reject: (e: unknown) => void;\nexport const p = new Promise<void>(async (resolve) => {\n  reject(0);\n  resolve();\n});\n";
    assert.deepEqual(analyze(taken).find((f) => f.code === "AL307")?.fixes, []);
  });

  it("no fix touches code that does not parse (the user is mid-edit); the finding stays", () => {
    const broken = "declare function label(x: object): string;\nexport async function f(config: object) {\n  return await label({ ..config });\n}\n";
    const [finding] = analyze(broken).filter((f) => f.code === "AL305");
    assert.ok(finding, "the await is still reported");
    assert.deepEqual(finding.fixes, []);
    const executor = "declare function ping(): Promise<string>;\nexport const p = new Promise<string>(async (resolve) => {\n  resolve(await ping(;\n});\n";
    assert.deepEqual(analyze(executor).find((f) => f.code === "AL307")?.fixes, []);
  });

  it("fix-all applies AL306 (catch only) and AL307, never AL304 or AL305", () => {
    const source =
      ACCESS +
      "declare function run(c: string): Promise<string>;\n" +
      "export async function f(user: string, n: number) {\n" +
      "  if (!isAdmin(user)) return '';\n" +
      "  const copies = await n;\n" +
      "  const p = new Promise<string>(async (resolve) => resolve(await run('a')));\n" +
      "  try {\n    return run(`${copies}`);\n  } catch {\n    return p;\n  }\n}\n";
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-promise-values-"));
    roots.push(root);
    const compilerOptions = { target: "ES2022", module: "esnext", strict: true, lib: ["ES2022"], types: [], noEmit: true };
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }));
    const file = path.join(root, "handler.ts");
    const result = fixAll(source, (text) => {
      fs.writeFileSync(file, text);
      return analyzeTypeScriptFiles([file], { settings: defaultSettings(), roots: [root] }).get(file)!.findings;
    });
    assert.match(result.text, /if \(!isAdmin\(user\)\) return '';/);
    assert.match(result.text, /const copies = await n;/);
    assert.match(result.text, /return await run\(`\$\{copies\}`\);/);
    assert.match(result.text, /new Promise<string>\(\(resolve, reject\) => \{ \(async \(\) => resolve\(await run\('a'\)\)\)\(\)\.catch\(reject\); \}\)/);
    assert.equal(result.applied, 1 + 1);
  });
});
