import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ts from "typescript";
import { applyEdits } from "../../server/src/engine/applyEdits";
import type { Range } from "../../server/src/engine/types";
import { concurrentRewriteInProject } from "../../server/src/typescript/concurrentRefactor";
import { TypeScriptProjects } from "../../server/src/typescript/projects";

/**
 * "Run these awaits concurrently" for TypeScript/JavaScript: offered on a selection of
 * independent awaits (also two bare awaits of different functions, which AL201 leaves alone), never
 * where one depends on the other; the rewritten file parses and type-checks as before.
 */

const DECLARATIONS = `declare function fetchUser(id: number): Promise<{ name: string }>;
declare function fetchNews(): Promise<string[]>;
declare function fetchOrders(name: string): Promise<number[]>;
declare function notify(message: string): Promise<void>;
declare function audit(message: string): Promise<void>;
declare const session: { send(message: string): Promise<string> };
`;

/** One async function; `body` lines are indented by two spaces and start at line BODY_LINE. */
function source(body: string[], parameters = "id: number"): string {
  return `${DECLARATIONS}export async function run(${parameters}) {\n${body.map((line) => `  ${line}`).join("\n")}\n}\n`;
}
const BODY_LINE = DECLARATIONS.split("\n").length;

function bodyLines(from: number, to: number): Range {
  return { start: { line: BODY_LINE + from, character: 0 }, end: { line: BODY_LINE + to, character: 200 } };
}

/** A project of one in-memory file (plus the standard library), the way the server's projects hold an open document. */
function project(text: string, fileName: string): TypeScriptProjects {
  return new TypeScriptProjects((name) => (name === fileName ? { text, version: 1 } : undefined));
}

function refactor(text: string, selection: Range, fileName = "/virtual/refactor.ts") {
  const projects = project(text, fileName);
  try {
    return concurrentRewriteInProject(projects, fileName, selection);
  } finally {
    projects.dispose();
  }
}

function diagnostics(text: string, fileName: string): { syntax: string[]; types: string[] } {
  const projects = project(text, fileName);
  try {
    const { program, sourceFile } = projects.locate(fileName)!;
    const message = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, " ");
    return { syntax: program.getSyntacticDiagnostics(sourceFile).map(message), types: program.getSemanticDiagnostics(sourceFile).map(message) };
  } finally {
    projects.dispose();
  }
}

/** Applies the refactor and checks the result parses and type-checks exactly as the original did. */
function rewritten(text: string, selection: Range, fileName = "/virtual/refactor.ts"): string {
  const fix = refactor(text, selection, fileName);
  assert.ok(fix, "the refactor is offered");
  assert.equal(fix.title, "Run these awaits concurrently");
  const after = applyEdits(text, fix.edits);
  const before = diagnostics(text, fileName);
  const fixed = diagnostics(after, fileName);
  assert.deepEqual(fixed.syntax, []);
  assert.deepEqual(fixed.types, before.types, `type errors changed:\n${after}`);
  return after;
}

