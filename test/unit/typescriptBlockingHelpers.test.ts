import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { analyzeTypeScriptSource } from "../../server/src/engine/analyze";
import { defaultSettings, type Settings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { analyzeTypeScriptFiles } from "../../server/src/typescript/analyzeFiles";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";

/**
 * AL101/AL102 through sync helpers, beyond what the annotated fixtures show (they give the lines;
 * blocking-helpers.ts): what the message and the related places tell the user, which code a helper
 * reaching two kinds of blocking gets, how deep a chain is followed, that a package's own code is
 * not followed, and that an editor edit of a helper's body reaches its unchanged callers.
 */

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, skipLibCheck: true, allowJs: true, maxNodeModuleJsDepth: 1, types: [] }, include: ["src"] });

// Just enough of node's types for the checker to resolve the imports of `node:fs` and `node:child_process`.
const NODE_TYPES = `declare module "node:fs" { export function readFileSync(path: string, encoding: string): string; export function existsSync(path: string): boolean; }
declare module "node:child_process" { export function execSync(command: string): string; }
`;

const tempRoots: string[] = [];
after(() => {
  for (const root of tempRoots) fs.rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-helpers-"));
  tempRoots.push(root);
  fs.writeFileSync(path.join(root, "tsconfig.json"), TSCONFIG);
  for (const [name, text] of Object.entries({ "src/node.d.ts": NODE_TYPES, ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

function findingsOf(root: string, file: string, settings: Settings = defaultSettings()): Finding[] {
  const full = path.join(root, file);
  return analyzeTypeScriptFiles([full], { settings, roots: [root] }).get(full)!.findings;
}

const line = (finding: Finding) => finding.range.start.line + 1;

describe("AL101/AL102 through sync helpers (TypeScript)", () => {
  const root = project({
    "src/config.ts": `import { readFileSync } from "node:fs";

export function readRaw(path: string): string {
  return readFileSync(path, "utf8");
}

export function loadConfig(path: string): unknown {
  return JSON.parse(readRaw(path));
}
`,
    "src/handler.ts": `import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadConfig } from "./config";

function backupThenSettle(): void {
  execSync("sleep 1");
  existsSync("/var/backups/done");
}

function one(): void { two(); }
function two(): void { three(); }
function three(): void { four(); }
function four(): void { five(); }
function five(): void { existsSync("/tmp/flag"); }

export async function handle(path: string): Promise<unknown> {
  backupThenSettle();
  two();
  one();
  return loadConfig(path);
}
declare function route(path: string, handler: () => Promise<unknown>): void;
route("/config", async () => loadConfig("/etc/app.json"));
`,
    "node_modules/settings-kit/package.json": JSON.stringify({ name: "settings-kit", main: "index.js" }),
    "node_modules/settings-kit/index.js": `import { readFileSync } from "node:fs";\nexport function readSettings(path) {\n  return readFileSync(path, "utf8");\n}\n`,
    "src/vendor.ts": `import { readSettings } from "settings-kit";

export async function loadVendorSettings(): Promise<string> {
  return readSettings("/etc/app.json");
}
`,
  });
  const handler = findingsOf(root, "src/handler.ts");

  it("names the chain in the message and gives every step as a related place, with the file when it is another", () => {
    const finding = handler.find((f) => line(f) === 20);
    assert.ok(finding, JSON.stringify(handler.map((f) => `${line(f)} ${f.code}`)));
    assert.equal(finding.code, "AL102");
    assert.equal(
      finding.message,
      "`loadConfig()` blocks the event loop in async function `handle`: it calls `readRaw()` (config.ts:8), which calls `readFileSync` (config.ts:4), which waits until the file system answers; every other task waits meanwhile. Use the promise API in the helper and await it.".replace("`readFileSync`", "`fs.readFileSync`"),
    );
    assert.deepEqual(finding.fixes, []);
    const config = normalizeFileName(path.join(root, "src", "config.ts"));
    assert.deepEqual(
      finding.related?.map((place) => [place.file, place.range.start.line + 1, place.range.start.character, place.message]),
      [
        [config, 8, 20, "`readRaw()` is called here"],
        [config, 4, 9, "The blocking call that `loadConfig()` reaches"],
      ],
    );
  });

  it("names an anonymous async callback by the call it is passed to", () => {
    const finding = handler.find((f) => line(f) === 23);
    assert.match(finding?.message ?? "", /^`loadConfig\(\)` blocks the event loop in the async callback passed to `route\(…\)`: it calls `readRaw\(\)`/);
  });

  it("reports a helper that reaches a sleep and a file call once, under the code of the first, or the other when that rule is off", () => {
    assert.deepEqual(handler.filter((f) => line(f) === 17).map((f) => f.code), ["AL101"]);
    const settings = defaultSettings();
    settings.rules.AL101 = "off";
    assert.deepEqual(findingsOf(root, "src/handler.ts", settings).filter((f) => line(f) === 17).map((f) => f.code), ["AL102"]);
  });

  it("follows a chain of four helpers and no further", () => {
    assert.deepEqual(handler.filter((f) => line(f) === 18).map((f) => f.code), ["AL102"], "two() -> three() -> four() -> five() blocks");
    assert.deepEqual(handler.filter((f) => line(f) === 19), [], "one() is five helpers from the blocking call");
  });

  it("does not follow a call into an installed package, even when its code is in the program", () => {
    assert.deepEqual(findingsOf(root, "src/vendor.ts"), []);
  });

  it("sees, in the editor, an edit of a helper's body at a caller whose own body did not change", () => {
    const file = normalizeFileName(path.join(root, "src", "editor.ts"));
    const before = `import { existsSync } from "node:fs";

function isReady(): boolean {
  return true;
}

export async function poll(): Promise<boolean> {
  return isReady();
}
`;
    fs.writeFileSync(file, before);
    let text = before;
    let version = 1;
    const projects = new TypeScriptProjects((name) => (name === file ? { text, version } : undefined), [root]);
    try {
      // The same settings object: the editor keeps a body's findings only under unchanged settings.
      const settings = defaultSettings();
      const analyze = () => analyzeTypeScriptSource(file, { settings, projects }).findings.map((f) => `${line(f)} ${f.code}`);
      assert.deepEqual(analyze(), []);
      text = before.replace("return true;", `return existsSync("/run/app.ready");`);
      version++;
      projects.documentChanged();
      assert.deepEqual(analyze(), ["8 AL102"]);
    } finally {
      projects.dispose();
    }
  });
});
