import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings } from "../../server/src/engine/settings";

const analyze = (text: string) => analyzePythonSource({ text, path: "/srv/netops/refresh.py" }, { settings: defaultSettings() }).findings;

describe("fix-all", () => {
  before(initEngine);

  // Both fixes add a line at the top (AL101's `import asyncio`, AL302's task set), at the same place:
  // the second collides with the first and can only apply once the first is in the text.
  const text = "from asyncio import create_task\nimport time\n\n\nasync def refresh(device):\n    time.sleep(1)\n    create_task(device.poll())\n";

  it("applies, by default, a fix that only fits once another is applied (a second pass)", () => {
    const { text: fixed, applied } = fixAll(text, analyze);
    assert.equal(applied, 2);
    assert.equal(
      fixed,
      "import asyncio\nfrom asyncio import create_task\n\n_background_tasks = set()\n\n\nasync def refresh(device):\n    await asyncio.sleep(1)\n" +
        "    task = create_task(device.poll())\n    _background_tasks.add(task)\n    task.add_done_callback(_background_tasks.discard)\n",
    );
    assert.deepEqual(analyze(fixed).filter((f) => f.fixes.some((fix) => fix.safe)), []);
  });

  it("stops after maxPasses passes, leaving the rest for the next run", () => {
    const { text: fixed, applied } = fixAll(text, analyze, { maxPasses: 1 });
    assert.equal(applied, 1);
    assert.deepEqual(analyze(fixed).map((f) => f.code), ["AL302"]);
  });
});
