/**
 * By hand, not in CI: asynclint against the peers' own labelled test cases.
 *
 *   npx tsx scripts/peers/typescriptParity.ts [--peers DIR] [--list] [--code AL304]
 *
 * Reads the rule test files of typescript-eslint (`no-floating-promises`, `no-misused-promises`, `await-thenable`,
 * `return-await`) and ESLint (`no-async-promise-executor`) from a saved copy (DIR, by default
 * /work/realcode/peers; never kept in this repository), takes each valid and invalid case that
 * runs with the rule's default options, writes each as its own module in one temporary project
 * (strict, as the peers' test project is), runs our engine over them, and prints per asynclint
 * code: recall on the peer's invalid cases (each expected error whose message maps to the code,
 * found on its line) and precision on the peer's valid cases (cases where we report nothing of
 * that code). The test files are read with the TypeScript compiler's parser, never with patterns.
 * `--list` prints every miss and every finding on a valid case, to argue or to fix.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import ts from "typescript";
import { defaultSettings } from "../../server/src/engine/settings";
import { analyzeTypeScriptFiles } from "../../server/src/typescript/analyzeFiles";

const REPO = path.resolve(__dirname, "..", "..");

interface Suite {
  /** The saved test file, in the peers' folder. */
  file: string;
  /** How files are written: typescript-eslint's cases are TypeScript, ESLint's are JavaScript. */
  extension: ".ts" | ".js";
  /** The peer's message ids and the asynclint code each stands for; ids not listed are not ours to match. */
  codes: Record<string, string>;
  /** Whether a case's `options` are the rule's defaults (or none). */
  isDefault(options: unknown): boolean;
}

/** Option objects whose every setting is the default (`true` for no-misused-promises' checks). */
function allTrue(value: unknown): boolean {
  if (value === true) return true;
  if (value && typeof value === "object") return Object.values(value).every(allTrue);
  return false;
}

/** no-floating-promises' defaults: `void` marks a promise handled, IIFEs and thenables are checked as promises are, nothing allow-listed. */
const FLOATING_DEFAULTS: Record<string, unknown> = { ignoreVoid: true, ignoreIIFE: false, checkThenables: false };

const SUITES: Suite[] = [
  {
    file: "no-floating-promises.test.ts",
    extension: ".ts",
    codes: {
      floating: "AL301",
      floatingVoid: "AL301",
      floatingPromiseArray: "AL301",
      floatingPromiseArrayVoid: "AL301",
      floatingUselessRejectionHandler: "AL301",
      floatingUselessRejectionHandlerVoid: "AL301",
    },
    isDefault: (options) =>
      options === undefined ||
      (Array.isArray(options) &&
        options.every((option) => !!option && typeof option === "object" && Object.entries(option).every(([key, value]) => key in FLOATING_DEFAULTS && FLOATING_DEFAULTS[key] === value))),
  },
  {
    file: "no-misused-promises.test.ts",
    extension: ".ts",
    codes: {
      conditional: "AL304",
      predicate: "AL304",
      spread: "AL304",
      voidReturnArgument: "AL303",
      voidReturnAttribute: "AL303",
      voidReturnInheritedMethod: "AL303",
      voidReturnProperty: "AL303",
      voidReturnReturnValue: "AL303",
      voidReturnVariable: "AL303",
    },
    isDefault: (options) => options === undefined || (Array.isArray(options) && options.every(allTrue)),
  },
  {
    file: "await-thenable.test.ts",
    extension: ".ts",
    // `for await` over a sync iterable, `await using` of a sync disposable and Promise.all of plain values are other mistakes than AL305's.
    codes: { await: "AL305" },
    isDefault: (options) => options === undefined,
  },
  {
    file: "return-await.test.ts",
    extension: ".ts",
    // `disallowedPromiseAwait` is the style half of the default `in-try-catch` (no `await` outside try): not a mistake.
    codes: { requiredPromiseAwait: "AL306", nonPromiseAwait: "AL305" },
    isDefault: (options) => options === undefined || (Array.isArray(options) && options.length === 1 && options[0] === "in-try-catch"),
  },
  {
    file: "no-async-promise-executor.test.js",
    extension: ".js",
    codes: { async: "AL307" },
    isDefault: (options) => options === undefined,
  },
];

/**
 * The peer's labelled cases we differ on by design, each argued in a fixture of ours (the case's
 * line in the peer's file, the code, the fixture, why): reported apart, and the recall net of them.
 */
