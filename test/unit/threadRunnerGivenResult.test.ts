import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";

function analyze(body: string, extraBlockingCalls: string[] = []) {
  const text = `import asyncio\nimport time\n\nimport requests\n\n\nasync def poll(loop, url, token):\n${body}\n`;
  const settings = defaultSettings();
  settings.python.extraBlockingCalls = extraBlockingCalls;
  return { text, findings: analyzePythonSource({ text, path: "/srv/netops/poll.py" }, { settings }).findings };
}

/** The one finding's message and the line its fix leaves (the last line of the function). */
function fixedLine(body: string) {
  const { text, findings } = analyze(body);
  assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
  const [finding] = findings;
  assert.equal(finding.fixes.length, 1);
  const fixed = applyEdits(text, finding.fixes[0].edits);
  return { finding, fixed, line: fixed.trimEnd().split("\n").at(-1)!.trim() };
}

describe("a thread runner handed a call's result instead of a function", () => {
  before(initEngine);

  it("reports the call, which runs on the event loop first, and passes the function and its arguments instead", () => {
    const { finding, line } = fixedLine("    await asyncio.to_thread(time.sleep(5))");
    assert.equal(finding.code, "AL101");
    assert.match(finding.message, /`time\.sleep` runs on the event loop in `async def poll` before `asyncio\.to_thread` gets its result/);
    assert.equal(line, "await asyncio.to_thread(time.sleep, 5)");
    assert.equal(finding.fixes[0].safe, false);
  });

  it("keeps keyword arguments where the runner passes them on (to_thread)", () => {
    assert.equal(fixedLine("    await asyncio.to_thread(requests.get(url, timeout=5))").line, "await asyncio.to_thread(requests.get, url, timeout=5)");
  });

  it("passes run_in_executor the function after the executor, keywords through functools.partial", () => {
    assert.equal(fixedLine("    await loop.run_in_executor(None, requests.get(url))").line, "await loop.run_in_executor(None, requests.get, url)");
    const { fixed, line } = fixedLine("    await loop.run_in_executor(None, requests.get(url, headers={'X-Token': token}))");
    assert.equal(line, "await loop.run_in_executor(None, functools.partial(requests.get, url, headers={'X-Token': token}))");
    assert.match(fixed, /^import functools$/m);
  });

  it("offers no fix for a user-listed blocking call, whose result may be the function meant, but still reports it", () => {
    const { findings } = analyze("    await asyncio.to_thread(make_job(url))", ["make_job"]);
    assert.deepEqual(findings.map((f) => [f.code, f.fixes.length]), [["AL102", 0]]);
    assert.match(findings[0].message, /before `asyncio\.to_thread` gets its result/);
  });

  it("says nothing of a function handed over, or of a call inside a lambda (it runs in the thread)", () => {
    assert.deepEqual(analyze("    await asyncio.to_thread(time.sleep, 5)\n    await loop.run_in_executor(None, lambda: requests.get(url))").findings, []);
  });
});
