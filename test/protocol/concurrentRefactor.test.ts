import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CodeAction, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "./lspClient";

const URI = "file:///tmp/asynclint-protocol/dashboard.py";

const SOURCE = `import asyncio


async def dashboard(client, user_id):
    profile = await client.profile(user_id)
    news = await fetch_news()
    orders = await client.orders(profile.id)
    return profile, news, orders
`;

function lines(from: number, to: number) {
  return { start: { line: from, character: 0 }, end: { line: to, character: 200 } };
}

async function refactors(server: TestServer, range: ReturnType<typeof lines>): Promise<CodeAction[]> {
  return (await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: URI },
    range,
    context: { diagnostics: [], only: ["refactor"] },
  })) as CodeAction[];
}

describe("'Run these awaits concurrently' over stdio", () => {
  let server: TestServer;

  before(async () => {
    // With AL201 off the refactor is still offered: it answers the user's selection, not a finding.
    server = await startServer({ settings: () => ({ rules: { AL201: "off" } }) });
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: URI, languageId: "python", version: 1, text: SOURCE } });
  });

  after(async () => {
    await server.stop();
  });

  it("rewrites two selected independent awaits into one gather", async () => {
    const [action, ...others] = await refactors(server, lines(4, 5));
    assert.equal(others.length, 0);
    assert.equal(action.kind, "refactor.rewrite");
    assert.equal(action.title, "Run these awaits concurrently");
    const fixed = applyEdits(SOURCE, action.edit!.changes![URI] as TextEdit[]);
    assert.match(fixed, /\n {4}profile, news = await asyncio\.gather\(client\.profile\(user_id\), fetch_news\(\)\)\n {4}orders = await/);
  });

  it("offers nothing when the selection holds a dependent await or a statement that is not an await", async () => {
    assert.deepEqual(await refactors(server, lines(4, 6)), [], "orders reads profile (and both call client)");
    assert.deepEqual(await refactors(server, lines(6, 7)), [], "a return is no await statement");
    assert.equal((await refactors(server, lines(5, 6))).length, 1, "news and orders are independent of each other");
  });
});
