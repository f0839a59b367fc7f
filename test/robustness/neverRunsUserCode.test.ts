import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer } from "../protocol/lspClient";
import { ensureBuilt } from "../unit/cliHarness";

/**
 * asynclint declares itself safe in untrusted workspaces, so it must never execute anything the
 * workspace holds. A hostile workspace whose every file (Python, JS, TS, configs, a fake
 * `typescript` and a tsconfig plugin in node_modules, a grammar .wasm) would leave a marker file
 * or throw if run, imported or required, is analyzed by the real CLI and the real server with a
 * preloaded recorder: no module from the workspace is loaded, no process is started, no marker
 * appears, and the findings still come (so the files were really read).
 */
const ROOT = path.join(__dirname, "..", "..");
const RECORDER = path.join(__dirname, "support", "recordEffects.cjs");

function payload(language: "python" | "js", marker: string): string {
  return language === "python"
    ? `open(${JSON.stringify(marker)}, "w").write("executed")\nimport os\nos.system("touch " + ${JSON.stringify(marker)} + ".system")\nraise SystemExit("executed")\n`
    : `require("fs").writeFileSync(${JSON.stringify(marker)}, "executed");\nthrow new Error("executed");\n`;
}

function writeHostileWorkspace(dir: string): void {
  const marker = (name: string) => path.join(dir, `MARKER-${name}`);
  const files: Record<string, string> = {
    "app.py": `${payload("python", marker("app.py"))}import time\nfrom pkg import fetch\n\n\nasync def main():\n    time.sleep(1)\n    fetch()\n`,
    "pkg/__init__.py": `${payload("python", marker("pkg"))}\n\nasync def fetch():\n    pass\n`,
    "conftest.py": payload("python", marker("conftest.py")),
    "setup.py": payload("python", marker("setup.py")),
    "sitecustomize.py": payload("python", marker("sitecustomize.py")),
    "asynclint_config.py": payload("python", marker("asynclint_config.py")),
    "app.ts": `${payload("js", marker("app.ts"))}import { readFileSync } from "fs";\nexport async function main(): Promise<void> {\n  readFileSync("x");\n}\n`,
    "app.js": `${payload("js", marker("app.js"))}async function main() {\n  require("fs").readFileSync("x");\n}\nmodule.exports = { main };\n`,
    "asynclint.config.js": payload("js", marker("asynclint.config.js")),
    ".asynclintrc.js": payload("js", marker("asynclintrc.js")),
    "package.json": JSON.stringify({ name: "hostile", main: "app.js", scripts: { postinstall: `touch ${marker("postinstall")}` }, asynclint: { rules: { AL302: "error" } } }),
    "pyproject.toml": `[tool.asynclint]\nrules = { AL302 = "error" }\n[build-system]\nrequires = ["setuptools"]\nbuild-backend = "evil_backend"\n`,
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, allowJs: true, plugins: [{ name: "evil-plugin" }] }, include: ["*.ts", "*.js"] }),
    "node_modules/evil-plugin/package.json": JSON.stringify({ name: "evil-plugin", main: "index.js" }),
    "node_modules/evil-plugin/index.js": payload("js", marker("evil-plugin")),
    "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", main: "index.js", version: "6.0.3" }),
    "node_modules/typescript/index.js": payload("js", marker("typescript")),
    "node_modules/web-tree-sitter/package.json": JSON.stringify({ name: "web-tree-sitter", main: "index.js" }),
    "node_modules/web-tree-sitter/index.js": payload("js", marker("web-tree-sitter")),
    "tree-sitter-python.wasm": "not a grammar",
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

interface Effect {
  kind: string;
  pid: number;
  threadId: number;
  request?: string;
  name?: string;
  command?: string;
}

function effects(log: string): Effect[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Effect);
}

function markers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith("MARKER-"));
}