describe("'Run these awaits concurrently' for TypeScript", () => {
  it("rewrites two independent declarations, keeping const and the following statements", () => {
    const text = source(["const user = await fetchUser(id);", "const news = await fetchNews();", "return [user.name, news];"]);
    const after = rewritten(text, bodyLines(0, 1));
    assert.match(after, /\n {2}const \[user, news\] = await Promise\.all\(\[fetchUser\(id\), fetchNews\(\)\]\);\n {2}return \[user\.name, news\];/);
  });

  it("keeps `let` and turns the annotations into a tuple type", () => {
    const text = source(["let user: { name: string } = await fetchUser(id);", "let news: string[] = await fetchNews();", "user = { name: news[0] };", "return user;"]);
    const after = rewritten(text, bodyLines(0, 1));
    assert.match(after, /let \[user, news\]: \[\{ name: string \}, string\[\]\] = await Promise\.all\(\[fetchUser\(id\), fetchNews\(\)\]\);/);
  });

  it("takes two bare awaits of different functions, which AL201 does not report", () => {
    const text = source(['await notify("started");', 'await audit("started");']);
    const after = rewritten(text, bodyLines(0, 1));
    assert.match(after, /\n {2}await Promise\.all\(\[notify\("started"\), audit\("started"\)\]\);\n\}/);
  });

  it("in JavaScript writes no type annotation", () => {
    const js = `async function run(api, id) {\n  const user = await api.users(id);\n  const news = await fetchNews();\n  return [user, news];\n}\nasync function fetchNews() { return []; }\n`;
    const fix = refactor(js, { start: { line: 1, character: 0 }, end: { line: 2, character: 99 } }, "/virtual/refactor.js");
    assert.ok(fix);
    assert.match(applyEdits(js, fix.edits), /\n {2}const \[user, news\] = await Promise\.all\(\[api\.users\(id\), fetchNews\(\)\]\);\n/);
  });

  it("keeps a trailing comment of a selected statement, above the rewrite", () => {
    const text = source(["const user = await fetchUser(id); // the profile first", "const news = await fetchNews();", "return [user, news];"]);
    const after = rewritten(text, bodyLines(0, 1));
    assert.match(after, /\n {2}\/\/ the profile first\n {2}const \[user, news\] = await Promise\.all/);
  });

  it("needs only to touch the statements: a selection inside the first and the second line is enough", () => {
    const text = source(["const user = await fetchUser(id);", "const news = await fetchNews();"]);
    const selection = { start: { line: BODY_LINE, character: 10 }, end: { line: BODY_LINE + 1, character: 5 } };
    assert.ok(refactor(text, selection));
  });

  describe("is not offered", () => {
    // Each negative beside the positive it differs from by one thing.
    it("when the second await reads what the first bound", () => {
      assert.ok(refactor(source(["const user = await fetchUser(id);", "const news = await fetchNews();"]), bodyLines(0, 1)));
      assert.equal(refactor(source(["const user = await fetchUser(id);", "const orders = await fetchOrders(user.name);"]), bodyLines(0, 1)), undefined);
    });

    it("when both calls go to the same receiver (one session answers in order)", () => {
      assert.ok(refactor(source(['const a = await session.send("a");', "const news = await fetchNews();"]), bodyLines(0, 1)));
      assert.equal(refactor(source(['const a = await session.send("a");', 'const b = await session.send("b");']), bodyLines(0, 1)), undefined);
    });

    it("when another statement stands between the awaits", () => {
      const text = source(["const user = await fetchUser(id);", "console.log(id);", "const news = await fetchNews();"]);
      assert.equal(refactor(text, bodyLines(0, 2)), undefined);
    });

    it("when a selected statement awaits no call, or is no await at all", () => {
      assert.equal(refactor(source(["const user = await fetchUser(id);", "const n = id + 1;"]), bodyLines(0, 1)), undefined);
      assert.equal(refactor(source(["const user = await fetchUser(id);", "const p = await Promise.resolve(id).then;"]), bodyLines(0, 1)), undefined);
      assert.equal(refactor(source(["const user = fetchUser(id);", "const news = fetchNews();"]), bodyLines(0, 1)), undefined);
    });

    it("when one of them is a deliberate pause", () => {
      const text = `declare function sleep(ms: number): Promise<void>;\n${source(["await sleep(100);", "await fetchNews();"])}`;
      assert.equal(refactor(text, { start: { line: BODY_LINE + 1, character: 0 }, end: { line: BODY_LINE + 2, character: 99 } }), undefined);
    });

    it("when the awaits sit in a try (handlers see which failed first)", () => {
      const text = source(["try {", "  const user = await fetchUser(id);", "  const news = await fetchNews();", "  return [user, news];", "} catch {", "  return [];", "}"]);
      assert.equal(refactor(text, bodyLines(1, 2)), undefined);
    });

    it("for a single statement, an empty selection or a comment on its own line between the awaits", () => {
      const text = source(["const user = await fetchUser(id);", "const news = await fetchNews();"]);
      assert.equal(refactor(text, bodyLines(0, 0)), undefined);
      const cursor = { start: { line: BODY_LINE, character: 4 }, end: { line: BODY_LINE, character: 4 } };
      assert.equal(refactor(text, cursor), undefined);
      const commented = source(["const user = await fetchUser(id);", "// the user must exist before the news are read", "const news = await fetchNews();"]);
      assert.equal(refactor(commented, bodyLines(0, 2)), undefined);
    });

    it("outside an async function", () => {
      const text = `${DECLARATIONS}export function run(id: number) {\n  fetchUser(id);\n  fetchNews();\n}\n`;
      assert.equal(refactor(text, bodyLines(0, 1)), undefined);
    });
  });
});
