import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as ts from "typescript";
import { decodeSource } from "../../server/src/cli/readSource";
import { GitignoreRules } from "../../server/src/cli/gitignore";
import { initEngine } from "../../server/src/engine/analyze";
import { LineIndex } from "../../server/src/engine/lineIndex";
import { validateSettings } from "../../server/src/engine/settings";
import { maskMagics } from "../../server/src/notebook/magics";
import { parsePythonComment } from "../../server/src/python/suppressionComments";
import { typeScriptSuppressions } from "../../server/src/typescript/suppressions";

/**
 * Every regular expression asynclint applies to text a user controls (comments, settings,
 * coding lines, notebook magics, ignore files) runs in linear time: crafted input of a few
 * hundred KB (long runs of the characters a pattern would backtrack over) is handled within a
 * bound a quadratic pattern misses by far (a quadratic directive pattern took 2.7 s on 150 KB).
 * The bound guards against catastrophic backtracking; it is not a speed test.
 *
 * Besides the hand-made attacks on the patterns that read user text, every regex literal in
 * the server and client sources is run over generic runs of characters, and a `new RegExp`
 * (a pattern built at run time, perhaps from user text) fails the test until it has a case here.
 */
const ROOT = path.join(__dirname, "..", "..");
const SIZE = 200_000;
const BOUND_MS = 500;
let worst = { ms: 0, what: "" };

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function timed(what: string, run: () => unknown): void {
  const ms = time(run);
  if (ms > worst.ms) worst = { ms, what };
  assert.ok(ms < BOUND_MS, `${what}: ${ms.toFixed(0)} ms for ~${SIZE / 1000}k characters (bound ${BOUND_MS} ms): the regex backtracks`);
}

/** `unit` repeated to about `size` characters, then `tail` (the character that makes the match fail at the end). */
function run(unit: string, tail = "\u0001", size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)) + tail;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

interface FoundRegex {
  where: string;
  literal?: RegExp;
  dynamic?: string;
}

