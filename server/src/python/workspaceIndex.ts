import * as fs from "node:fs";
import * as path from "node:path";
import type { Tree } from "web-tree-sitter";
import { decoratorBehaviour, provenCoroutineFunction, type FunctionFacts, type ProofContext } from "./coroutineFunctions";
import { findEnvironments, type PythonEnvironment } from "./environments";
import { MAX_HOPS, resolveHelper, type ResolvedHelper } from "./helperChains";
import { helperFactsIfRead, helperFactsOfModel, singlePlainDefinition } from "./helperFacts";
import { buildModuleModel, type ImportBinding, type ModuleModel } from "./moduleModel";
import { summarizeTree, summaryOfModel, type ModuleSummary } from "./moduleSummary";
import { readRegularFile } from "../engine/readBounded";
import { parsePython } from "./parser";
import { unanalyzableTree } from "./treeLimits";
import { importedName } from "./symbols";
import type { PythonWorkspace, WorkspaceSymbol } from "./workspace";

interface CacheEntry {
  stamp: string;
  summary: ModuleSummary | undefined;
}

/** Reads a source file: the editor's unsaved text when open, else the disk. Returns a stamp that changes with the content. */
export type SourceReader = (file: string) => { text: string; stamp: string } | undefined;

/** The largest module an import reads (from disk or, in the editor, an open document): a larger one is not summarized. */
export const MAX_MODULE_BYTES = 2 * 1024 * 1024;

/** Regular files only, bounded (see readBounded.ts): an imported name that is a FIFO or a link to /dev/zero is no module. */
export const diskReader: SourceReader = (file) => {
  const read = readRegularFile(file, MAX_MODULE_BYTES);
  return read.ok ? { text: read.bytes.toString("utf8"), stamp: `${read.stat.mtimeMs}:${read.stat.size}` } : undefined;
};

