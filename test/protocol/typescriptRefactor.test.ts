import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { CodeAction, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "./lspClient";

const SOURCE = `declare function fetchUser(id: number): Promise<{ name: string }>;
declare function fetchNews(): Promise<string[]>;
declare function fetchOrders(name: string): Promise<number[]>;

export async function dashboard(id: number) {
  const user = await fetchUser(id);
  const news = await fetchNews();
  const orders = await fetchOrders(user.name);
  return { user, news, orders };
}
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", module: "esnext", strict: true, noEmit: true, types: [] } });

function lines(from: number, to: number) {
  return { start: { line: from, character: 0 }, end: { line: to, character: 200 } };
}

describe("'Run these awaits concurrently' for TypeScript over stdio", () => {
  let server: TestServer;
  let root: string;
  let uri: string;

  async function refactors(range: ReturnType<typeof lines>, only = ["refactor.rewrite"]): Promise<CodeAction[]> {
    return (await server.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics: [], only } })) as CodeAction[];
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-ts-refactor-"));
    fs.writeFileSync(path.join(root, "tsconfig.json"), TSCONFIG);
    const file = path.join(root, "dashboard.ts");
    fs.writeFileSync(file, SOURCE);
    uri = pathToFileURL(file).href;
    // With AL201 off the refactor is still offered: it answers the user's selection, not a finding.
    server = await startServer({ rootPath: root, settings: () => ({ rules: { AL201: "off" } }) });
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: SOURCE } });
  });

  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("rewrites two selected independent awaits into one Promise.all", async () => {
    const [action, ...others] = await refactors(lines(5, 6));
    assert.equal(others.length, 0);
    assert.equal(action.kind, "refactor.rewrite");
    assert.equal(action.title, "Run these awaits concurrently");
    const fixed = applyEdits(SOURCE, action.edit!.changes![uri] as TextEdit[]);
    assert.match(fixed, /\n {2}const \[user, news\] = await Promise\.all\(\[fetchUser\(id\), fetchNews\(\)\]\);\n {2}const orders = await/);
  });

  it("offers nothing for a dependent await, a return, or when only quick fixes are asked for", async () => {
    assert.deepEqual(await refactors(lines(5, 7)), [], "orders reads user");
    assert.deepEqual(await refactors(lines(7, 8)), [], "a return is no await statement");
    assert.equal((await refactors(lines(6, 7))).length, 1, "news and orders are independent of each other");
    assert.deepEqual(await refactors(lines(5, 6), ["quickfix"]), []);
  });

  it("answers from the newest text after an edit", async () => {
    // Line 6 now reads the user: the two selected awaits depend on each other.
    const edited = SOURCE.replace("await fetchNews()", "await fetchOrders(user.name)");
    server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    assert.deepEqual(await refactors(lines(5, 6)), []);
  });
});