/** The regex literals and `new RegExp(…)` calls of the shipped sources, read with TypeScript's parser. */
function regexesInSources(): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const file of [...sourceFiles(path.join(ROOT, "server", "src")), ...sourceFiles(path.join(ROOT, "client", "src"))]) {
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const where = `${path.relative(ROOT, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1}`;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sourceFile);
        const slash = text.lastIndexOf("/");
        found.push({ where, literal: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sourceFile) === "RegExp") {
        found.push({ where, dynamic: node.getText(sourceFile) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

/** Runs of the characters patterns quantify over, each ended by a character that breaks the match. */
const GENERIC_UNITS = [" ", "\t", "\n", "\r\n", "a", "A", "1", "_", ".", ",", ":", "#", "[", "]", "(", ")", "-", "%", "/", "\\", "a1", "a.", " ,", "_a", "A1 ", "é"];

describe("regexes on user text run in linear time", () => {
  before(initEngine);
  after(() => console.log(`regex safety: worst ${worst.ms.toFixed(1)} ms (${worst.what})`));

  it("Python suppression comments: many directives, unclosed code lists, long whitespace and code runs", () => {
    for (const [what, comment] of Object.entries({
      "unclosed lists": run("#asynclint: ignore["),
      "unclosed lists with spaces": run("# asynclint:  ignore [ AL101 "),
      "file directives": run("#asynclint: ignore-file"),
      "noqa code runs": "#noqa:" + run("A1 ", "!"),
      "noqa letters without digits": "#noqa:" + run("A"),
      "noqa spaces": "#noqa:A1" + run(" ", ",x"),
      "many noqa": run("#noqa:A1,"),
      "hashes and spaces": run("# "),
    })) {
      timed(`Python comment: ${what}`, () => parsePythonComment(comment));
    }
    // The change that made the pattern linear keeps what it reads.
    assert.deepEqual(
      parsePythonComment("# asynclint: ignore[AL101, AL102]  # noqa: E501").map((d) => [d.owner, d.codes]),
      [
        ["asynclint", ["AL101", "AL102"]],
        ["other", ["E501"]],
      ],
    );
    // A list never closed names nothing (it must not silence every code), and the noqa after it is still read.
    assert.deepEqual(parsePythonComment("# asynclint: ignore[AL101  # noqa: E501").map((d) => [d.owner, d.codes]), [
      ["asynclint", []],
      ["other", ["E501"]],
    ]);
  });

  it("TypeScript suppression comments", () => {
    for (const [what, text] of Object.entries({
      "long directive": "// asynclint-ignore-next-line" + run(" AL101,", "\n") + "f();\n",
      "many directives": run("// asynclint-ignore AL101\n"),
      "eslint lines": run("// eslint-disable-next-line   "),
      "block comment": "/*" + run(" asynclint-ignore", "*/\n"),
    })) {
      const sourceFile = ts.createSourceFile("scratch.ts", text, ts.ScriptTarget.Latest, true);
      timed(`TypeScript comment: ${what}`, () => typeScriptSuppressions(sourceFile, new LineIndex(text)));
    }
  });

  it("settings: dotted names that almost match", () => {
    for (const name of [run("a."), run("a"), run("_a.a"), "a" + run(".a", "..")]) {
      const { problems } = validateSettings({ python: { extraBlockingCalls: [name] } });
      timed(`extraBlockingCalls of ${name.slice(0, 8)}…`, () => validateSettings({ python: { extraBlockingCalls: [name] } }));
      assert.equal(problems.length, 1, "a name ending in a stray character is rejected");
    }
  });

  it("the PEP 263 coding line of a file read from disk", () => {
    for (const line of [run("coding"), "#" + run("coding "), run(" \t"), "# " + run("-*- coding: ", "\n"), "#coding:" + run("-.w", " x\n")]) {
      timed(`coding line ${JSON.stringify(line.slice(0, 12))}…`, () => decodeSource(Buffer.from(line + "\nx = 1\n")));
    }
  });

  it("notebook cell magics", () => {
    // Cells that are mostly magics (thousands of `%%` lines, a 200 KB `!ls ls …`) take seconds in
    // maskMagics, but from re-copying and re-parsing the cell, not from a regex: not tested here.
    for (const cell of ["%%" + run(" "), "%%" + run("a."), "%%" + run("\t", "x\n")]) {
      timed(`magics ${JSON.stringify(cell.slice(0, 8))}…`, () => maskMagics(cell));
    }
  });

  it("ignore-file patterns the CLI compiles into regexes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-regex-"));
    try {
      fs.writeFileSync(path.join(dir, ".gitignore"), ["**/" + "*a".repeat(30) + "b", "**/**/**/**/**/**/**/**/x", "*".repeat(200) + "y", "a?".repeat(100)].join("\n"));
      const rules = new GitignoreRules();
      const long = path.join(dir, "a".repeat(200), "a".repeat(200), "a".repeat(200) + ".py");
      timed("gitignore patterns on a long path", () => rules.ignores(long, false, dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every regex literal in the sources survives runs of the characters it could backtrack over", () => {
    const found = regexesInSources();
    assert.ok(found.length > 30, `found ${found.length} regexes: the scan of the sources works`);
    const dynamic = found.filter((f) => f.dynamic).map((f) => `${f.where}: ${f.dynamic}`);
    assert.deepEqual(dynamic, [], "a pattern built at run time needs a hand-made case in this file");
    for (const { where, literal } of found) {
      // With the global flag, every match is looked for: the most work any use (test, exec, replace, split) can do.
      const pattern = new RegExp(literal!.source, literal!.flags.includes("g") ? literal!.flags : literal!.flags + "g");
      const all = (input: string) => () => {
        for (const _ of input.matchAll(pattern)) void _;
      };
      for (const unit of GENERIC_UNITS) {
        for (const tail of ["\u0001", "\n"]) {
          // Small first, so that a quadratic pattern fails in a second rather than hanging the run:
          // only when 10k characters take noticeable time is 4 times as much text tried, which a
          // linear pattern handles in about 4 times as long and a quadratic one in 16.
          const what = `${where} ${literal} on ${JSON.stringify(unit)} runs`;
          const small = time(all(run(unit, tail, 10_000)));
          if (small > worst.ms) worst = { ms: small, what };
          if (small < 5) continue;
          const large = time(all(run(unit, tail, 40_000)));
          assert.ok(large < 8 * small + 20, `${what}: ${small.toFixed(0)} ms for 10k characters, ${large.toFixed(0)} ms for 40k: the regex backtracks`);
        }
      }
    }
  });
});
