import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { pythonCompileErrors } from "../support/pythonCompile";

const HEADER = "import asyncio\n\n\nasync def fetch_facts(device):\n    await asyncio.sleep(0)\n    return device\n\n\n";

function loopFindings(body: string): Finding[] {
  return analyzePythonSource({ text: HEADER + body }, { settings: defaultSettings() }).findings.filter((f) => f.code === "AL202");
}

/** The one AL202 finding of `body`: its fix applied, or the reason it was withheld. */
function outcome(body: string): { fixed?: string; withheld?: string } {
  const [finding, ...rest] = loopFindings(body);
  assert.ok(finding, "AL202 reports the loop");
  assert.equal(rest.length, 0);
  if (finding.fixes.length > 0) {
    assert.equal(finding.withheld, undefined, "a fix offered is not withheld too");
    return { fixed: applyEdits(HEADER + body, finding.fixes[0].edits).slice(HEADER.length) };
  }
  assert.equal(finding.withheld?.length, 1, "a finding without its fix says why");
  assert.match(finding.withheld![0].title, /asyncio\.gather/);
  return { withheld: finding.withheld![0].reason };
}

describe("AL202's rewrite when the loop variable's name comes back", () => {
  before(initEngine);

  it("rewrites a loop whose name a later loop binds again before reading it (it reads its own element)", () => {
    const body = "async def audit(devices, spares):\n    for device in devices:\n        await fetch_facts(device)\n    for device in spares:\n        print(device)\n";
    const { fixed } = outcome(body);
    assert.equal(fixed, "async def audit(devices, spares):\n    await asyncio.gather(*(fetch_facts(device) for device in devices))\n    for device in spares:\n        print(device)\n");
    assert.deepEqual(pythonCompileErrors({ "audit.py": HEADER + fixed! }), {});
  });

  it("rewrites a loop after which the name was only read before it, in a function that runs it once", () => {
    const body = "async def audit(devices):\n    device = 'console'\n    print(device)\n    for device in devices:\n        await fetch_facts(device)\n";
    assert.ok(outcome(body).fixed);
  });

  it("withholds it, saying why, when the last element is read after the loop", () => {
    const body = "async def audit(devices):\n    for device in devices:\n        await fetch_facts(device)\n    print('last was', device)\n";
    assert.equal(outcome(body).withheld, "`device` is read after the loop, where it holds the last element; after the rewrite it would not");
  });

  it("withholds it when the later loop's iterable or else clause reads the name before binding it", () => {
    const iterable = "async def audit(devices):\n    for device in devices:\n        await fetch_facts(device)\n    for peer in device.peers:\n        print(peer)\n";
    assert.match(outcome(iterable).withheld ?? "", /`device` is read after the loop/);
    const orElse = "async def audit(devices, spares):\n    for device in devices:\n        await fetch_facts(device)\n    for device in spares:\n        pass\n    else:\n        print(device)\n";
    assert.match(outcome(orElse).withheld ?? "", /`device` is read after the loop/);
  });

  it("withholds it when an outer loop binding the same name reads it after this loop (it holds this loop's last element there)", () => {
    const body = "async def audit(racks):\n    for device in racks:\n        for device in device.members:\n            await fetch_facts(device)\n        print(device)\n";
    assert.match(outcome(body).withheld ?? "", /`device` is read after the loop/);
  });

  it("withholds it when an earlier read may run after the loop (an enclosing while) or the name is global", () => {
    const again = "async def audit(devices):\n    while devices:\n        print(device)\n        for device in devices:\n            await fetch_facts(device)\n        devices = []\n";
    assert.match(outcome(again).withheld ?? "", /`device` is read after the loop/);
    const shared = "async def audit(devices):\n    global device\n    for device in devices:\n        await fetch_facts(device)\n";
    assert.match(outcome(shared).withheld ?? "", /`device` is read after the loop/);
  });

  it("withholds it, saying why, for results stored by key and for a body with a comment", () => {
    const keyed = "async def audit(devices):\n    facts = {}\n    for device in devices:\n        facts[device] = await fetch_facts(device)\n    return facts\n";
    assert.equal(outcome(keyed).withheld, "the results are stored by key, which the rewrite does not keep");
    const commented = "async def audit(devices):\n    for device in devices:\n        # one at a time, for now\n        await fetch_facts(device)\n";
    assert.equal(outcome(commented).withheld, "the loop holds a comment, which the rewrite would lose");
  });
});
