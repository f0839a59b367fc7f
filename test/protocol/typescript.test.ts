import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextEdit } from "vscode-languageserver-protocol";
import { applyEdits } from "../../server/src/engine/applyEdits";
import { startServer, type TestServer } from "./lspClient";

const API = `export async function send(command: string): Promise<string> {
  return command;
}

export function describeCommand(command: string): string {
  return command;
}
`;

const MAIN = `import { describeCommand, send } from "./api";

export async function main(hosts: string[]): Promise<string[]> {
  const replies = await Promise.all(
    hosts.map((host) => send(host)),
  );
  describeCommand("done");
  return replies;
}
`;

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-ts-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, types: [] } });

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  assert.equal(report.kind, "full");
  return report.kind === "full" ? (report.items as Diagnostic[]) : [];
}

/** An open document whose text the test keeps in step with the server's, edited the way VS Code sends keystrokes. */
class EditorDocument {
  version = 1;
  constructor(
    private readonly server: TestServer,
    readonly uri: string,
    public text: string,
  ) {
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: this.version, text } });
  }

  edit(edits: readonly TextEdit[]): void {
    // Applied last first, as incremental changes, like the editor does with a workspace edit.
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const change of ordered) {
      this.text = applyEdits(this.text, [change]);
      this.version++;
      this.server.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: this.uri, version: this.version },
        contentChanges: [{ range: change.range, text: change.newText }],
      });
    }
  }

  insert(line: number, character: number, text: string): void {
    this.edit([{ range: { start: { line, character }, end: { line, character } }, newText: text }]);
  }
}

async function quickFixes(server: TestServer, document: EditorDocument, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return (await server.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: document.uri },
    range: diagnostics[0].range,
    context: { diagnostics },
  })) as CodeAction[];
}

describe("language server over stdio (TypeScript)", () => {
  let server: TestServer;
  let root: string;
  let main: EditorDocument;

  before(async () => {
    root = project({ "tsconfig.json": TSCONFIG, "api.ts": API, "main.ts": MAIN });
    server = await startServer({ rootPath: root });
    main = new EditorDocument(server, pathToFileURL(path.join(root, "main.ts")).toString(), MAIN);
  });

  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("reports nothing for correct code", async () => {
    assert.deepEqual(await pull(server, main.uri), []);
  });

  it("reports AL301 after an edit introduces a floating promise, found through the other file's types", async () => {
    // Line 6 is `  describeCommand("done");`; add an un-awaited call of the async `send` under it.
    main.insert(6, 26, '\n  send("reload");');
    const diagnostics = await pull(server, main.uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [["AL301", 7, 2, 16]],
    );
    assert.equal(diagnostics[0].severity, 2);
    assert.match(diagnostics[0].codeDescription?.href ?? "", /AL301\.md$/);
  });

  it("offers `await` and `void` as unsafe suggestions, the disable comment and the docs; the `await` fix clears the finding", async () => {
    const diagnostics = await pull(server, main.uri);
    const actions = await quickFixes(server, main, diagnostics);
    const titles = actions.map((a) => a.title);
    const awaitTitle = "Add `await`: the code after it then waits for the promise (unsafe)";
    assert.ok(titles.includes(awaitTitle), titles.join(", "));
    assert.ok(titles.includes("Mark as deliberately not awaited with `void` (unsafe)"), titles.join(", "));
    assert.ok(titles.includes("Disable AL301 for this line"));
    assert.ok(titles.some((t) => t.startsWith("Show documentation for AL301")));
    const fix = actions.find((a) => a.title === awaitTitle)!;
    assert.notEqual(fix.isPreferred, true, "an unsafe fix is not the one auto-fix picks");
    main.edit(fix.edit!.changes![main.uri] as TextEdit[]);
    assert.match(main.text, /^ {2}await send\("reload"\);$/m);
    assert.deepEqual(await pull(server, main.uri), []);
  });

  it("disables a finding for one line with the TypeScript comment form", async () => {
    main.insert(8, 0, '  send("again");\n');
    const diagnostics = await pull(server, main.uri);
    assert.deepEqual(diagnostics.map((d) => d.code), ["AL301"]);
    const disable = (await quickFixes(server, main, diagnostics)).find((a) => a.title === "Disable AL301 for this line")!;
    main.edit(disable.edit!.changes![main.uri] as TextEdit[]);
    assert.match(main.text, /^ {2}\/\/ asynclint-ignore-next-line AL301\n {2}send\("again"\);$/m);
    assert.deepEqual(await pull(server, main.uri), []);
  });

  it("sees unsaved edits of another open file: making a function async makes its call a floating promise", async () => {
    const api = new EditorDocument(server, pathToFileURL(path.join(root, "api.ts")).toString(), API);
    assert.deepEqual(await pull(server, api.uri), []);
    // `describeCommand("done");` in main.ts is a plain call until describeCommand returns a promise.
    api.edit([{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 60 } }, newText: "export async function describeCommand(command: string): Promise<string> {" }]);
    const diagnostics = await pull(server, main.uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, main.text.split("\n")[d.range.start.line].trim()]), [["AL301", 'describeCommand("done");']]);
  });

  it("source.fixAll.asynclint does not add `await` to a floating promise (it would change when the following code runs)", async () => {
    const actions = (await server.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: main.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.asynclint"] },
    })) as CodeAction[];
    // Nothing here has a safe fix, so there is no fix-all to offer.
    assert.deepEqual(actions, []);
    assert.match(main.text, /^ {2}describeCommand\("done"\);$/m);
    assert.deepEqual((await pull(server, main.uri)).map((d) => d.code), ["AL301"]);
  });
});