const ARGUED: { suite: string; at: number; code: string; fixture: string; why: string }[] = [
  { suite: "no-misused-promises.test.ts", at: 1215, code: "AL303", fixture: "promise-executor.ts", why: "an async executor of the global Promise is AL307's finding alone (one mistake, one finding)" },
  { suite: "no-misused-promises.test.ts", at: 2309, code: "AL303", fixture: "void-positions.ts", why: "an interface extending `typeof SomeClass` gets the constructor's members: the method overrides nothing" },
  { suite: "no-floating-promises.test.ts", at: 4084, code: "AL301", fixture: "floating-handlers.ts", why: "`p || x` tests a promise as a condition: AL304's finding alone" },
];

interface ExpectedError {
  code: string;
  messageId: string;
  line?: number;
}

interface PeerCase {
  suite: string;
  kind: "valid" | "invalid";
  /** Where the case is written in the peer's file (1-based). */
  at: number;
  code: string;
  jsx: boolean;
  errors: ExpectedError[];
}

interface Skipped {
  suite: string;
  at: number;
  why: string;
}

/** A literal value as written in the test file (strings, numbers, booleans, arrays, objects); undefined for anything else. */
function literalValue(node: ts.Expression): unknown {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literalValue);
  if (ts.isObjectLiteralExpression(node)) {
    const object: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) object[property.name.text] = literalValue(property.initializer);
    }
    return object;
  }
  return undefined;
}

/** The source text of a case's `code`: a string, a template without substitutions, or one tagged `noFormat`. */
function codeText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTaggedTemplateExpression(node) && ts.isNoSubstitutionTemplateLiteral(node.template)) return node.template.text;
  return undefined;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const member of object.properties) {
    if (ts.isPropertyAssignment(member) && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) && member.name.text === name) return member.initializer;
  }
  return undefined;
}

