import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";

/** AL103 findings of a module as `line: message`, lines counted from 1. */
function fileIo(text: string): string[] {
  return analyzePythonSource({ text }, { settings: defaultSettings() })
    .findings.filter((f) => f.code === "AL103")
    .map((f) => `${f.range.start.line + 1}: ${f.message}`);
}

// What a user sees on the reads and writes of a file once the open is no longer the finding.
describe("AL103 on a file whose open is not reported", () => {
  before(initEngine);

  it("a file opened in a thread keeps its read reported, with the file remedy", () => {
    const found = fileIo(
      "import asyncio\n\n\nasync def restore(path):\n    backup = await asyncio.to_thread(open, path)\n    return backup.read()\n",
    );
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0], /^6: `backup\.read` is a call on a sync file in `async def restore`: .*`aiofiles`/);
  });

  it("the same file opened on the loop is one finding, at the open", () => {
    const found = fileIo("async def restore(path):\n    backup = open(path)\n    return backup.read()\n");
    assert.deepEqual(
      found.map((line) => line.split(":")[0]),
      ["2"],
      found.join("\n"),
    );
  });

  it("os.fdopen is not reported, the write on its file is, naming a pipe or socket and asyncio's pipe transports", () => {
    const found = fileIo(
      "import asyncio\nimport os\n\n\nasync def report(fd, summary):\n    with os.fdopen(fd, \"w\") as status:\n        status.write(summary)\n",
    );
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0], /^7: `status\.write` is a call on a sync file made by `os\.fdopen` .*a pipe or a socket.*`loop\.connect_read_pipe`/);
  });

  it("under trio the remedy is trio's thread runner", () => {
    const found = fileIo("import os\nimport trio\n\n\nasync def report(fd, summary):\n    status = os.fdopen(fd, \"w\")\n    status.write(summary)\n");
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0], /made by `os\.fdopen`.*`await trio\.to_thread\.run_sync\(…\)`/);
  });
});
