import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { askRunner, EXTENSION_ID, openFixture, rangeOf, revertAndClose, runnerChannel, waitFor } from "./helpers";

interface SnippetContribution {
  language: string;
  path: string;
}
interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  language?: string;
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded`);
  return found;
}

function contributes<T>(point: string): T[] {
  const value = (extension().packageJSON as { contributes?: Record<string, unknown> }).contributes?.[point];
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Snippet files may hold comments (VS Code reads them as JSONC); ours should not need to. */
function readContributedJson(relative: string): unknown {
  const file = path.join(extension().extensionPath, relative);
  assert.ok(fs.existsSync(file), `contributed file ${relative} does not exist`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    assert.fail(`contributed file ${relative} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Every `name` a grammar gives to what it matches, anywhere in its patterns. */
function scopeNamesIn(grammar: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(grammar)) for (const item of grammar) scopeNamesIn(item, into);
  else if (grammar && typeof grammar === "object") {
    for (const [key, value] of Object.entries(grammar)) {
      if ((key === "name" || key === "contentName") && typeof value === "string") for (const scope of value.split(/\s+/)) into.add(scope);
      else scopeNamesIn(value, into);
    }
  }
  return into;
}

describe("contributions: snippets and the suppression-comment grammar", () => {
  let editor: vscode.TextEditor | undefined;
  after(() => revertAndClose(editor));

  it("contributes snippets that VS Code offers as completions", async function () {
    const snippets = contributes<SnippetContribution>("snippets");
    assert.ok(snippets.length > 0, "package.json contributes no snippets");
    for (const contribution of snippets) {
      const body = readContributedJson(contribution.path) as Record<string, { prefix: string | string[]; body: unknown }>;
      const entries = Object.entries(body);
      assert.ok(entries.length > 0, `${contribution.path} holds no snippets`);
      for (const [name, snippet] of entries) {
        assert.ok(snippet.prefix && snippet.body, `snippet "${name}" in ${contribution.path} lacks a prefix or a body`);
      }
      // Loaded means offered: type the first prefix in a fresh document of that language.
      const [name, first] = entries[0];
      const prefix = Array.isArray(first.prefix) ? first.prefix[0] : first.prefix;
      const document = await vscode.workspace.openTextDocument({ language: contribution.language, content: prefix });
      const scratchEditor = await vscode.window.showTextDocument(document);
      try {
        const end = document.lineAt(0).range.end;
        await waitFor(`snippet "${name}" (${contribution.language}) among the completions`, async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", document.uri, end);
          return list.items.some((item) => item.kind === vscode.CompletionItemKind.Snippet && (typeof item.label === "string" ? item.label : item.label.label) === prefix);
        });
      } finally {
        await revertAndClose(scratchEditor);
      }
    }
  });

  it("contributes a grammar for suppression comments that VS Code injects into Python comments", async function () {
    const grammars = contributes<GrammarContribution>("grammars");
    assert.ok(grammars.length > 0, "package.json contributes no grammars");
    const injection = grammars.find((g) => g.injectTo?.includes("source.python"));
    assert.ok(injection, `no grammar injects into source.python: ${JSON.stringify(grammars)}`);
    const grammar = readContributedJson(injection.path) as { scopeName?: string };
    assert.equal(grammar.scopeName, injection.scopeName, "the grammar file's scopeName differs from package.json's");
    const ours = scopeNamesIn(grammar);
    assert.ok(ours.size > 0, "the grammar names no scopes");

    // Seen in the editor: the "Inspect Editor Tokens and Scopes" widget lists the TextMate
    // scopes under the cursor. Only the offline runner can read a widget.
    if (!runnerChannel()) this.skip();
    editor = await openFixture("contributions", "suppressed.py");
    const scopesAt = async (needle: string) => {
      const at = rangeOf(editor!.document, needle).start.translate(0, 1);
      editor!.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand("editor.action.inspectTMScopes");
      try {
        const text = await askRunner<string>({ kind: "text", selector: ".token-inspect-widget", waitForText: needle });
        return text.split(/\s+/).filter((word) => /^[a-z][\w-]*(\.[\w-]+)+$/.test(word));
      } finally {
        await vscode.commands.executeCommand("editor.action.inspectTMScopes"); // toggles it closed
      }
    };
    const inDirective = await scopesAt("asynclint");
    assert.ok(inDirective.some((scope) => ours.has(scope)), `no scope of ours on "asynclint" in the comment: ${inDirective.join(" ")}`);
    assert.ok(inDirective.some((scope) => scope.startsWith("comment.")), `the directive is not inside a comment scope: ${inDirective.join(" ")}`);
    // Code outside comments is left to Python's grammar.
    const inCode = await scopesAt("sleep");
    assert.ok(inCode.includes("source.python"), `the widget showed no Python scopes for code: ${inCode.join(" ")}`);
    assert.ok(!inCode.some((scope) => ours.has(scope)), `our grammar reached code outside comments: ${inCode.join(" ")}`);
  });

  it("loads its contributions without errors in the workbench log", async function () {
    if (!runnerChannel()) this.skip();
    const lines = await askRunner<string[]>({ kind: "log", match: EXTENSION_ID });
    const problems = lines.filter((line) => /error|warn|invalid|mandatory|must be|cannot|failed/i.test(line));
    assert.deepEqual(problems, []);
  });
});
