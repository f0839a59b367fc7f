import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import ts from "typescript";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { defaultSettings } from "../../server/src/engine/settings";
import { disableFileEdit } from "../../server/src/python/disableComment";
import { parsePython } from "../../server/src/python/parser";
import { disableFileEditTypeScript } from "../../server/src/typescript/disableComment";
import { typeScriptSuppressions } from "../../server/src/typescript/suppressions";

const SLEEPY = "import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(1)\n    asyncio.create_task(poll())\n";

function disablePython(text: string, code: string): string | undefined {
  const tree = parsePython(text);
  try {
    const edit = disableFileEdit(tree, new LineIndex(text), code);
    return edit && applyEdits(text, [edit]);
  } finally {
    tree.delete();
  }
}

const codesOf = (text: string) => analyzePythonSource({ text }, { settings: defaultSettings() }).findings.map((f) => f.code);

describe("'Disable ALxxx for this file' in Python", () => {
  before(initEngine);

  it("writes a directive that silences the code and nothing else", () => {
    assert.deepEqual(codesOf(SLEEPY), ["AL101", "AL302"]);
    const text = disablePython(SLEEPY, "AL101")!;
    assert.ok(text.startsWith("# asynclint: ignore-file[AL101]\nimport asyncio\n"));
    assert.deepEqual(codesOf(text), ["AL302"]);
  });

  it("adds the code to the header's directive, and offers nothing where the header already silences it", () => {
    const once = disablePython('"""Poller."""\n' + SLEEPY, "AL101")!;
    const twice = disablePython(once, "AL302")!;
    assert.equal(twice.split("\n")[0], "# asynclint: ignore-file[AL101, AL302]");
    assert.deepEqual(codesOf(twice), []);
    assert.equal(disablePython(twice, "AL101"), undefined);
    assert.equal(disablePython("# asynclint: ignore-file\n" + SLEEPY, "AL302"), undefined, "a bare ignore-file silences every rule");
  });

  it("keeps CRLF line ends, and puts the directive after a shebang-only file's missing newline", () => {
    assert.equal(disablePython(SLEEPY.replace(/\n/g, "\r\n"), "AL101")!.split("\r\n")[0], "# asynclint: ignore-file[AL101]");
    assert.equal(disablePython("#!/usr/bin/env python3", "AL101"), "#!/usr/bin/env python3\n# asynclint: ignore-file[AL101]\n");
  });
});

describe("'Disable ALxxx for this file' in TypeScript/JavaScript", () => {
  const fileCodes = (text: string) => {
    const sourceFile = ts.createSourceFile("job.ts", text, ts.ScriptTarget.Latest, true);
    return typeScriptSuppressions(sourceFile, new LineIndex(text)).filter((s) => s.scope === "file").map((s) => s.codes);
  };
  const FLOATING = "import { save } from './store';\n\nexport async function run() {\n  save();\n}\n";

  it("writes a file directive the suppression reader takes as that code for the whole file", () => {
    const text = applyEdits(FLOATING, [disableFileEditTypeScript(FLOATING, "AL301")!]);
    assert.ok(text.startsWith("/* asynclint-ignore-file AL301 */\nimport"));
    assert.deepEqual(fileCodes(text), [["AL301"]]);
  });

  it("extends the header's directive, keeps a shebang first, and offers nothing when the code is silenced already", () => {
    const script = "#!/usr/bin/env node\n// Nightly backup.\n/* asynclint-ignore-file AL201 */\n" + FLOATING;
    const text = applyEdits(script, [disableFileEditTypeScript(script, "AL301")!]);
    assert.equal(text.split("\n")[2], "/* asynclint-ignore-file AL201, AL301 */");
    assert.deepEqual(fileCodes(text), [["AL201", "AL301"]]);
    assert.equal(disableFileEditTypeScript(text, "AL301"), undefined);
    const bare = applyEdits("#!/usr/bin/env node\n" + FLOATING, [disableFileEditTypeScript("#!/usr/bin/env node\n" + FLOATING, "AL301")!]);
    assert.deepEqual(bare.split("\n").slice(0, 2), ["#!/usr/bin/env node", "/* asynclint-ignore-file AL301 */"]);
  });
});