describe("never runs user code", () => {
  let workspace: string;
  let log: string;
  const env = () => ({ ...process.env, NODE_OPTIONS: `--require ${RECORDER}`, ASYNCLINT_EFFECTS_LOG: log, ASYNCLINT_UNTRUSTED_ROOT: workspace });

  before(() => {
    ensureBuilt();
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-hostile-")));
    writeHostileWorkspace(workspace);
    log = path.join(os.tmpdir(), `asynclint-effects-${process.pid}.log`);
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(log, { force: true });
  });

  it("the manifest declares full support for untrusted workspaces and limited support for virtual ones, each with a reason", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
    const text = (value: string) => (/^%.+%$/.test(value) ? nls[value.slice(1, -1)] : value);
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
    assert.equal(untrustedWorkspaces.supported, true);
    assert.match(text(untrustedWorkspaces.description) ?? "", /never runs/);
    assert.equal(virtualWorkspaces.supported, "limited");
    assert.ok((text(virtualWorkspaces.description) ?? "").length > 20);
  });

  it("the bundles evaluate no code at run time except the grammar loader's own wasm metadata", () => {
    for (const bundle of ["server.js", "cli.js", "cliWorker.js", "typescript.js"]) {
      const file = path.join(ROOT, "dist", bundle);
      // A bundle missing (renamed, or no longer built) must fail here: skipped, it would pass having read nothing.
      assert.ok(fs.existsSync(file), `dist/${bundle} is missing: build first (npm run build)`);
      const lines = fs.readFileSync(file, "utf8").split("\n");
      const evaluating = lines
        .map((line, i) => ({ line: line.trim(), at: `${bundle}:${i + 1}` }))
        .filter(({ line }) => /\beval\s*\(|new\s+Function\s*\(|\bvm\.run|runInNewContext|runInThisContext|compileFunction/.test(line));
      // web-tree-sitter (emscripten) evaluates the ASM_CONSTS strings of the .wasm files it
      // loads; those are only our own grammar files from beside the bundle, checked below.
      const unexpected = evaluating.filter(({ line }) => !/^(ASM_CONSTS\[start\]|moduleExports\[name\]) = eval\(func\);$/.test(line));
      assert.deepEqual(unexpected, [], `${bundle} evaluates code`);
    }
  });

  it("the CLI analyzes the hostile workspace without loading, running or spawning anything from it", () => {
    fs.rmSync(log, { force: true });
    const run = spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), "check", workspace, "--format", "json", "--exit-zero", "--jobs", "2"], {
      env: env(),
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const findings = JSON.parse(run.stdout) as Array<{ file: string; code: string }>;
    const found = new Set(findings.map((f) => `${path.basename(f.file)}:${f.code}`));
    for (const expected of ["app.py:AL101", "app.py:AL301", "app.ts:AL102"]) assert.ok(found.has(expected), `${expected} missing from ${[...found].join(", ")}`);
    const seen = effects(log);
    assert.ok(seen.some((e) => e.kind === "hooked"), "the recorder was not loaded");
    assert.deepEqual(
      seen.filter((e) => e.kind !== "hooked"),
      [],
    );
    assert.deepEqual(markers(workspace), []);
  });

  it("the language server analyzes the hostile files without loading, running or spawning anything from them", async () => {
    fs.rmSync(log, { force: true });
    const saved = { ...process.env };
    Object.assign(process.env, env());
    const server = await startServer({ rootPath: workspace }).finally(() => {
      for (const key of ["NODE_OPTIONS", "ASYNCLINT_EFFECTS_LOG", "ASYNCLINT_UNTRUSTED_ROOT"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });
    try {
      const codes: string[] = [];
      for (const [name, languageId] of [["app.py", "python"], ["app.ts", "typescript"], ["app.js", "javascript"], ["conftest.py", "python"]] as const) {
        const uri = pathToFileURL(path.join(workspace, name)).toString();
        const text = fs.readFileSync(path.join(workspace, name), "utf8");
        server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
        const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
        if (report.kind === "full") codes.push(...report.items.map((d) => `${name}:${d.code}`));
        await server.connection.sendRequest("textDocument/codeAction", {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
          context: { diagnostics: report.kind === "full" ? report.items : [] },
        });
      }
      for (const expected of ["app.py:AL101", "app.py:AL301", "app.ts:AL102"]) assert.ok(codes.includes(expected), `${expected} missing from ${codes.join(", ")}`);
    } finally {
      await server.stop();
    }
    const seen = effects(log);
    assert.ok(seen.some((e) => e.kind === "hooked"), "the recorder was not loaded");
    assert.deepEqual(
      seen.filter((e) => e.kind !== "hooked"),
      [],
    );
    assert.deepEqual(markers(workspace), []);
  });
});
