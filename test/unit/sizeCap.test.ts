import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";

/** A coroutine with a blocking sleep, padded with a comment to exactly `bytes` bytes of UTF-8 (é is two). */
function fileOf(bytes: number): string {
  const code = "import time\n\n\nasync def poll():\n    time.sleep(1)\n# ";
  const text = code + "é".repeat(Math.floor((bytes - code.length - 1) / 2)) + "x".repeat((bytes - code.length - 1) % 2) + "\n";
  assert.equal(Buffer.byteLength(text, "utf8"), bytes);
  return text;
}

describe("asynclint.maxFileSize", () => {
  before(initEngine);

  it("analyzes a file of exactly the cap, and skips one byte more with a notice naming the setting", () => {
    const settings = defaultSettings();
    settings.maxFileSize = 4000;
    const atCap = analyzePythonSource({ text: fileOf(4000) }, { settings });
    assert.deepEqual(atCap.findings.map((f) => f.code), ["AL101"]);
    assert.deepEqual(atCap.notices, []);
    const over = analyzePythonSource({ text: fileOf(4001) }, { settings });
    assert.deepEqual(over.findings, []);
    assert.equal(over.notices.length, 1);
    assert.match(over.notices[0].message, /not analyzed: the file is .*larger than asynclint\.maxFileSize/);
  });
});
