import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

/**
 * The injection grammar in syntaxes/ highlights suppression directives inside comments. VS Code's
 * own Python/TypeScript grammars cannot be downloaded here, so the hosts are minimal grammars under
 * test/fixtures/grammars that produce the same standard comment and string scopes
 * (comment.line.number-sign.python, comment.line.double-slash.ts, comment.block.ts, ...).
 */
const ROOT = path.join(__dirname, "..", "..");
const HOSTS = path.join(ROOT, "test", "fixtures", "grammars");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const contribution = (manifest.contributes.grammars as Array<{ scopeName: string; path: string; injectTo: string[] }>).find((g) => g.injectTo);
const INJECTION = path.join(ROOT, contribution?.path ?? "missing");
const injectionScope = JSON.parse(fs.readFileSync(INJECTION, "utf8")).scopeName as string;

let registry: textmate.Registry;

before(async () => {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (sources) => new oniguruma.OnigScanner(sources), createOnigString: (text) => new oniguruma.OnigString(text) }),
    loadGrammar: async (scopeName) => {
      const file = scopeName === injectionScope ? INJECTION : path.join(HOSTS, `${scopeName.replace(/^source\./, "")}.tmLanguage.json`);
      if (!fs.existsSync(file)) return null;
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
    // What `injectTo` in package.json does inside VS Code.
    getInjections: (scopeName) => (contribution?.injectTo.includes(scopeName) ? [injectionScope] : undefined),
  });
});

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(scopeName: string, line: string): Promise<Token[]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `no grammar for ${scopeName}`);
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  return tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

/** The text of every token carrying a scope that starts with `prefix`. */
async function scoped(scopeName: string, line: string, prefix: string): Promise<string[]> {
  return (await tokenize(scopeName, line)).filter((t) => t.scopes.some((s) => s.startsWith(prefix))).map((t) => t.text.trim());
}

const CODE = "constant.other.rule-code.asynclint";
const OTHER_CODE = "constant.other.rule-code.other.asynclint";
const DIRECTIVE = "keyword.control.directive";
const OURS = /\.asynclint$/;

describe("directive highlighting (TextMate injection)", () => {
  it("is contributed for Python, TypeScript and JavaScript", () => {
    assert.deepEqual([...(contribution?.injectTo ?? [])].sort(), ["source.js", "source.js.jsx", "source.python", "source.ts", "source.tsx"]);
  });

  it("Python: the directive and each code get their own scopes", async () => {
    const line = "time.sleep(1)  # asynclint: ignore[AL101, AL102]";
    assert.deepEqual(await scoped("source.python", line, CODE), ["AL101", "AL102"]);
    assert.deepEqual(await scoped("source.python", line, DIRECTIVE), ["asynclint", "ignore"]);
    for (const token of await tokenize("source.python", line)) {
      if (token.text.includes("AL101")) assert.ok(token.scopes.includes("comment.line.number-sign.python"), "the code stays inside the comment");
    }
    assert.deepEqual(await scoped("source.python", "# asynclint: ignore-file[AL201]", DIRECTIVE), ["asynclint", "ignore-file"]);
    assert.deepEqual(await scoped("source.python", "x = 1  # asynclint: ignore", DIRECTIVE), ["asynclint", "ignore"]);
  });

  it("Python: codes in noqa, ours and Ruff's, also after another comment", async () => {
    const line = "run()  # type: ignore  # noqa: ASYNC251, AL102";
    assert.deepEqual(await scoped("source.python", line, CODE), ["AL102"]);
    assert.deepEqual(await scoped("source.python", line, OTHER_CODE), ["ASYNC251"]);
  });

  for (const scopeName of ["source.ts", "source.tsx", "source.js", "source.js.jsx"]) {
    it(`${scopeName}: line and block comment directives`, async () => {
      assert.deepEqual(await scoped(scopeName, "// asynclint-ignore-next-line AL301, AL303", CODE), ["AL301", "AL303"]);
      assert.deepEqual(await scoped(scopeName, "// asynclint-ignore-next-line AL301", DIRECTIVE), ["asynclint-ignore-next-line"]);
      assert.deepEqual(await scoped(scopeName, "work(); // asynclint-ignore AL301", CODE), ["AL301"]);
      assert.deepEqual(await scoped(scopeName, "/* asynclint-ignore-file AL201 */", CODE), ["AL201"]);
      assert.deepEqual(await scoped(scopeName, "/* asynclint-ignore-file AL201 */", DIRECTIVE), ["asynclint-ignore-file"]);
    });
  }

  it("leaves ordinary comments, prose and strings alone", async () => {
    const plain: Array<[string, string]> = [
      ["source.python", "# AL101 is explained in the docs"],
      ["source.python", "# see asynclint for details"],
      ["source.python", "# noqa"],
      ["source.python", 'text = "# asynclint: ignore[AL101]"'],
      ["source.ts", "// AL301 happens when a promise floats"],
      ["source.ts", 'const s = "// asynclint-ignore AL301";'],
      ["source.ts", "/* a block comment mentioning AL201 */"],
      ["source.js", "// asynclint-ignored is not a directive AL301"],
    ];
    for (const [scopeName, line] of plain) {
      const ours = (await tokenize(scopeName, line)).filter((t) => t.scopes.some((s) => OURS.test(s)));
      assert.deepEqual(ours, [], `${scopeName}: ${line}`);
    }
  });
});
