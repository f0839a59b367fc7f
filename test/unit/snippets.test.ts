import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import type { Node } from "web-tree-sitter";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";
import { parsePython } from "../../server/src/python/parser";
import { pythonCompileErrors } from "../support/pythonCompile";
import { expandSnippet } from "../support/snippetSyntax";

const ROOT = path.join(__dirname, "..", "..");

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

function snippetsOf(language: string): Array<[string, Snippet]> {
  return Object.entries(JSON.parse(fs.readFileSync(path.join(ROOT, "snippets", `${language}.json`), "utf8")) as Record<string, Snippet>);
}

/** What the editor inserts with the defaults kept and tabs turned into four spaces (insertSpaces). */
function inserted(snippet: Snippet): string {
  return expandSnippet(snippet.body).replace(/\t/g, "    ") + "\n";
}

describe("the snippet expander used by these tests", () => {
  const cases: Array<[string, string]> = [
    ["a $1 b $0", "a  b "],
    ["${1:name} = ${2:value}; print($1)", "name = value; print(name)"],
    ["$1 mirrors ${1:later}", "later mirrors later"],
    ["${1:outer ${2:inner}} $2", "outer inner inner"],
    ["${1|first,second|} and $1", "first and first"],
    ["${1|a\\,b,c|}", "a,b"],
    ["\\$1 costs \\\\ and \\} stays", "$1 costs \\ and } stays"],
    ["${1:a \\} b}", "a } b"],
    ["${TM_FILENAME} ${UNKNOWN_VAR:fallback} $UNSET", "poll.py fallback UNSET"],
    ["${TM_FILENAME/(.*)\\.py/${1:/upcase}/}", "POLL"],
    ["b\"x\\n\" and $ alone and ${ not a placeholder", "b\"x\\n\" and $ alone and ${ not a placeholder"],
  ];
  for (const [body, expected] of cases) {
    it(JSON.stringify(body), () => assert.equal(expandSnippet(body, { variables: { TM_FILENAME: "poll.py" } }), expected));
  }
});

describe("snippet files", () => {
  for (const language of ["python", "typescript", "javascript"]) {
    it(`${language}: every snippet has an ap- prefix, a description and a body; prefixes are unique`, () => {
      const snippets = snippetsOf(language);
      assert.ok(snippets.length >= 7);
      const prefixes = snippets.map(([, s]) => s.prefix);
      assert.equal(new Set(prefixes).size, prefixes.length);
      for (const [name, snippet] of snippets) {
        assert.match(snippet.prefix, /^ap-[a-z-]+$/, name);
        assert.ok(snippet.description.length > 40, `${name}: say when to use it`);
        assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, name);
      }
    });
  }

  it("JavaScript offers every TypeScript snippet under the same prefix, and a CommonJS require of the sleep", () => {
    const prefixes = (language: string) => snippetsOf(language).map(([, s]) => s.prefix).sort();
    const typescript = prefixes("typescript");
    const javascriptOnly = prefixes("javascript").filter((prefix) => !typescript.includes(prefix));
    assert.deepEqual(typescript.filter((prefix) => !prefixes("javascript").includes(prefix)), []);
    assert.deepEqual(javascriptOnly, ["ap-sleep-require"]);
  });

  it("JavaScript's sleep comes as an ES import and as a CommonJS require, each pointing to the other", () => {
    const byPrefix = new Map(snippetsOf("javascript").map(([, s]) => [s.prefix, s]));
    const esm = byPrefix.get("ap-sleep-import");
    const commonJs = byPrefix.get("ap-sleep-require");
    assert.ok(esm && commonJs);
    assert.match(esm.body.join("\n"), /^import \{ setTimeout as sleep \} from "node:timers\/promises";$/);
    assert.match(commonJs.body.join("\n"), /^const \{ setTimeout: sleep \} = require\("node:timers\/promises"\);$/);
    assert.match(esm.description, /ap-sleep-require/);
    assert.match(commonJs.description, /\.cjs/);
    assert.match(commonJs.description, /ap-sleep-import/);
    assert.match(byPrefix.get("ap-sleep")?.description ?? "", /ap-sleep-require/);
    // Run as a CommonJS script: the require form loads a working sleep.
    const script = `${commonJs.body.join("\n")}\nsleep(1, "slept").then((value) => process.stdout.write(value));\n`;
    const output = execFileSync(process.execPath, ["--input-type=commonjs", "-e", script], { encoding: "utf8" });
    assert.equal(output, "slept");
  });

  it("are contributed in package.json for their languages", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const contributed = (manifest.contributes.snippets as Array<{ language: string; path: string }>).map((s) => `${s.language}:${s.path}`).sort();
    assert.deepEqual(contributed, [
      "javascript:./snippets/javascript.json",
      "javascriptreact:./snippets/javascript.json",
      "python:./snippets/python.json",
      "typescript:./snippets/typescript.json",
      "typescriptreact:./snippets/typescript.json",
    ]);
  });
});

/** `await`, `async for` and `async with` are only valid inside `async def`: such snippets go into a coroutine. */
function awaitsOutsideCoroutine(node: Node, insideAsync = false): boolean {
  const isAsync = (n: Node) => n.children.some((child) => child?.type === "async");
  if (node.type === "function_definition") insideAsync = isAsync(node);
  if (node.type === "lambda") insideAsync = false;
  if (!insideAsync && (node.type === "await" || ((node.type === "for_statement" || node.type === "with_statement") && isAsync(node)))) return true;
  return node.namedChildren.some((child) => child !== null && awaitsOutsideCoroutine(child, insideAsync));
}

