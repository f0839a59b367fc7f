import * as fs from "node:fs";
import * as path from "node:path";
import type { Edit, Language, Parser, Point, Query, Tree } from "web-tree-sitter";

type TreeSitter = typeof import("web-tree-sitter");

/** The global WebAssembly object (the compiler's libraries here declare its types only). */
const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (limits: { initial: number; maximum: number }) => object; RuntimeError: new () => Error } })
  .WebAssembly;

/**
 * One instance of tree-sitter's wasm module with the Python grammar in it. When the wasm aborts
 * (a text too large for its memory: "RuntimeError: Aborted()") the instance is dead for good:
 * every later call aborts too, and the memory it grew to is never given back. So the instance is
 * retired and the next `loadPython()` starts a fresh one from a fresh copy of web-tree-sitter's
 * JavaScript (whose module state keeps the first instance it made). Everything made from an
 * instance (trees, queries, edits) belongs to it; nothing here mixes two.
 */
interface Runtime {
  treeSitter: TreeSitter;
  /** The options given to the wasm module, which the module makes its own object (its exports land on it). */
  wasmModule: Record<string, unknown>;
  language: Language;
  parser: Parser | undefined;
  queries: Map<string, Query>;
  retired: boolean;
}

let current: Runtime | undefined;
let loading: Promise<Runtime> | undefined;
let retirements = 0;

/**
 * Finds a file shipped beside the bundle when running from dist/ or the .vsix, else in
 * node_modules (tests run the sources directly).
 */
function locate(fileName: string, packageEntry: string): string {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packageEntry);
}

/** web-tree-sitter's JavaScript evaluated anew: its module state remembers the one wasm instance it made. */
function freshTreeSitter(): TreeSitter {
  const entry = locate("web-tree-sitter.cjs", "web-tree-sitter");
  delete require.cache[entry];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const treeSitter = require(entry) as TreeSitter;
  // Neither the cache nor this module's list of children keeps it: a retired instance (its wasm memory, up to 2 GB) is then collected.
  delete require.cache[entry];
  const children = module.children;
  for (let i = children.length - 1; i >= 0; i--) if (children[i].id === entry || children[i].filename === entry) children.splice(i, 1);
  return treeSitter;
}

/**
 * The wasm memory's ceiling in MB when ASYNCLINT_PARSER_MEMORY_MB says so (at least the 32 MB the
 * module starts with), else tree-sitter's own (2 GB). A lower ceiling makes a text too large for
 * the parser fail early and cheaply; the robustness tests use it to make a real abort happen.
 */
function memoryCeilingMb(): number | undefined {
  const configured = Number(process.env.ASYNCLINT_PARSER_MEMORY_MB);
  return Number.isFinite(configured) && configured > 0 ? Math.max(32, Math.floor(configured)) : undefined;
}

async function startRuntime(): Promise<Runtime> {
  const treeSitter = freshTreeSitter();
  const ceiling = memoryCeilingMb();
  const wasmModule: Record<string, unknown> = {
    locateFile: () => locate("web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"),
    // Any abort (tree-sitter's malloc failing deep in a parse or a query) ends this instance.
    onAbort: () => retire(runtime),
    // The abort is reported by whoever called into the parser; the module's own line on stderr would say nothing more.
    printErr: () => undefined,
    ...(ceiling ? { wasmMemory: new wasm.Memory({ initial: 512, maximum: ceiling * 16 }) } : {}),
  };
  const runtime: Runtime = { treeSitter, wasmModule, language: undefined as unknown as Language, parser: undefined, queries: new Map(), retired: false };
  await treeSitter.Parser.init(wasmModule);
  runtime.language = await treeSitter.Language.load(locate("tree-sitter-python.wasm", "tree-sitter-python/tree-sitter-python.wasm"));
  return runtime;
}

function retire(runtime: Runtime): void {
  if (runtime.retired) return;
  runtime.retired = true;
  // web-tree-sitter deletes a tree, parser or query in wasm when it is garbage-collected: in a dead
  // instance that call aborts again, from a finalizer, as an uncaught error. Its entry points now do nothing.
  for (const [name, value] of Object.entries(runtime.wasmModule)) {
    if (name.startsWith("_") && typeof value === "function") runtime.wasmModule[name] = () => 0;
  }
  retirements++;
  if (current === runtime) current = undefined;
}

/** Loads tree-sitter and the Python grammar; later calls return the same language until the parser is retired, then load a fresh one. */
export function loadPython(): Promise<Language> {
  if (current) return Promise.resolve(current.language);
  loading ??= startRuntime().then(
    (runtime) => {
      loading = undefined;
      current = runtime;
      return runtime;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading.then((runtime) => runtime.language);
}

function live(): Runtime {
  if (!current) throw new Error("loadPython() must finish before Python is parsed");
  return current;
}

export function pythonLanguage(): Language {
  return live().language;
}

/** A query over the Python grammar, compiled once per parser instance. */
export function pythonQuery(source: string): Query {
  const runtime = live();
  let query = runtime.queries.get(source);
  if (!query) {
    query = new runtime.treeSitter.Query(runtime.language, source);
    runtime.queries.set(source, query);
  }
  return query;
}

/** The tree-sitter edit that `tree.edit` takes, for a tree of the current parser. */
export function treeEdit(fields: { startIndex: number; oldEndIndex: number; newEndIndex: number; startPosition: Point; oldEndPosition: Point; newEndPosition: Point }): Edit {
  return new (live().treeSitter.Edit)(fields);
}

/** Whether the tree was made by the parser in use (a retired parser's trees can be neither edited, re-used nor deleted). */
export function isLiveTree(tree: Tree): boolean {
  return current !== undefined && tree instanceof current.treeSitter.Tree;
}

/** Deletes a tree of the parser in use; a retired parser's tree is dropped with its instance. */
export function releaseTree(tree: Tree | undefined): void {
  if (tree && isLiveTree(tree)) tree.delete();
}

/**
 * Whether an error is the wasm failing (an abort, or a trap such as "memory access out of
 * bounds"). Then the parser in use is retired, so that the next `loadPython()` starts a fresh
 * one: call this where such an error is caught.
 */
export function retireParserAfter(error: unknown): boolean {
  if (!(error instanceof wasm.RuntimeError)) return false;
  if (current) retire(current);
  return true;
}

/** How many times a parser was retired since the process started (each is reported once by the caller). */
export function parserRetirements(): number {
  return retirements;
}

/** Parses Python text; with the previous tree (already edited to match) the parse is incremental. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  const runtime = live();
  if (!runtime.parser) {
    runtime.parser = new runtime.treeSitter.Parser();
    runtime.parser.setLanguage(runtime.language);
  }
  // A tree of a retired parser lives in another wasm instance's memory: parse from scratch.
  const reusable = oldTree && oldTree instanceof runtime.treeSitter.Tree ? oldTree : null;
  // tree-sitter-python only breaks lines at "\n"; a lone "\r" (old Mac files, mixed endings)
  // is a line break for Python, LSP and LineIndex. Same length, so every offset still holds.
  const tree = runtime.parser.parse(text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text, reusable);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/** Whether the text takes more than `maxBytes` in UTF-8 (asynclint.maxFileSize): such a text is never handed to the parser. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  // A UTF-16 unit encodes to at most 3 bytes: only measure when the cap may be passed.
  return text.length * 3 > maxBytes && Buffer.byteLength(text, "utf8") > maxBytes;
}
