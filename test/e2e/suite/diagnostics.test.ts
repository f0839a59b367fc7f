import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, openFixture, rangeOf, revertAndClose, waitForCodes, waitForDiagnostics } from "./helpers";

describe("diagnostics", () => {
  const opened: vscode.TextEditor[] = [];
  after(async () => {
    for (const editor of opened) await revertAndClose(editor);
  });

  it("shows each rule's finding on the offending call, with the rule's severity and a link to its page", async () => {
    const editor = await openFixture("diagnostics", "devices.py");
    opened.push(editor);
    const document = editor.document;
    const diagnostics = await waitForCodes(document.uri, ["AL101", "AL102", "AL301", "AL302", "AL401"]);
    // [code, the call it must cover, which occurrence of that text, severity]
    const expected: [string, string, number, vscode.DiagnosticSeverity][] = [
      ["AL101", "time.sleep(1)", 0, vscode.DiagnosticSeverity.Warning],
      ["AL102", `subprocess.run(["ping", "-c", "1", host])`, 0, vscode.DiagnosticSeverity.Warning],
      // The first `fetch(host)` is the definition; the second the unawaited statement.
      ["AL301", "fetch(host)", 1, vscode.DiagnosticSeverity.Error],
      ["AL302", "asyncio.create_task(fetch(hosts[0]))", 0, vscode.DiagnosticSeverity.Warning],
      ["AL401", `asyncio.run(fetch("router"))`, 0, vscode.DiagnosticSeverity.Error],
    ];
    const sorted = [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start));
    for (const [i, [code, call, occurrence, severity]] of expected.entries()) {
      const diagnostic = sorted[i];
      assert.equal(codeOf(diagnostic), code);
      assert.ok(diagnostic.range.isEqual(rangeOf(document, call, occurrence)), `${code} covers ${JSON.stringify(document.getText(diagnostic.range))}, expected ${JSON.stringify(call)}`);
      assert.equal(diagnostic.severity, severity, `${code} severity`);
      const target = typeof diagnostic.code === "object" ? diagnostic.code.target : undefined;
      // The rule's page, opened rendered through the documentation command (ruleDocLinks.test.ts clicks it).
      const page = target?.scheme === "command" ? (JSON.parse(decodeURIComponent(target.query)) as string[]) : [];
      assert.ok(target?.path === "asynclint.showRuleDocumentation" && page[0] === code && page[1]?.endsWith(`/docs/rules/${code}.md`), `${code} links to ${target?.toString()}`);
      assert.ok(diagnostic.message.length > 20, `${code} has a message a user can act on`);
    }
    // The awaited call and the kept task are correct code and must stay unmarked.
    const awaited = rangeOf(document, "await fetch(host)");
    assert.ok(!diagnostics.some((d) => d.range.intersection(awaited)), "the awaited call was flagged");
    const kept = rangeOf(document, "task = asyncio.create_task(fetch(hosts[1]))");
    assert.ok(!diagnostics.some((d) => d.range.intersection(kept)), "the kept task was flagged");
  });

  it("updates after edits: a time.sleep added in an async def appears as AL101 and goes when removed", async () => {
    const editor = await openFixture("diagnostics", "clean.py");
    opened.push(editor);
    const document = editor.document;
    const anchor = rangeOf(document, "await asyncio.sleep(1)");
    const inserted = "\n    time.sleep(0.2)";
    assert.ok(await editor.edit((builder) => builder.insert(anchor.end, inserted)), "the edit was refused");
    const added = rangeOf(document, "time.sleep(0.2)");
    const [diagnostic] = await waitForCodes(document.uri, ["AL101"]);
    assert.ok(diagnostic.range.isEqual(added), `AL101 covers ${JSON.stringify(document.getText(diagnostic.range))}`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);

    assert.ok(await editor.edit((builder) => builder.delete(new vscode.Range(anchor.end, added.end))), "the edit was refused");
    assert.equal(document.getText().includes("time.sleep(0.2)"), false);
    await waitForDiagnostics(document.uri, (d) => d.length === 0, "AL101 to disappear after the call was removed");
    // `time.sleep(1)` in the plain function below stayed all along: it must not be flagged.
  });
});