function inPythonContext(text: string): string {
  const tree = parsePython(text);
  try {
    if (!awaitsOutsideCoroutine(tree.rootNode)) return text;
  } finally {
    tree.delete();
  }
  const indented = text.replace(/^(?=.)/gm, "    ");
  return `import asyncio\n\n\nasync def snippet_body(loop):\n${indented}`;
}

describe("Python snippets, expanded with their defaults", () => {
  before(initEngine);

  const snippets = snippetsOf("python");

  it("parse without errors and compile with python3", () => {
    const sources: Record<string, string> = {};
    for (const [name, snippet] of snippets) {
      const text = inPythonContext(inserted(snippet));
      const tree = parsePython(text);
      try {
        assert.equal(tree.rootNode.hasError, false, `${name} (${snippet.prefix}) does not parse:\n${text}`);
      } finally {
        tree.delete();
      }
      sources[snippet.prefix] = text;
    }
    assert.deepEqual(pythonCompileErrors(sources), {});
  });

  it("show no asynclint finding: what we teach passes our own rules", () => {
    for (const [, snippet] of snippets) {
      const text = inPythonContext(inserted(snippet));
      const findings = analyzePythonSource({ text }, { settings: defaultSettings() }).findings;
      assert.deepEqual(findings.map((f) => `${f.code} ${f.message}`), [], `${snippet.prefix}:\n${text}`);
    }
  });

  it("cover the patterns users look up", () => {
    const all = snippets.map(([, s]) => s.body.join("\n")).join("\n");
    for (const api of [
      "asyncio.run(main())", "create_task", "return_exceptions=True", "as_completed", "wait_for", "shield", "FIRST_COMPLETED",
      "to_thread", "run_coroutine_threadsafe", "Semaphore", "TaskGroup", "asyncio.timeout", "Queue", "open_connection", "create_subprocess_exec",
    ]) {
      assert.ok(all.includes(api), `no snippet uses ${api}`);
    }
  });
});

/** Statements that await go into an async function; a snippet with imports stays at the top level. */
function inScriptContext(text: string): string {
  return /^import /m.test(text) ? text : `async function snippetBody() {\n${text}}\nexport {};\n`;
}

function syntaxErrors(text: string, fileName: string): string[] {
  const output = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** A body line that holds only a tab stop: the cursor goes there and the user types, so its indentation is wanted. */
const CURSOR_LINE = /^\s*(?:\$\d+|\$\{\d+\})$/;

/**
 * The lines that end in spaces or tabs once the editor inserted the snippet where it belongs: a
 * snippet that awaits goes inside a function, where VS Code prefixes every line after the first
 * with the insertion line's indentation, so an empty body line becomes a line of trailing
 * whitespace.
 */
function trailingWhitespaceLines(snippet: Snippet, goesIndented: boolean): string[] {
  const lines = inserted(snippet).replace(/\n$/, "").split("\n");
  assert.equal(lines.length, snippet.body.length, `${snippet.prefix}: a default spans lines`);
  const indentation = goesIndented ? "    " : "";
  return lines.flatMap((line, i) => {
    const placed = i === 0 ? line : indentation + line;
    return /[ \t]$/.test(placed) && !CURSOR_LINE.test(snippet.body[i]) ? [`${snippet.prefix} line ${i + 1}: ${JSON.stringify(placed)}`] : [];
  });
}

describe("snippets leave no trailing whitespace", () => {
  before(initEngine);

  for (const language of ["python", "typescript", "javascript"]) {
    it(`${language}: no line ends in whitespace where the snippet is inserted`, () => {
      const found = snippetsOf(language).flatMap(([, snippet]) => {
        const text = inserted(snippet);
        const goesIndented = language === "python" ? inPythonContext(text) !== text : inScriptContext(text) !== text;
        return trailingWhitespaceLines(snippet, goesIndented);
      });
      assert.deepEqual(found, []);
    });
  }

  it("the check catches a blank line inside a snippet inserted in a function, not one at the top level", () => {
    const snippet: Snippet = { prefix: "ap-x", description: "", body: ["first()", "", "\t$0", "second()"] };
    assert.deepEqual(trailingWhitespaceLines(snippet, true), ['ap-x line 2: "    "']);
    assert.deepEqual(trailingWhitespaceLines(snippet, false), []);
    assert.deepEqual(trailingWhitespaceLines({ ...snippet, body: ["first() "] }, false), ['ap-x line 1: "first() "']);
  });
});

describe("TypeScript and JavaScript snippets, expanded with their defaults", () => {
  for (const [language, fileName] of [
    ["typescript", "snippet.ts"],
    ["javascript", "snippet.js"],
  ] as const) {
    it(`${language}: parse without errors`, () => {
      for (const [name, snippet] of snippetsOf(language)) {
        const text = inScriptContext(inserted(snippet));
        assert.deepEqual(syntaxErrors(text, fileName), [], `${name} (${snippet.prefix}):\n${text}`);
      }
    });
  }

  it("the check catches what it should: TypeScript syntax in a .js file, and broken code", () => {
    assert.notDeepEqual(syntaxErrors("let timer: number | undefined;\n", "snippet.js"), []);
    assert.notDeepEqual(syntaxErrors("const [a, b] = await Promise.all([f(), g()]\n", "snippet.ts"), []);
    assert.deepEqual(syntaxErrors("let timer: number | undefined;\n", "snippet.ts"), []);
  });

  it("cover the patterns users look up", () => {
    const all = snippetsOf("typescript").map(([, s]) => s.body.join("\n")).join("\n");
    for (const api of ["Promise.all(", "Promise.allSettled", "Promise.race", "AbortSignal.timeout", "for await", "(async () =>", "node:timers/promises"]) {
      assert.ok(all.includes(api), `no snippet uses ${api}`);
    }
  });
});