function readSuite(suite: Suite, text: string): { cases: PeerCase[]; skipped: Skipped[] } {
  const source = ts.createSourceFile(suite.file, text, ts.ScriptTarget.Latest, true, suite.extension === ".js" ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const cases: PeerCase[] = [];
  const skipped: Skipped[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "run" && node.arguments.length === 3) {
      const table = node.arguments[2];
      if (ts.isObjectLiteralExpression(table)) {
        for (const kind of ["valid", "invalid"] as const) {
          const list = property(table, kind);
          if (!list || !ts.isArrayLiteralExpression(list)) continue;
          for (const element of list.elements) readCase(kind, element);
        }
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  const readCase = (kind: "valid" | "invalid", element: ts.Expression): void => {
    const at = lineOf(element);
    let code = codeText(element);
    let jsx = false;
    const errors: ExpectedError[] = [];
    if (code === undefined) {
      if (!ts.isObjectLiteralExpression(element)) return void skipped.push({ suite: suite.file, at, why: "not a string or an object" });
      const written = property(element, "code");
      code = written && codeText(written);
      if (code === undefined) return void skipped.push({ suite: suite.file, at, why: "code is not a plain string" });
      const options = property(element, "options");
      if (!suite.isDefault(options && literalValue(options))) return void skipped.push({ suite: suite.file, at, why: "options other than the defaults" });
      const language = property(element, "languageOptions");
      if (language) {
        const value = JSON.stringify(literalValue(language));
        if (/"jsx":true/.test(value)) jsx = true;
        else return void skipped.push({ suite: suite.file, at, why: `languageOptions ${value}` });
      }
      const filename = property(element, "filename");
      if (filename && ts.isStringLiteralLike(filename) && /\.tsx$/.test(filename.text)) jsx = true;
      const list = property(element, "errors");
      if (list && ts.isArrayLiteralExpression(list)) {
        for (const error of list.elements) {
          const value = literalValue(error) as { messageId?: string; line?: number } | undefined;
          const messageId = value?.messageId;
          if (!messageId) continue;
          const mapped = suite.codes[messageId];
          if (mapped) errors.push({ code: mapped, messageId, line: value.line });
        }
      }
    }
    cases.push({ suite: suite.file, kind, at, code, jsx, errors });
  };
  visit(source);
  return { cases, skipped };
}

const TSCONFIG = {
  compilerOptions: {
    // As typescript-eslint's own test project: strict, recent library, node's types, JSX preserved.
    target: "ES2022",
    module: "esnext",
    moduleResolution: "bundler",
    strict: true,
    lib: ["esnext"],
    types: ["node"],
    typeRoots: [path.join(REPO, "node_modules", "@types")],
    jsx: "preserve",
    experimentalDecorators: true,
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
  },
  include: ["cases"],
};

function main(): void {
  const { values } = parseArgs({ options: { peers: { type: "string", default: "/work/realcode/peers" }, list: { type: "boolean" }, code: { type: "string" } } });
  const peers = path.resolve(values.peers!);
  const cases: PeerCase[] = [];
  const skipped: Skipped[] = [];
  for (const suite of SUITES) {
    const file = path.join(peers, suite.file);
    if (!fs.existsSync(file)) {
      console.error(`missing ${file}: save the peer's test file there first`);
      process.exitCode = 2;
      return;
    }
    const read = readSuite(suite, fs.readFileSync(file, "utf8"));
    cases.push(...read.cases);
    skipped.push(...read.skipped);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-parity-"));
  try {
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    fs.mkdirSync(path.join(root, "cases"));
    const fileOf = new Map<PeerCase, string>();
    cases.forEach((peerCase, index) => {
      const suite = SUITES.find((s) => s.file === peerCase.suite)!;
      const extension = peerCase.jsx ? (suite.extension === ".ts" ? ".tsx" : ".jsx") : suite.extension;
      const file = path.join(root, "cases", `${path.basename(suite.file).split(".")[0]}-${peerCase.kind}-${peerCase.at}-${index}${extension}`);
      // Each case its own module, so that its top-level names are its own; the line numbers stay as written.
      fs.writeFileSync(file, `${peerCase.code}\nexport {};\n`);
      fileOf.set(peerCase, file);
    });
    const results = analyzeTypeScriptFiles([...fileOf.values()], { settings: defaultSettings(), roots: [root] });
    report(cases, skipped, (peerCase) => results.get(fileOf.get(peerCase)!)?.findings.map((f) => ({ code: f.code, line: f.range.start.line + 1 })) ?? [], values);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

interface Seen {
  code: string;
  line: number;
}

function report(cases: PeerCase[], skipped: Skipped[], findingsOf: (peerCase: PeerCase) => Seen[], options: { list?: boolean; code?: string }): void {
  const codes = [...new Set(SUITES.flatMap((suite) => Object.values(suite.codes)))].sort();
  const rows: string[][] = [["code", "peer suites", "expected errors", "found", "recall", "argued", "net recall", "valid cases", "quiet", "precision"]];
  const argued: string[] = [];
  const details: string[] = [];
  for (const code of codes) {
    if (options.code && options.code !== code) continue;
    const suites = SUITES.filter((suite) => Object.values(suite.codes).includes(code));
    const relevant = cases.filter((peerCase) => suites.some((suite) => suite.file === peerCase.suite));
    let expected = 0;
    let found = 0;
    let arguedMisses = 0;
    for (const peerCase of relevant.filter((c) => c.kind === "invalid")) {
      const seen = findingsOf(peerCase).filter((f) => f.code === code);
      for (const error of peerCase.errors.filter((e) => e.code === code)) {
        expected++;
        const difference = ARGUED.find((a) => a.suite === peerCase.suite && a.at === peerCase.at && a.code === code);
        if (seen.some((f) => error.line === undefined || f.line === error.line)) found++;
        else if (difference) {
          arguedMisses++;
          argued.push(`${code} ${peerCase.suite}:${peerCase.at}: ${difference.why} (fixture ${difference.fixture})`);
        } else details.push(`miss ${code} (${error.messageId}) ${peerCase.suite}:${peerCase.at} line ${error.line ?? "?"}\n${indent(peerCase.code)}`);
      }
    }
    const valid = relevant.filter((c) => c.kind === "valid");
    let quiet = 0;
    for (const peerCase of valid) {
      const seen = findingsOf(peerCase).filter((f) => f.code === code);
      if (seen.length === 0) quiet++;
      else details.push(`reported ${code} on valid ${peerCase.suite}:${peerCase.at} line ${seen.map((f) => f.line).join(", ")}\n${indent(peerCase.code)}`);
    }
    rows.push([
      code,
      suites.map((s) => s.file.split(".")[0]).join(", "),
      String(expected),
      String(found),
      percent(found, expected),
      String(arguedMisses),
      percent(found, expected - arguedMisses),
      String(valid.length),
      String(quiet),
      percent(quiet, valid.length),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
  const bySuite = new Map<string, number>();
  for (const skip of skipped) bySuite.set(`${skip.suite}: ${skip.why.startsWith("languageOptions") ? "languageOptions" : skip.why}`, (bySuite.get(`${skip.suite}: ${skip.why.startsWith("languageOptions") ? "languageOptions" : skip.why}`) ?? 0) + 1);
  if (argued.length > 0) console.log(`\nargued differences:\n${argued.map((line) => `  ${line}`).join("\n")}`);
  console.log(`\n${cases.length} cases checked; skipped: ${[...bySuite].map(([why, n]) => `${n} (${why})`).join("; ") || "none"}`);
  if (options.list) console.log("\n" + details.join("\n\n"));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)}%`;
}

function indent(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

main();
