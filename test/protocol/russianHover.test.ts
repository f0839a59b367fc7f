import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Diagnostic, DocumentDiagnosticReport, Hover, MarkupContent } from "vscode-languageserver-protocol";
import { startServer, type TestServer } from "./lspClient";

const URI = "file:///tmp/asynclint-russian/poll.py";
const TEXT = "import asyncio\nimport time\n\n\nasync def poll(device):\n    time.sleep(5)\n    await asyncio.sleep(0)\n";

/** An editor in Russian (`initialize`'s locale): the message, the hover's explanation and the page it links to. */
describe("the language server speaks Russian to a Russian editor", () => {
  let server: TestServer;
  let diagnostic: Diagnostic;
  before(async () => {
    server = await startServer({ locale: "ru" });
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version: 1, text: TEXT } });
    const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: URI } })) as DocumentDiagnosticReport;
    [diagnostic] = report.kind === "full" ? (report.items as Diagnostic[]) : [];
  });
  after(async () => {
    await server.stop();
  });

  it("reports in Russian and links the Russian rule page", () => {
    assert.equal(diagnostic.code, "AL101");
    assert.equal(typeof diagnostic.message, "string", "the message is plain text");
    assert.match(diagnostic.message as string, /блокирует цикл событий/);
    assert.match(diagnostic.codeDescription?.href ?? "", /\/docs\/rules\/ru\/AL101\.md$/);
  });

  it("explains the rule in Russian in the hover: summary, why it is bad, a link to the documentation", async () => {
    const hover = (await server.connection.sendRequest("textDocument/hover", { textDocument: { uri: URI }, position: { line: 5, character: 10 } })) as Hover;
    const text = (hover.contents as MarkupContent).value;
    assert.match(text, /^\*\*AL101 blocking-sleep\*\*: /);
    assert.match(text, /Цикл событий выполняет одно дело за раз и переключается только на `await`\./);
    assert.doesNotMatch(text, /An event loop runs one thing at a time/);
    assert.match(text, /\[Документация\]\(file:[^)]*\/docs\/rules\/ru\/AL101\.md\)/);
  });
});
