import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";

/**
 * The exact code each Python fix writes, and whether it is safe. The fixture tests prove a fix
 * parses, compiles and removes its finding; that leaves room for a fix that does something else
 * (drops the `await`, keeps the call on the loop): these pin what the user gets.
 */
const SOURCE = `import asyncio
import shutil
import subprocess
import time
from pathlib import Path


async def fetch(host):
    return host


async def refresh(host, backup: Path):
    time.sleep(1)
    subprocess.run(["ping", "-c", "1", host], check=True)
    backup.write_text(host)
    shutil.copy("a.cfg", "b.cfg")
    fetch(host)
    asyncio.run(fetch(host))
    first = await fetch("r1")
    second = await fetch("r2")
    for name in ["r3", "r4"]:
        await fetch(name)
    return first, second
`;

const EXPECTED: [code: string, before: string, after: string, safe: boolean][] = [
  ["AL101", "    time.sleep(1)", "    await asyncio.sleep(1)", true],
  ["AL102", '    subprocess.run(["ping", "-c", "1", host], check=True)', '    await asyncio.to_thread(subprocess.run, ["ping", "-c", "1", host], check=True)', false],
  ["AL103", "    backup.write_text(host)", "    await asyncio.to_thread(backup.write_text, host)", false],
  ["AL103", '    shutil.copy("a.cfg", "b.cfg")', '    await asyncio.to_thread(shutil.copy, "a.cfg", "b.cfg")', false],
  ["AL301", "    fetch(host)\n", "    await fetch(host)\n", true],
  ["AL401", "    asyncio.run(fetch(host))", "    await fetch(host)", true],
  ["AL201", '    first = await fetch("r1")\n    second = await fetch("r2")', '    first, second = await asyncio.gather(fetch("r1"), fetch("r2"))', false],
  ["AL202", '    for name in ["r3", "r4"]:\n        await fetch(name)', '    await asyncio.gather(*(fetch(name) for name in ["r3", "r4"]))', false],
];

describe("the code each Python fix writes", () => {
  before(initEngine);

  it("replaces each mistake with its remedy, safe only where nothing else changes", () => {
    const findings = analyzePythonSource({ text: SOURCE, path: "/srv/netops/refresh.py" }, { settings: defaultSettings() }).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      EXPECTED.map(([code]) => code),
    );
    findings.forEach((finding, i) => {
      const [code, before, after, safe] = EXPECTED[i];
      assert.equal(finding.fixes.length, 1, `${code}: one fix`);
      const fixed = applyEdits(SOURCE, finding.fixes[0].edits);
      assert.ok(fixed.includes(after) && !fixed.includes(before), `${code} at line ${finding.range.start.line + 1} gives:\n${fixed}`);
      assert.equal(finding.fixes[0].safe, safe, `${code}: ${finding.fixes[0].title}`);
    });
  });

  it("AL101's fix removes `import time` with its last use", () => {
    const sleep = analyzePythonSource({ text: SOURCE, path: "/srv/netops/refresh.py" }, { settings: defaultSettings() }).findings.find((f) => f.code === "AL101")!;
    assert.doesNotMatch(applyEdits(SOURCE, sleep.fixes[0].edits), /^import time$/m);
  });
});