describe("language server with a broken tsconfig.json", () => {
  it("names a tsconfig whose base is missing and the files it covers, on its files only", async () => {
    const floating = "async function load(): Promise<void> {}\n\nexport async function start() {\n  load();\n}\n";
    const root = project({
      "tsconfig.json": JSON.stringify({ extends: "@fixture-org/tsconfig-node/tsconfig.json", files: ["app.ts", "jobs.ts"] }),
      "app.ts": floating,
      "jobs.ts": floating,
      "release.ts": floating,
    });
    const server = await startServer({ rootPath: root });
    try {
      const noticesOf = async (name: string) => {
        const uri = pathToFileURL(path.join(root, name)).toString();
        const document = new EditorDocument(server, uri, fs.readFileSync(path.join(root, name), "utf8"));
        const diagnostics = await pull(server, document.uri);
        assert.deepEqual(diagnostics.filter((d) => d.code !== undefined).map((d) => d.code), ["AL301"]);
        return diagnostics.filter((d) => d.code === undefined).map((d) => (typeof d.message === "string" ? d.message : d.message.value));
      };
      assert.deepEqual(await noticesOf("app.ts"), [
        "asynclint: tsconfig.json: its base `@fixture-org/tsconfig-node/tsconfig.json` cannot be found; its 2 files are checked with default compiler options.",
      ]);
      assert.deepEqual(await noticesOf("release.ts"), []);
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("says once, at the top of the file, that the config could not be used, and still analyzes with the inferred project", async () => {
    const root = project({
      "tsconfig.json": '{ "compilerOptions": { "strict": true, }\n',
      "app.ts": "async function load(): Promise<void> {}\n\nexport async function start() {\n  load();\n}\n",
    });
    const server = await startServer({ rootPath: root });
    try {
      const uri = pathToFileURL(path.join(root, "app.ts")).toString();
      const document = new EditorDocument(server, uri, fs.readFileSync(path.join(root, "app.ts"), "utf8"));
      const diagnostics = await pull(server, document.uri);
      const notices = diagnostics.filter((d) => d.code === undefined);
      assert.equal(notices.length, 1);
      const message = notices[0].message;
      assert.match(typeof message === "string" ? message : message.value, /^asynclint: tsconfig\.json: cannot be used \(.+\); the files under it are checked with default compiler options\.$/);
      assert.deepEqual(
        diagnostics.filter((d) => d.code !== undefined).map((d) => [d.code, d.range.start.line]),
        [["AL301", 3]],
      );
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
