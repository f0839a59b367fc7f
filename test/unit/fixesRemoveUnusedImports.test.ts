import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import { analyzePythonSource, analyzeTypeScriptSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";
import { pythonCompileErrors } from "../support/pythonCompile";

// A fix that stops using an import's last use takes the import with it (as `ruff --fix` would
// after F401), but only then: an import still used elsewhere, named in a string or `__all__`,
// or of a module whose import may do something stays.

const settings = defaultSettings();

function pythonFixed(text: string, code = "AL101"): string {
  const finding = analyzePythonSource({ text }, { settings }).findings.find((f) => f.code === code);
  const fix = finding?.fixes[0];
  assert.ok(fix, `no ${code} fix in:\n${text}`);
  return applyEdits(text, fix.edits);
}

const poll = (imports: string, body = "    time.sleep(1)") => `${imports}\n\n\nasync def poll(device):\n${body}\n`;

describe("Python: AL101's fix removes the `time` import it made unused", () => {
  before(initEngine);

  const removed: Array<[string, string, string]> = [
    ["the only import", poll("import time"), poll("import asyncio", "    await asyncio.sleep(1)")],
    ["beside asyncio", poll("import asyncio\nimport time"), poll("import asyncio", "    await asyncio.sleep(1)")],
    ["one name of several", poll("import asyncio\nimport os, time", "    time.sleep(1)\n    return os.getcwd()"), poll("import asyncio\nimport os", "    await asyncio.sleep(1)\n    return os.getcwd()")],
    ["an alias", poll("import asyncio\nimport time as clock", "    clock.sleep(1)"), poll("import asyncio", "    await asyncio.sleep(1)")],
    ["from time import sleep", poll("import asyncio\nfrom time import sleep", "    sleep(1)"), poll("import asyncio", "    await asyncio.sleep(1)")],
    [
      "from time import sleep, monotonic",
      poll("import asyncio\nfrom time import sleep, monotonic", "    sleep(1)\n    return monotonic()"),
      poll("import asyncio\nfrom time import monotonic", "    await asyncio.sleep(1)\n    return monotonic()"),
    ],
  ];
  for (const [label, source, expected] of removed) {
    it(`removed: ${label}`, () => {
      const fixed = pythonFixed(source);
      assert.equal(fixed, expected);
      assert.deepEqual(pythonCompileErrors({ [label]: fixed }), {});
    });
  }

  const kept: Array<[string, string]> = [
    ["another use in code", poll("import asyncio\nimport time", "    time.sleep(1)\n    return time.monotonic()")],
    ["a second sleep (the quick fix of one finding)", poll("import asyncio\nimport time", "    time.sleep(1)\n    time.sleep(2)")],
    ["a string annotation", `import asyncio\nimport time\n\n\nasync def poll() -> "time.struct_time":\n    time.sleep(1)\n`],
    ["__all__", `import asyncio\nimport time\n\n__all__ = ["time"]\n\n\nasync def poll():\n    time.sleep(1)\n`],
    ["a statement sharing its line", poll("import asyncio\nimport time; import os", "    time.sleep(1)\n    os.getcwd()")],
    ["a name bound again", poll("import asyncio\nimport time", "    time.sleep(1)\n    del time")],
  ];
  for (const [label, source] of kept) {
    it(`kept: ${label}`, () => {
      const fixed = pythonFixed(source);
      assert.match(fixed, /^(?:import time|from time import|\s+import time)/m, fixed);
      assert.match(fixed, /await asyncio\.sleep\(1\)/);
      assert.deepEqual(pythonCompileErrors({ [label]: fixed }), {});
    });
  }

  it("fix-all over two sleeps shares the one `import asyncio` in one pass, and then keeps `import time` (each fix saw the other use)", () => {
    // A known limit: fixes applied together each see the other's use of `time`, so neither removes
    // the import. The result is still correct code with one unused import.
    const source = poll("import time", "    time.sleep(1)\n    time.sleep(2)");
    const result = fixAll(source, (text) => analyzePythonSource({ text }, { settings }).findings, { unsafe: true });
    assert.equal(result.text, poll("import asyncio\nimport time", "    await asyncio.sleep(1)\n    await asyncio.sleep(2)"));
  });
});

describe("TypeScript: the fixes remove the sync function's import they made unused", () => {
  const PROJECT = path.join(__dirname, "..", "fixtures", "typescript", "project");
  const file = normalizeFileName(path.join(PROJECT, "src", "scratch-imports.ts"));
  const unsaved = new Map<string, { text: string; version: number }>();
  let version = 0;
  const projects = new TypeScriptProjects((name) => unsaved.get(name), [PROJECT]);

  function withText<T>(text: string, run: () => T): T {
    unsaved.set(file, { text, version: ++version });
    projects.documentChanged();
    try {
      return run();
    } finally {
      unsaved.delete(file);
      projects.documentChanged();
    }
  }

  function findings(text: string): Finding[] {
    return withText(text, () => analyzeTypeScriptSource(file, { settings, projects }).findings);
  }

  /** The fixed text, which must type-check without errors. */
  function fixed(text: string, code: string): string {
    const fix = findings(text).find((f) => f.code === code && f.fixes.length > 0)?.fixes[0];
    assert.ok(fix, `no ${code} fix in:\n${text}`);
    const result = applyEdits(text, fix.edits);
    const errors = withText(result, () => {
      const located = projects.locate(file)!;
      // The fixture project has no node types: "cannot find module/name 'node:fs'" says nothing of the fix.
      return ts
        .getPreEmitDiagnostics(located.program, located.sourceFile)
        .filter((d) => !/node:|type definitions for node/.test(ts.flattenDiagnosticMessageText(d.messageText, " ")))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    });
    assert.deepEqual(errors, [], result);
    return result;
  }

  it("AL102: `readFileSync` goes, `readFile` from fs/promises takes its place", () => {
    const source = 'import { readFileSync } from "node:fs";\n\nexport async function load(p: string) {\n  return readFileSync(p, "utf8");\n}\n';
    assert.equal(fixed(source, "AL102"), 'import { readFile } from "node:fs/promises";\n\nexport async function load(p: string) {\n  return await readFile(p, "utf8");\n}\n');
  });

  it("AL102: one name of several goes, the others stay", () => {
    const source = 'import { existsSync, readFileSync } from "node:fs";\n\nexport async function load(p: string) {\n  return existsSync(p) ? readFileSync(p, "utf8") : "";\n}\n';
    const result = fixed(source, "AL102");
    assert.match(result, /^import \{ existsSync \} from "node:fs";$/m);
    assert.match(result, /^import \{ readFile \} from "node:fs\/promises";$/m);
  });

  it("AL102: kept while the name has another use (a second call, a re-export)", () => {
    const twice = 'import { readFileSync } from "node:fs";\n\nexport async function load(p: string, q: string) {\n  return readFileSync(p, "utf8") + readFileSync(q, "utf8");\n}\n';
    assert.match(fixed(twice, "AL102"), /^import \{ readFileSync \} from "node:fs";$/m);
    const reexported = 'import { readFileSync } from "node:fs";\nexport { readFileSync };\n\nexport async function load(p: string) {\n  return readFileSync(p, "utf8");\n}\n';
    assert.match(fixed(reexported, "AL102"), /^import \{ readFileSync \} from "node:fs";$/m);
  });

  it("AL101: `execSync` goes after `execSync(\"sleep 1\")` became an awaited timer", () => {
    const source = 'import { execSync } from "node:child_process";\n\nexport async function pause() {\n  execSync("sleep 1");\n}\n';
    const result = fixed(source, "AL101");
    assert.doesNotMatch(result, /execSync/);
    assert.match(result, /await sleep\(1000\)|setTimeout\(resolve, 1000\)/);
  });

  it("fix-all leaves no dead import behind", () => {
    const source = 'import { readFileSync } from "node:fs";\nimport { execSync } from "node:child_process";\n\nexport async function run(p: string) {\n  execSync("sleep 1");\n  return readFileSync(p, "utf8");\n}\n';
    const result = fixAll(source, (text) => findings(text));
    assert.doesNotMatch(result.text, /readFileSync|execSync/, result.text);
  });
});
