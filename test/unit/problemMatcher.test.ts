import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { asynclint, ensureBuilt, makeTree, REPO, removeTree } from "./cliHarness";

interface ProblemPattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  code: number;
  message: number;
}

/** The `$asynclint` problem matcher, as package.json contributes it to VS Code. */
function contributedPattern(): ProblemPattern {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { contributes: { problemMatchers: { name: string; pattern: ProblemPattern }[] } };
  const matcher = manifest.contributes.problemMatchers.find((candidate) => candidate.name === "asynclint");
  assert.ok(matcher, "package.json contributes no problem matcher named asynclint");
  return matcher.pattern;
}

/** What VS Code's matcher takes from each line of output (it matches line by line, as JavaScript regexes). */
function matched(output: string, pattern: ProblemPattern): string[] {
  const regexp = new RegExp(pattern.regexp);
  return output.split("\n").flatMap((line) => {
    const match = regexp.exec(line);
    return match ? [`${match[pattern.file]}|${match[pattern.line]}|${match[pattern.column]}|${match[pattern.code]}|${match[pattern.message]}`] : [];
  });
}

/** The matcher reads what `asynclint check` prints, so a task running it fills the Problems panel (the e2e suite runs one). */
describe("the $asynclint problem matcher", () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = makeTree({
      "jobs/backup.py": "import asyncio\nimport time\n\n\nasync def backup(host):\n    time.sleep(1)\n    await asyncio.sleep(0)\n",
      "Backups (old)/copy: v2.py": "import time\n\n\nasync def copy():\n    time.sleep(2)\n",
      "clean.py": "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n",
    });
  });
  after(() => removeTree(root));

  it("takes every finding of the text output, with its file, position, code and message, and nothing else", () => {
    const result = asynclint(["check"], { cwd: root, env: { NO_COLOR: "1" } });
    assert.equal(result.status, 1, result.stderr);
    const findings = matched(result.stdout, contributedPattern()).sort();
    assert.deepEqual(
      findings.map((finding) => finding.split("|").slice(0, 4).join("|")),
      ["Backups (old)/copy: v2.py|5|5|AL101", "jobs/backup.py|6|5|AL101"],
      `output:\n${result.stdout}`,
    );
    for (const finding of findings) assert.match(finding.split("|")[4], /^`time\.sleep` blocks the event loop in `async def \w+`/);
    // The summary lines are not problems.
    assert.ok(result.stdout.includes("Found 2 problems"));
  });

  it("reads a Windows path with its drive letter, and leaves notebook cell positions alone", () => {
    const pattern = contributedPattern();
    assert.deepEqual(matched("C:\\work\\net\\poll.py:12:9: AL102 `subprocess.run` blocks the event loop.", pattern), ["C:\\work\\net\\poll.py|12|9|AL102|`subprocess.run` blocks the event loop."]);
    // A cell's line is not a line of the .ipynb file: matching it would point at the wrong place.
    assert.deepEqual(matched("nb.ipynb:cell 3:2:5: AL301 The coroutine from `fetch(…)` is never awaited.", pattern), []);
  });
});
