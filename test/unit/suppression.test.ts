import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { analyzePythonSource, finalizeFindings, initEngine } from "../../server/src/engine/analyze";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { defaultSettings, type Settings } from "../../server/src/engine/settings";
import type { Suppression } from "../../server/src/engine/suppression";
import { parsePythonComment } from "../../server/src/python/suppressionComments";

function analyze(text: string, settings: Settings = defaultSettings()) {
  return analyzePythonSource({ text }, { settings }).findings;
}

/** The text after applying the first fix of the only AL900 finding. */
function removeUnused(text: string): string {
  const unused = analyze(text).filter((f) => f.code === "AL900");
  assert.equal(unused.length, 1, `expected one AL900 in:\n${text}\ngot ${JSON.stringify(unused)}`);
  assert.equal(unused[0].fixes.length, 1);
  assert.equal(unused[0].fixes[0].safe, true);
  return applyEdits(text, unused[0].fixes[0].edits);
}

const HEADER = "import asyncio\nimport time\n\n\nasync def poll():\n";

describe("Python suppression comments", () => {
  before(initEngine);

  it("reads codes, aliases and scopes out of a comment", () => {
    const [asynclint, noqa] = parsePythonComment("# asynclint: ignore[AL101, asy251]  # noqa: E501,ASYNC251,RUF006");
    assert.deepEqual({ owner: asynclint.owner, scope: asynclint.scope, codes: asynclint.codes }, { owner: "asynclint", scope: "line", codes: ["AL101", "ASY251"] });
    assert.deepEqual({ owner: noqa.owner, codes: noqa.codes, written: noqa.written }, { owner: "other", codes: ["E501", "AL101", "AL302"], written: ["E501", "ASYNC251", "RUF006"] });
    assert.deepEqual(parsePythonComment("# asynclint: ignore-file[AL201]")[0].scope, "file");
    assert.deepEqual(parsePythonComment("# asynclint: ignore")[0].codes, null);
    // Not directives: a bare noqa (other tools'), a longer word, prose that mentions us.
    assert.deepEqual(parsePythonComment("# noqa"), []);
    assert.deepEqual(parsePythonComment("# asynclint: ignored[AL101]"), []);
    assert.deepEqual(parsePythonComment("# see the asynclint docs"), []);
  });

  it("honours the peers' codes of the new rules: ASYNC230/231/232, ASYNC240, ASYNC110, ASYNC100, ASYNC109, RUF029", () => {
    const settings = defaultSettings();
    // AL104, AL501 and AL502 are off by default.
    Object.assign(settings.rules, { AL104: "warning", AL501: "warning", AL502: "warning" });
    const lines = [
      "import asyncio",
      "import os",
      "",
      "",
      "async def banner():{5}",
      "    return 'hello'",
      "",
      "",
      "async def helper(timeout=5):{0}",
      "    async with asyncio.timeout(timeout):{1}",
      "        pass",
      "    while not os.environ:{2}",
      "        await asyncio.sleep(1)",
      "    with open('a') as f:{3}",
      "        pass",
      "    return os.path.exists('a'){4}",
      "",
      "",
      "async def main():",
      "    await helper()",
      "    await banner()",
    ].join("\n");
    const plain = lines.replace(/\{\d\}/g, "");
    assert.deepEqual(analyze(plain, settings).map((f) => f.code).sort(), ["AL103", "AL104", "AL203", "AL204", "AL501", "AL502"]);
    for (const codes of [["ASYNC109", "ASYNC100", "ASYNC110", "ASYNC230", "ASYNC240", "RUF029"], ["ASYNC109", "ASYNC100", "ASYNC110", "ASYNC231", "ASYNC240", "RUF029"], ["ASYNC109", "ASYNC100", "ASYNC110", "ASYNC232", "ASYNC240", "RUF029"]]) {
      const text = codes.reduce((t, code, i) => t.replace(`{${i}}`, `  # noqa: ${code}`), lines);
      assert.deepEqual(analyze(text, settings), [], text);
    }
  });

  it("silences only the named codes, only on its own line", () => {
    const text = HEADER + "    time.sleep(1)  # asynclint: ignore[AL102]\n    time.sleep(1)  # asynclint: ignore[AL101]\n    time.sleep(1)\n";
    const lines = analyze(text)
      .filter((f) => f.code === "AL101")
      .map((f) => f.range.start.line);
    assert.deepEqual(lines, [5, 7]);
  });

  it("removes a directive that stands alone on its line together with the line", () => {
    const text = "# asynclint: ignore-file[AL101]\nimport asyncio\n";
    assert.equal(removeUnused(text), "import asyncio\n");
  });

  it("a code list that cannot be read silences nothing, and its removal takes the whole directive", () => {
    // A `#` inside the brackets (a typo) or a list never closed: once read as a bare directive, silencing every code.
    const typo = "# asynclint: ignore-file[AL#101]\n" + HEADER + "    time.sleep(1)\n";
    assert.deepEqual(analyze(typo).map((f) => f.code), ["AL900", "AL101"]);
    assert.equal(removeUnused(typo), HEADER + "    time.sleep(1)\n");
    const unclosed = HEADER + "    time.sleep(1)  # asynclint: ignore[AL101  # noqa: E501\n";
    assert.deepEqual(analyze(unclosed).map((f) => f.code), ["AL101", "AL900"]);
    assert.equal(removeUnused(unclosed), HEADER + "    time.sleep(1)  # noqa: E501\n");
  });

  it("removes a trailing directive with the blanks before it", () => {
    const text = HEADER + "    await asyncio.sleep(1)  # asynclint: ignore[AL101]\n";
    assert.equal(removeUnused(text), HEADER + "    await asyncio.sleep(1)\n");
  });

  it("keeps the rest of a shared comment", () => {
    const before = HEADER + "    await asyncio.sleep(1)  # asynclint: ignore  # why: it was slow\n";
    assert.equal(removeUnused(before), HEADER + "    await asyncio.sleep(1)  # why: it was slow\n");
    const after = HEADER + "    await asyncio.sleep(1)  # type: ignore  # asynclint: ignore\n";
    assert.equal(removeUnused(after), HEADER + "    await asyncio.sleep(1)  # type: ignore\n");
  });

  it("keeps prose after a directive that opens the comment as a comment", () => {
    const text = HEADER + "    await asyncio.sleep(1)  # asynclint: ignore[AL101] keeps it quiet\n";
    assert.equal(removeUnused(text), HEADER + "    await asyncio.sleep(1)  # keeps it quiet\n");
  });

  it("removes only the unused codes when others are still needed", () => {
    const text = HEADER + "    time.sleep(1)  # asynclint: ignore[AL102,AL101 , AL999]\n";
    const [unused] = analyze(text).filter((f) => f.code === "AL900");
    assert.equal(unused.message, "Unused suppression: AL102 is not reported on this line; AL999 is not an asynclint code");
    assert.equal(unused.severity, "hint");
    assert.equal(removeUnused(text), HEADER + "    time.sleep(1)  # asynclint: ignore[AL101]\n");
  });

  it("judges only our own codes in another tool's noqa", () => {
    const text = HEADER + "    await asyncio.sleep(1)  # noqa: E501, AL101, ASYNC251\n";
    const [unused] = analyze(text).filter((f) => f.code === "AL900");
    assert.equal(unused.message, "Unused suppression: AL101 is not reported on this line");
    assert.equal(removeUnused(text), HEADER + "    await asyncio.sleep(1)  # noqa: E501, ASYNC251\n");
    assert.deepEqual(analyze(HEADER + "    await asyncio.sleep(1)  # noqa: E501, ASYNC251\n"), []);
  });

  it("does not judge codes of rules turned off, and AL900 can itself be turned off", () => {
    const text = HEADER + "    await asyncio.sleep(1)  # asynclint: ignore[AL101]\n";
    assert.equal(analyze(text).length, 1);
    const off = defaultSettings();
    off.rules.AL101 = "off";
    assert.deepEqual(analyze(text, off), []);
    const quiet = defaultSettings();
    quiet.rules.AL900 = "off";
    assert.deepEqual(analyze(text, quiet), []);
    const loud = defaultSettings();
    loud.rules.AL900 = "warning";
    assert.equal(analyze(text, loud)[0].severity, "warning");
  });

  it("ignores an ignore-file below the first statement, and says so", () => {
    const text = "import time\n# asynclint: ignore-file[AL101]\n\n\nasync def poll():\n    time.sleep(1)\n";
    const findings = analyze(text);
    assert.deepEqual(findings.map((f) => `${f.range.start.line}:${f.code}`), ["1:AL900", "5:AL101"]);
    assert.match(findings[0].message, /before the first statement/);
  });

  it("reports directives produced without the optional fields (as another language may) with a plain removal", () => {
    const range = { start: { line: 0, character: 10 }, end: { line: 0, character: 40 } };
    const directive: Suppression = { line: 0, codes: ["AL301"], scope: "line", range };
    const findings = finalizeFindings([], [directive], "typescript", defaultSettings());
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes[0].edits, [{ range, newText: "" }]);
    const raw = [{ code: "AL301", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, message: "m", fixes: [] }];
    assert.deepEqual(finalizeFindings(raw, [directive], "typescript", defaultSettings()), []);
  });
});