/** The stamp `diskReader` would give, without reading the file: checking a cached summary is one stat call. */
function diskStamp(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_MODULE_BYTES ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How the index parses a module it summarizes. The CLI keeps the tree when it is about to check
 * that very file on the same thread (`kept`: the caller deletes it later), so the file is parsed
 * once; it then builds the module's model at once too, which the index summarizes from.
 */
export type ModuleParser = (file: string, text: string) => { tree: Tree; kept: boolean; model?: ModuleModel };

const parseAndDrop: ModuleParser = (_file, text) => ({ tree: parsePython(text), kept: false });

const MAX_DEPTH = 6;
const NOT_FOUND: WorkspaceSymbol = { kind: "unknown" };

/**
 * A lazy index of the workspace's Python modules: a module is found, parsed and summarized the
 * first time an import reaches it, then kept (bounded, least recently used dropped first) until
 * its file changes. Nothing is scanned up front, so opening a huge workspace costs nothing.
 */
export class PythonWorkspaceIndex implements PythonWorkspace {
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Which names of a directory are files, read once per directory: resolving one dotted name
   * tries many candidate paths (every base, every prefix, .py/.pyi/__init__.py), and a stat call
   * for each was most of the time of a workspace scan. Forgotten whenever a file changes.
   */
  private readonly listings = new Map<string, Set<string>>();
  /**
   * Reads what a summarized module's helpers block on, when a coroutine first calls one of them and
   * the summary was made without them (`blocking` unset): its text again (the stamp the summary was
   * made for), its full model.
   */
  private readHelpers(file: string, summary: ModuleSummary): void {
    summary.blocking = new Map();
    const source = this.read(path.resolve(file));
    if (!source || source.text.includes("\u0000")) return;
    const tree = parsePython(source.text);
    try {
      if (unanalyzableTree(tree) === undefined) withHelperFacts(summary, buildModuleModel(tree, source.text));
    } finally {
      tree.delete();
    }
  }

  /** Each summary's helpers followed to what they block on (null: nothing, or being followed now). */
  private readonly resolvedHelpers = new WeakMap<ModuleSummary, Map<string, ResolvedHelper | null>>();
  /** Where a module path (base folder + dotted parts) leads: a file, or "" for none. Derived from `listings`. */
  private readonly moduleFiles = new Map<string, string>();

  /** The virtual environments imports may resolve into after the roots, found on the first absolute import. */
  private found: PythonEnvironment[] | undefined;
  /** How many modules were read from them, for the output log. */
  private environmentReads = 0;

  /** The stamp of a file without its text, when the reader has a cheaper way to tell (the disk's). */
  private readonly stampOf: ((file: string) => string | undefined) | undefined;

  constructor(
    private readonly roots: readonly string[],
    private readonly read: SourceReader = diskReader,
    private readonly maxModules = 5000,
    private readonly parse: ModuleParser = parseAndDrop,
    private readonly environmentFolders: readonly string[] | "none" = [],
  ) {
    this.stampOf = read === diskReader ? diskStamp : undefined;
  }

  /** The virtual environments whose `site-packages` absolute imports resolve into (after the workspace's own modules). */
  get environments(): readonly PythonEnvironment[] {
    this.found ??= this.environmentFolders === "none" ? [] : findEnvironments(this.roots, this.environmentFolders);
    return this.found;
  }

  /** How many modules of those environments were read (summarized) so far. */
  get modulesReadFromEnvironments(): number {
    return this.environmentReads;
  }

  /**
   * Takes the summary of a file from the model of its current content that the caller built anyway
   * (the CLI, analyzing the file): modules importing it then find it without parsing it again.
   */
  remember(file: string, model: ModuleModel): { file: string; stamp: string; summary: ModuleSummary } | undefined {
    const key = path.resolve(file);
    const stamp = this.stampOf ? this.stampOf(key) : this.read(key)?.stamp;
    if (stamp === undefined) return undefined;
    // Read now, while the model is at hand, when they are read already or another module imports this one (its summary was asked for before it was checked);
    // otherwise only if some coroutine ever calls one of its helpers: reading them costs as much as the rules do, and most modules' helpers are never called from one.
    const imported = this.cache.has(key);
    const summary = summaryOfModel(model);
    if (imported || helperFactsIfRead(model)) withHelperFacts(summary, model);
    else withoutHelperFacts(summary);
    this.store(key, { stamp, summary });
    return { file: key, stamp, summary };
  }

  /** Takes a summary another thread's index made of a file, unless this one knows that content already. */
  adopt(file: string, stamp: string, summary: ModuleSummary): void {
    const key = path.resolve(file);
    if (this.cache.get(key)?.stamp !== stamp) this.store(key, { stamp, summary });
  }

  /** Forgets a file (it changed or was deleted on disk). */
  invalidate(file: string): void {
    this.cache.delete(path.resolve(file));
    // A created or deleted file changes its folder's listing.
    this.listings.clear();
    this.moduleFiles.clear();
  }

  clear(): void {
    this.cache.clear();
    this.listings.clear();
    this.moduleFiles.clear();
  }

  get size(): number {
    return this.cache.size;
  }

  symbol(fromFile: string | undefined, dotted: string): WorkspaceSymbol {
    try {
      return this.resolve(fromFile, dotted, 0);
    } catch {
      return NOT_FOUND;
    }
  }

  private resolve(fromFile: string | undefined, dotted: string, depth: number): WorkspaceSymbol {
    if (depth > MAX_DEPTH) return NOT_FOUND;
    const found = this.locate(fromFile, dotted);
    if (!found) return NOT_FOUND;
    return found.names.length === 0 ? { kind: "module" } : this.member(found.file, found.names, depth);
  }

  /** The module file a dotted name starts in (the longest prefix that is one), and the names inside it. */
  private locate(fromFile: string | undefined, dotted: string): { file: string; names: string[] } | undefined {
    let level = 0;
    while (dotted[level] === ".") level++;
    const parts = dotted.slice(level).split(".").filter(Boolean);
    for (const base of this.searchBases(fromFile, level)) {
      for (let split = parts.length; split >= 1; split--) {
        const file = this.moduleFile(base, parts.slice(0, split));
        if (file) return { file, names: parts.slice(split) };
      }
      if (level > 0 && parts.length >= 1) {
        // `from . import name` in a package: the name lives in its __init__.py.
        const init = path.join(base, "__init__.py");
        if (this.isFile(init)) return { file: init, names: parts };
      }
    }
    return undefined;
  }

  private member(file: string, names: string[], depth: number): WorkspaceSymbol {
    const summary = this.summary(file);
    if (!summary) return NOT_FOUND;
    const [first, second, ...more] = names;
    const context = this.proofContext(file, summary, depth);
    const functions = summary.functions.get(first);
    if (functions) return names.length === 1 ? this.functionSymbol(context.local(first), context) : NOT_FOUND;
    const cls = summary.classes.get(first);
    if (cls) {
      if (second === undefined) return { kind: "class" };
      if (more.length > 0 || cls.assigned.has(second)) return NOT_FOUND;
      return this.functionSymbol(cls.methods.get(second), context);
    }
    const reexport = summary.imports.get(first);
    return reexport ? this.resolve(file, reexported(reexport, names), depth + 1) : NOT_FOUND;
  }

  /** What a function with these definitions is: a proven coroutine function, a def (and what it does as a decorator), or unknown. */
  private functionSymbol(definitions: readonly FunctionFacts[] | undefined, context: ProofContext): WorkspaceSymbol {
    if (!definitions) return NOT_FOUND;
    if (provenCoroutineFunction(definitions, context)) return { kind: "coroutine-function" };
    if (!definitions.some((facts) => !facts.async)) return NOT_FOUND;
    const decorator = decoratorBehaviour(definitions, context);
    return decorator ? { kind: "function", decorator } : { kind: "function" };
  }

  helper(fromFile: string | undefined, dotted: string): ResolvedHelper | undefined {
    try {
      return this.helperNamed(fromFile, dotted, 0);
    } catch {
      return undefined;
    }
  }

  /** Where a dotted name leads, as `resolve` finds it, to the helper it names. */
  private helperNamed(fromFile: string | undefined, dotted: string, depth: number): ResolvedHelper | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const found = this.locate(fromFile, dotted);
    return found && found.names.length > 0 ? this.helperAt(found.file, found.names, depth) : undefined;
  }

  private helperAt(file: string, names: string[], depth: number): ResolvedHelper | undefined {
    const summary = this.summary(file);
    if (!summary) return undefined;
    const [first, second, ...more] = names;
    if (summary.functions.has(first)) return names.length === 1 ? this.helperOf(file, summary, first, depth) : undefined;
    const cls = summary.classes.get(first);
    if (cls) {
      if (second === undefined) return this.helperOf(file, summary, `${first}.__init__`, depth);
      return more.length > 0 || cls.assigned.has(second) ? undefined : this.helperOf(file, summary, `${first}.${second}`, depth);
    }
    const reexport = summary.imports.get(first);
    return reexport ? this.helperNamed(file, reexported(reexport, names), depth + 1) : undefined;
  }

  /**
   * What calling a sync function or method of a summarized module (`f`, `Cls.m`) may block on,
   * followed through the helpers it calls, in its module and others. Only a single plain
   * definition counts: an unknown decorator may run it in a thread or not at all.
   */
  private helperOf(file: string, summary: ModuleSummary, key: string, depth: number): ResolvedHelper | undefined {
    if (depth > MAX_HOPS || !plainDefinition(summary, key)) return undefined;
    // Only for a helper it has: a class without an `__init__` of its own, constructed, is nothing to read.
    if (summary.blocking === undefined) this.readHelpers(file, summary);
    const facts = summary.blocking?.get(key);
    if (!facts) return undefined;
    let known = this.resolvedHelpers.get(summary);
    if (!known) this.resolvedHelpers.set(summary, (known = new Map()));
    if (known.has(key)) return known.get(key) ?? undefined;
    // A cycle of helpers: the helper being resolved blocks, if at all, through its other steps.
    known.set(key, null);
    const resolved = resolveHelper(key, facts, path.resolve(file), (target) => {
      if ("local" in target) return this.helperOf(file, summary, target.local, depth + 1);
      return this.helperNamed(file, target.external, depth + 1);
    });
    const useful = resolved.steps.length > 0 ? resolved : undefined;
    known.set(key, useful ?? null);
    return useful;
  }

  /** A summarized module as the proofs about decorators see it: its names resolve through its own imports and definitions. */
  private proofContext(file: string, summary: ModuleSummary, depth: number): ProofContext {
    const boundElsewhere = (name: string) => summary.imports.has(name) || summary.classes.has(name) || summary.assigned.has(name);
    return {
      resolve: (dotted) => {
        const [first, ...rest] = dotted.split(".");
        if (summary.functions.has(first)) return rest.length === 0 && !boundElsewhere(first) ? { local: first } : undefined;
        const binding = summary.imports.get(first);
        if (binding) return { external: [importedName(binding), ...rest].join(".") };
        if (boundElsewhere(first)) return undefined;
        // Bound nowhere in the module: a builtin.
        return { external: dotted };
      },
      local: (name) => (boundElsewhere(name) ? undefined : summary.functions.get(name)),
      external: (name) => {
        if (depth >= MAX_DEPTH) return undefined;
        const symbol = this.resolve(file, name, depth + 1);
        return symbol.kind === "function" ? symbol.decorator : undefined;
      },
    };
  }

  /**
   * Directories an import may start from. A relative import starts from its package. An absolute
   * one (Python 3) starts only from the import path: the workspace roots (and their `src`), and
   * the folder above the file's outermost package, where the file's top-level package is found
   * (a script's own folder when it is in no package, as `python script.py` and pytest's rootdir
   * insertion put it there). Never from the file's own package: `import socket` there is the
   * standard library's, even beside a `socket.py`.
   */
  private searchBases(fromFile: string | undefined, level: number): string[] {
    if (level > 0) {
      if (!fromFile) return [];
      let dir = path.dirname(path.resolve(fromFile));
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      return [dir];
    }
    const bases: string[] = [];
    if (fromFile) {
      const top = this.importRoot(path.dirname(path.resolve(fromFile)));
      if (top) bases.push(top);
    }
    for (const root of this.roots) bases.push(path.resolve(root), path.join(path.resolve(root), "src"));
    for (const environment of this.environments) bases.push(...environment.sitePackages);
    return [...new Set(bases)];
  }

  /**
   * The first folder up from `dir` that is not a package (has no `__init__.py`): inside the root
   * that holds the file (undefined when it would be above it), anywhere for a file in no root.
   */
  private importRoot(dir: string): string | undefined {
    const within = (root: string) => dir === root || dir.startsWith(root + path.sep);
    const root = this.roots.map((r) => path.resolve(r)).find(within);
    for (let i = 0; i < 32; i++) {
      if (root !== undefined && !within(root)) return undefined;
      if (!this.isFile(path.join(dir, "__init__.py"))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return undefined;
  }

  private moduleFile(base: string, parts: string[]): string | undefined {
    // The same names (`asyncio.gather`, `log.info`) are looked up from the same folders over and over.
    const key = `${base}\0${parts.join(".")}`;
    const known = this.moduleFiles.get(key);
    if (known !== undefined) return known || undefined;
    const joined = path.join(base, ...parts);
    let found = "";
    // A package with only stubs (a compiled extension's `__init__.pyi`) is read from them.
    for (const candidate of [`${joined}.py`, `${joined}.pyi`, path.join(joined, "__init__.py"), path.join(joined, "__init__.pyi")]) {
      if (this.isFile(candidate)) {
        found = candidate;
        break;
      }
    }
    this.moduleFiles.set(key, found);
    return found || undefined;
  }

  private isFile(file: string): boolean {
    const dir = path.dirname(file);
    let files = this.listings.get(dir);
    if (!files) {
      files = listFiles(dir);
      this.listings.set(dir, files);
    }
    return files.has(path.basename(file));
  }

  private summary(file: string): ModuleSummary | undefined {
    const key = path.resolve(file);
    let source: { text: string; stamp: string } | undefined;
    const stamp = this.stampOf ? this.stampOf(key) : (source = this.read(key))?.stamp;
    if (stamp === undefined) return undefined;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp) {
      // Refresh its place in the least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.summary;
    }
    source ??= this.read(key);
    if (!source) return undefined;
    const summary = this.summarize(key, source.text);
    if (this.found?.some((environment) => environment.sitePackages.some((dir) => key.startsWith(dir + path.sep)))) this.environmentReads++;
    this.store(key, { stamp: source.stamp, summary });
    return summary;
  }

  private summarize(file: string, text: string): ModuleSummary | undefined {
    if (text.includes("\u0000")) return undefined;
    const { tree, kept, model } = this.parse(file, text);
    try {
      if (model) return withHelperFacts(summaryOfModel(model), model);
      // What its helpers block on needs the full model: read again only if a coroutine calls one of them (most imported modules are asked for a name or two).
      return withoutHelperFacts(summarizeTree(tree));
    } finally {
      if (!kept) tree.delete();
    }
  }

  private store(key: string, entry: CacheEntry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > this.maxModules) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** Only sync functions and methods are helpers. */
function hasHelpers(summary: ModuleSummary): boolean {
  return summary.syncFunctions.size > 0 || [...summary.classes.values()].some((cls) => cls.syncMethods.size > 0);
}

/** The dotted name a re-export leads to, followed by the names after it (`from .client import connect` and `connect.x` -> `.client.connect.x`). */
function reexported(binding: ImportBinding, names: readonly string[]): string {
  const target = ".".repeat(binding.level) + [binding.module, binding.name].filter((p) => p).join(".");
  const joined = binding.level > 0 && binding.module === "" ? ".".repeat(binding.level) + (binding.name ?? "") : target;
  return [joined, ...names.slice(1)].join(".");
}

function withHelperFacts(summary: ModuleSummary, model: ModuleModel): ModuleSummary {
  // A tree the analysis refuses (nested past what CPython compiles, one huge unparsable region) is not read for helpers either: the rules' walks grow with its square.
  summary.blocking = !hasHelpers(summary) || unanalyzableTree(model.tree) !== undefined ? new Map() : helperFactsOfModel(model);
  return summary;
}

/** A summary whose helpers' facts are read when first asked for (a module without helpers has none to read). */
function withoutHelperFacts(summary: ModuleSummary): ModuleSummary {
  if (!hasHelpers(summary)) summary.blocking = new Map();
  return summary;
}

/** A function or method defined once, sync, under decorators that leave its body running where it is called, and bound to nothing else. */
function plainDefinition(summary: ModuleSummary, key: string): boolean {
  const [name, method] = key.split(".");
  if (method === undefined) {
    const definitions = summary.functions.get(name);
    if (summary.assigned.has(name) || summary.imports.has(name) || summary.classes.has(name)) return false;
    return singlePlainDefinition(definitions);
  }
  const cls = summary.classes.get(name);
  const definitions = cls?.methods.get(method);
  if (!cls || cls.assigned.has(method) || summary.functions.has(name)) return false;
  return singlePlainDefinition(definitions);
}

/** The names of the files in a folder (symbolic links followed); empty when it cannot be read. */
function listFiles(dir: string): Set<string> {
  const files = new Set<string>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (entry.isFile()) files.add(entry.name);
    else if (entry.isSymbolicLink()) {
      try {
        if (fs.statSync(path.join(dir, entry.name)).isFile()) files.add(entry.name);
      } catch {
        // A dangling link is no module.
      }
    }
  }
  return files;
}
