import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { fixAll } from "../../server/src/engine/fixAll";
import { defaultSettings } from "../../server/src/engine/settings";
import type { Finding } from "../../server/src/engine/types";
import { OpenDocument } from "../../server/src/lsp/pythonDocument";
import { pythonCompileErrors } from "../support/pythonCompile";

/**
 * AL302's fix keeps the task in a module-level set until it finishes. What a user relies on: one
 * set however many fixes are applied, never a set of the program's own, safe only where the call
 * surely gives an asyncio task, and the editor's statement cache never offering a fix that names
 * a set since deleted.
 */
const settings = defaultSettings();

function dangling(text: string): Finding[] {
  return analyzePythonSource({ text, path: "/project/bot/alerts.py" }, { settings }).findings.filter((f) => f.code === "AL302");
}

const ALERTS = `"""Alert fan-out for the NOC bot."""
import asyncio

shutdown_waits = set()


async def page(device):
    await asyncio.sleep(0)


async def on_alarm(devices):
    for device in devices:
        asyncio.create_task(page(device))
    asyncio.ensure_future(page("core-1"))
    task = asyncio.create_task(page("core-2"))
    shutdown_waits.discard(None)


class Notifier:
    def __init__(self, loop):
        self.loop = loop

    def on_link_down(self, device):
        self.loop.create_task(page(device))
`;

describe("AL302: keep the task in a set", () => {
  before(initEngine);

  it("fix-all writes one set, keeps every task in it, and compiles", () => {
    const result = fixAll(ALERTS, dangling, { unsafe: true, maxPasses: 20 });
    assert.equal(result.applied, 4);
    assert.equal(result.text.match(/^_background_tasks = set\(\)$/gm)?.length, 1, result.text);
    assert.equal(result.text.match(/_background_tasks\.add\(/g)?.length, 4, result.text);
    assert.equal(result.text.match(/\.add_done_callback\(_background_tasks\.discard\)/g)?.length, 4, result.text);
    // The program's own set is left to the program: a shutdown awaiting it would otherwise see these tasks too.
    assert.doesNotMatch(result.text, /shutdown_waits\.add/);
    assert.deepEqual(dangling(result.text), []);
    assert.deepEqual(pythonCompileErrors({ "alerts.py": result.text }), {});
  });

  it("is safe for asyncio's own spawners and unsafe, saying why, for a loop known only by its name", () => {
    const byLine = new Map(dangling(ALERTS).map((f) => [f.range.start.line + 1, f.fixes[0]]));
    assert.equal(byLine.get(13)?.safe, true);
    assert.equal(byLine.get(15)?.safe, true, "the unread name gets the fix too");
    assert.equal(byLine.get(24)?.safe, false);
    assert.match(byLine.get(24)!.title, /assumes `self\.loop` is an asyncio event loop/);
  });

  it("binds a task made by a statement to a name the function does not use", () => {
    const fix = dangling(ALERTS).find((f) => f.range.start.line + 1 === 14)!.fixes[0];
    const fixed = applyEdits(ALERTS, fix.edits);
    // `task` is the function's own name already: the fix must not rebind it.
    assert.match(fixed, /\n {4}task_1 = asyncio\.ensure_future\(page\("core-1"\)\)\n {4}_background_tasks\.add\(task_1\)\n/);
  });

  it("in the editor, a fix reusing the set is not kept once that set is deleted", () => {
    const withSet = fixAll(ALERTS, (text) => dangling(text).filter((f) => f.range.start.line + 1 === 13), { unsafe: true }).text;
    const document = new OpenDocument(TextDocument.create("file:///project/bot/alerts.py", "python", 1, withSet));
    const options = { settings, filePath: "/project/bot/alerts.py", workspaceKey: "0" };
    try {
      const compare = (what: string) => {
        const incremental = document.analysis.analyze(document.pythonTree(), document.text, options);
        const fresh = analyzePythonSource({ text: document.text, path: "/project/bot/alerts.py" }, { settings });
        assert.deepEqual(incremental, fresh, what);
      };
      compare("with the set");
      const line = withSet.split("\n").indexOf("_background_tasks = set()");
      document.applyChanges([{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: "" }], 2);
      compare("after deleting the set");
    } finally {
      document.dispose();
    }
  });
});
