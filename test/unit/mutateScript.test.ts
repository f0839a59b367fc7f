import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { mutatedText, problemsOf } from "../../scripts/mutate";

describe("scripts/mutate.ts", () => {
  const mutation = { name: "sleep-gone", file: "rules.ts", find: 'new Set(["time.sleep"])', replace: "new Set()" };

  it("applies a mutation whose text occurs exactly once", () => {
    assert.deepEqual(mutatedText('const SLEEPS = new Set(["time.sleep"]);\n', mutation), { text: "const SLEEPS = new Set();\n" });
  });

  it("reports a text that is no longer in the file, or occurs twice, instead of running a mutation that changes nothing or the wrong place", () => {
    assert.match((mutatedText("const SLEEPS = new Set([]);\n", mutation) as { error: string }).error, /sleep-gone: its text is no longer in rules\.ts/);
    assert.match((mutatedText('a = new Set(["time.sleep"]); b = new Set(["time.sleep"]);', mutation) as { error: string }).error, /occurs more than once/);
  });

  it("lists every problem of the list: stale texts, missing files and test files, names used twice", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-mutate-test-"));
    try {
      fs.writeFileSync(path.join(root, "rules.ts"), "const SLEEPS = new Set([]);\n");
      const problems = problemsOf(
        [
          { ...mutation, tests: ["test/missing.test.ts"] },
          { ...mutation, file: "gone.ts", tests: [] },
        ],
        root,
      );
      assert.deepEqual(problems, [
        'sleep-gone: its text is no longer in rules.ts: "new Set([\\"time.sleep\\"])"',
        "sleep-gone: its test file test/missing.test.ts does not exist",
        "sleep-gone: the name is used twice",
        "sleep-gone: gone.ts does not exist",
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
