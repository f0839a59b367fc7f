import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FileOutcome } from "../../server/src/cli/fileOutcome";
import { formatSarif } from "../../server/src/cli/formats/sarif";
import type { Finding, Severity } from "../../server/src/engine/types";

function finding(severity: Severity, line: number): Finding {
  return {
    code: "AL101",
    severity,
    message: `a ${severity}`,
    range: { start: { line, character: 4 }, end: { line, character: 17 } },
    fixes: [],
  } as unknown as Finding;
}

describe("SARIF levels", () => {
  it("follow each finding's severity: error is error, warning warning, information and hint are notes", () => {
    const severities: Severity[] = ["error", "warning", "information", "hint"];
    const outcome = { file: "/srv/netops/poller.py", findings: severities.map((s, i) => finding(s, i)), messages: [], configProblems: [], fixesApplied: 0 } as unknown as FileOutcome;
    const log = JSON.parse(formatSarif({ cwd: "/srv/netops", outcomes: [outcome], fixMode: "off", errors: [] }, "0.0.0"));
    const levels = log.runs[0].results.map((result: { message: { text: string }; level: string }) => [result.message.text, result.level]);
    assert.deepEqual(levels, [
      ["a error", "error"],
      ["a warning", "warning"],
      ["a information", "note"],
      ["a hint", "note"],
    ]);
  });
});
