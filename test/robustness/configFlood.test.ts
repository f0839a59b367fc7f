import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { validateSettings } from "../../server/src/engine/settings";
import { startServer, type TestServer } from "../protocol/lspClient";

/**
 * A configuration file with thousands of bad entries (generated, or a merge gone wrong) is reported
 * in a few lines: the unknown names counted in one message that shows the first few, and no more
 * than ten problems in all per file. The server used to send one warning per entry: 20,000
 * pop-ups for an asynclint.json with 20,000 unknown rule names.
 */

const MANY = 20_000;

function floodedConfig(): string {
  const rules: Record<string, string> = { AL101: "error" };
  for (let i = 0; i < MANY; i++) rules[`legacy-rule-${i}`] = "off";
  const perFileRules: Record<string, Record<string, string>> = {};
  // Fewer patterns: each one is matched against every file, which is the cost of having them, not of reporting them.
  for (let i = 0; i < 2_000; i++) perFileRules[`generated/part${i}/`] = { AL101: "sometimes" };
  const junk: Record<string, number> = {};
  for (let i = 0; i < MANY; i++) junk[`option${i}`] = i;
  return JSON.stringify({ ...junk, rules, perFileRules });
}

describe("a configuration file with thousands of bad entries", () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-config-flood-"));
    fs.writeFileSync(path.join(workspace, "asynclint.json"), floodedConfig());
    server = await startServer({ rootPath: workspace });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("the editor shows a few warnings with counts, not one per entry, and the valid entries apply", async () => {
    const uri = pathToFileURL(path.join(workspace, "poll.py")).toString();
    server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "python", version: 1, text: "import time\n\n\nasync def poll(device):\n    time.sleep(1)\n" },
    });
    const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
    const items = report.kind === "full" ? (report.items as Diagnostic[]) : [];
    // `"AL101": "error"` survives among the 20,000 unknown names.
    assert.deepEqual(items.map((d) => [d.code, d.severity]), [["AL101", 1]]);
    // Every warning is sent before the report it came with.
    const shown = server.shownMessages;
    assert.ok(shown.length <= 12, `${shown.length} warnings`);
    const rules = shown.filter((m) => m.includes("unknown rules"));
    assert.equal(rules.length, 1, shown.join("\n"));
    assert.match(rules[0], /20,000 unknown rules \(rules\."legacy-rule-0", rules\."legacy-rule-1", .*, …\)/);
    const keys = shown.filter((m) => m.includes("unknown keys"));
    assert.equal(keys.length, 1, shown.join("\n"));
    assert.match(keys[0], /20,000 unknown keys \("option0", "option1", .*, …\)/);
    assert.ok(shown.some((m) => /1,992 more problems like these, not shown/.test(m)), shown.join("\n"));
  });

  it("one unknown rule keeps its own message, naming the table", () => {
    const { problems } = validateSettings({ rules: { AL999: "off" } });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^asynclint\.rules: unknown rule "AL999" \(known: AL101, /);
    const two = validateSettings({ rules: { AL998: "off" }, testRules: { AL999: "off" } }).problems;
    assert.deepEqual(two.length, 1);
    assert.match(two[0], /^asynclint: 2 unknown rules \(rules\."AL998", testRules\."AL999"\); ignored/);
  });
});
