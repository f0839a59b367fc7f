import * as fs from "node:fs";
import * as path from "node:path";
import { Language, Parser, type Tree } from "web-tree-sitter";

let ready: Promise<Language> | undefined;
let language: Language | undefined;

/**
 * Finds a .wasm file: beside the bundle when running from dist/ or the .vsix, else in
 * node_modules (tests run the sources directly).
 */
function locateWasm(fileName: string, packageEntry: string): string {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packageEntry);
}

/** Loads tree-sitter and the Python grammar once; every later call returns the same language. */
export function loadPython(): Promise<Language> {
  ready ??= (async () => {
    await Parser.init({
      locateFile: () => locateWasm("web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"),
    });
    language = await Language.load(locateWasm("tree-sitter-python.wasm", "tree-sitter-python/tree-sitter-python.wasm"));
    return language;
  })();
  return ready;
}

export function pythonLanguage(): Language {
  if (!language) throw new Error("loadPython() must finish before Python is parsed");
  return language;
}

let sharedParser: Parser | undefined;

/** Parses Python text; with the previous tree (already edited to match) the parse is incremental. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(pythonLanguage());
  }
  // tree-sitter-python only breaks lines at "\n"; a lone "\r" (old Mac files, mixed endings)
  // is a line break for Python, LSP and LineIndex. Same length, so every offset still holds.
  const tree = sharedParser.parse(text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text, oldTree ?? null);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}
