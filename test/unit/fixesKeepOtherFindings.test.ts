import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, analyzeTypeScriptSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding, Fix } from "../../server/src/engine/types";
import { parsePython } from "../../server/src/python/parser";
import { normalizeFileName, TypeScriptProjects } from "../../server/src/typescript/projects";
import { FIXTURES, listFiles } from "../support/fixtures";
import { shiftedPosition } from "../support/shiftedLine";

// A fix repairs the finding it is for and nothing else goes quiet: after `device = await
// asyncio.to_thread(ConnectHandler, …)` the blocking `device.send_command(…)` below must still
// be reported. Every fix of the fixtures is applied, and every finding it did not target (and
// did not rewrite) must be found again: same code, at the same place once lines have shifted.

const settings = defaultSettings();

function offset(position: { line: number; character: number }): number {
  return position.line * 1_000_000 + position.character;
}

function overlaps(a: Finding, b: Finding): boolean {
  return offset(a.range.start) < offset(b.range.end) && offset(b.range.start) < offset(a.range.end);
}

/** The findings a fix silenced that it did not target: `CODE line` in the original text (1-based). */
function silenced(before: readonly Finding[], target: Finding, fix: Fix, after: readonly Finding[]): string[] {
  const lost: string[] = [];
  for (const other of before) {
    if (other === target) continue;
    // A finding overlapping the target is about the same code: the fix that repairs one may repair both.
    if (overlaps(other, target)) continue;
    const moved = shiftedPosition(other.range.start, fix.edits);
    // The fix rewrote the text of this finding: what is there now is new code.
    if (!moved) continue;
    if (fix.edits.some((edit) => shiftedPosition(other.range.end, [edit]) === undefined)) continue;
    if (!after.some((f) => f.code === other.code && f.range.start.line === moved.line)) lost.push(`${other.code} line ${other.range.start.line + 1}`);
  }
  return lost;
}

describe("Python: a fix leaves the findings it did not target", () => {
  before(initEngine);

  const analyze = (text: string) => analyzePythonSource({ text }, { settings }).findings;

  it("every fix of the rule fixtures", () => {
    let applied = 0;
    const problems: string[] = [];
    for (const file of listFiles(path.join(FIXTURES, "python"), ".py")) {
      const text = fs.readFileSync(file, "utf8");
      const tree = parsePython(text);
      const broken = tree.rootNode.hasError;
      tree.delete();
      if (broken) continue;
      const findings = analyze(text);
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const lost = silenced(findings, finding, fix, analyze(applyEdits(text, fix.edits)));
          if (lost.length > 0) problems.push(`${path.basename(file)}:${finding.range.start.line + 1} ${finding.code} "${fix.title}" silenced ${lost.join(", ")}`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 20, `only ${applied} fixes applied`);
    assert.deepEqual(problems, []);
  });

  const offloads: Array<[string, string, string]> = [
    ["asyncio.to_thread", "import asyncio\nfrom netmiko import ConnectHandler\n", "device = await asyncio.to_thread(ConnectHandler, **params)"],
    ["run_in_executor with functools.partial", "import asyncio\nimport functools\nfrom netmiko import ConnectHandler\n", "device = await asyncio.get_running_loop().run_in_executor(None, functools.partial(ConnectHandler, **params))"],
    ["trio.to_thread.run_sync", "import trio\nfrom netmiko import ConnectHandler\n", "device = await trio.to_thread.run_sync(ConnectHandler, params)"],
    ["anyio.to_thread.run_sync", "import anyio\nfrom netmiko import ConnectHandler\n", "device = await anyio.to_thread.run_sync(ConnectHandler, params)"],
  ];
  for (const [label, imports, connect] of offloads) {
    it(`an object made through ${label} keeps the type it would have had`, () => {
      const text = `${imports}\n\nasync def backup(params):\n    ${connect}\n    return device.send_command("show running-config")\n`;
      const findings = analyze(text).map((f) => `${f.code} ${text.split("\n")[f.range.start.line].trim()}`);
      assert.deepEqual(findings, ['AL102 return device.send_command("show running-config")']);
    });
  }

  it("the AL102 fix itself: the connection moves to a thread, the command on it is still reported", () => {
    const text = `import asyncio\nfrom netmiko import ConnectHandler\n\n\nasync def backup(params):\n    device = ConnectHandler(**params)\n    return device.send_command("show running-config")\n`;
    const findings = analyze(text);
    const connect = findings.find((f) => f.range.start.line === 5);
    assert.equal(connect?.code, "AL102");
    const fixed = applyEdits(text, connect.fixes[0].edits);
    assert.match(fixed, /device = await asyncio\.to_thread\(ConnectHandler, \*\*params\)/);
    assert.deepEqual(
      analyze(fixed).map((f) => [f.code, f.range.start.line]),
      [["AL102", 6]],
    );
  });

  it("the check catches a fix that silences another finding", () => {
    const text = "import time\n\n\nasync def poll():\n    time.sleep(1)\n    time.sleep(2)\n";
    const findings = analyze(text);
    const [first] = findings;
    const fix = first.fixes[0];
    // As if the second finding had gone: the test must say so.
    assert.deepEqual(silenced(findings, first, fix, analyze(applyEdits(text, fix.edits)).slice(0, 0)), ["AL101 line 6"]);
  });
});

describe("TypeScript: a fix leaves the findings it did not target", () => {
  const PROJECT = path.join(FIXTURES, "typescript", "project");
  const SOURCES = path.join(PROJECT, "src");
  const unsaved = new Map<string, { text: string; version: number }>();
  let version = 0;
  const projects = new TypeScriptProjects((file) => unsaved.get(file), [PROJECT]);

  function findingsOf(file: string, text?: string): Finding[] {
    if (text !== undefined) {
      unsaved.set(file, { text, version: ++version });
      projects.documentChanged();
    }
    try {
      return analyzeTypeScriptSource(file, { settings, projects }).findings;
    } finally {
      if (text !== undefined) {
        unsaved.delete(file);
        projects.documentChanged();
      }
    }
  }

  for (const name of fs.readdirSync(SOURCES).filter((n) => /\.(ts|js)$/.test(n) && !n.endsWith(".d.ts"))) {
    it(`every fix in ${name}`, () => {
      const file = normalizeFileName(path.join(SOURCES, name));
      const text = fs.readFileSync(file, "utf8");
      const findings = findingsOf(file);
      const problems: string[] = [];
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const lost = silenced(findings, finding, fix, findingsOf(file, applyEdits(text, fix.edits)));
          if (lost.length > 0) problems.push(`${name}:${finding.range.start.line + 1} ${finding.code} "${fix.title}" silenced ${lost.join(", ")}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
