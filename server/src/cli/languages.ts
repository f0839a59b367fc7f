import * as path from "node:path";
import { analyzePythonSource, initEngine, isPythonPath } from "../engine/analyze";
import type { Settings } from "../engine/settings";
import type { AnalysisResult } from "../engine/types";
import type { Tree } from "web-tree-sitter";
import type { ModuleModel } from "../python/moduleModel";
import type { ModuleSummary } from "../python/moduleSummary";
import { parsePython } from "../python/parser";
import { factsHash } from "./moduleFacts";
import { RunWorkspace } from "./runWorkspace";
import { isNotebookPath } from "../notebook/ipynb";
import { analyzeNotebookText, isLoadedNotebook, loadNotebookFile } from "../notebook/notebookFile";
import { typescript } from "../typescript/cliLanguage";
import type { FileOutcome, RunContext } from "./fileOutcome";
import type { CachedRunReport, CacheOptions } from "./cachedRun";
import { parsedAhead } from "./parsedAhead";
import { decodeSource, readSource, type ReadResult } from "./readSource";
import type { FileSnapshot } from "../engine/readBounded";

/**
 * A source as a language reads it: the text rules see, and how to turn a fixed text back into
 * the file's bytes (a notebook would rebuild its JSON here; a plain source re-adds its BOM).
 */
export interface LoadedSource {
  text: string;
  /** The file's bytes for a fixed text, or a reason it cannot be written back. */
  serialize(text: string): { ok: true; bytes: Buffer } | { ok: false; reason: string };
  /** For --diff, when the text is not the file's text (a notebook's program): the file's text before and after. */
  fileTexts?(text: string): { before: string; after: string } | undefined;
  /** Extra input for the engine (a notebook's cells joined: top-level await is valid). */
  notebook?: boolean;
  /** The file as it was read (absent for standard input): --fix replaces it only while it still is so. */
  snapshot?: FileSnapshot;
}

export type LoadResult = { ok: true; source: LoadedSource } | { ok: false; skipped: boolean; message: string };

/**
 * A language whose files are analyzed one at a time, independently: the CLI spreads them over
 * worker threads. Add one (Jupyter notebooks: `.ipynb`) by implementing `load` and `analyze`.
 */
export interface PerFileLanguage {
  kind: "per-file";
  name: string;
  accepts(file: string): boolean;
  /** Called once per thread before the first file. */
  init(): Promise<void>;
  /** Reads the file, or decodes `bytes` as its content when given (standard input). */
  load(file: string, settings: Settings, bytes?: Buffer): LoadResult;
  /** Analyzes a text of this file (the original or a fixed one). Never throws for any text. */
  analyze(text: string, file: string, settings: Settings, source: LoadedSource): AnalysisResult;
  /** What the analyses of this file since the last call learnt for the result cache (see resultCache.ts). */
  takeRunFacts?(file: string): RunFacts;
}

/** What the result cache keeps about a checked file besides its findings. */
export interface RunFacts {
  /** The other modules whose facts the findings depend on (absolute paths, sorted). */
  dependencies: string[];
  /** A hash of the file's own facts for other modules (its summary), when it was read. */
  facts?: string;
}

/**
 * A language whose files are analyzed together, project by project (TypeScript: one program per
 * tsconfig). It runs on the main thread and returns one outcome per file it was given.
 */
export interface ProjectLanguage {
  kind: "project";
  name: string;
  accepts(file: string): boolean;
  /** `given` holds the content of files read from elsewhere than their path (standard input): it stands in for the file, which need not exist. */
  analyzeFiles(files: readonly string[], context: RunContext, given?: ReadonlyMap<string, Buffer>): Promise<FileOutcome[]>;
  /** The same through the result cache: what it checked, and every file's outcome (see typeScriptCache.ts). */
  analyzeThroughCache?(files: readonly string[], context: RunContext, cache: CacheOptions): Promise<CachedRunReport>;
}

export type LanguageSupport = PerFileLanguage | ProjectLanguage;

/** Plain text sources: the bytes are the text in the encoding it was read in, BOM kept. */
export function textSource(read: Extract<ReadResult, { ok: true }>, extra: Partial<LoadedSource> = {}): LoadedSource {
  return {
    text: read.text,
    snapshot: read.snapshot,
    serialize(text) {
      if (read.encoding !== "utf-8") return { ok: false, reason: `fixes are only written to UTF-8 files, and this one is ${read.encoding}` };
      return { ok: true, bytes: Buffer.from((read.bom ? "\ufeff" : "") + text, "utf8") };
    },
    ...extra,
  };
}

/**
 * One workspace index per thread: a module is summarized once, from the tree of its own check
 * when this thread checked it first, else parsed when an import first reaches it (and that tree
 * kept for its check when it is in this thread's batch: see parsedAhead.ts).
 */
const pythonWorkspaces = new Map<string, RunWorkspace>();

function pythonWorkspaceFor(root: string): RunWorkspace {
  let workspace = pythonWorkspaces.get(root);
  if (!workspace) pythonWorkspaces.set(root, (workspace = new RunWorkspace(root, parsedAhead.parse)));
  return workspace;
}

/** The facts hash of each file whose own text was analyzed on this thread, until taken. */
const factsOfFile = new Map<string, string>();

function takeRunFacts(file: string): RunFacts {
  const key = path.resolve(file);
  const facts = factsOfFile.get(key);
  factsOfFile.delete(key);
  return { dependencies: pythonWorkspaceFor(pythonRoot).takeDependencies(key), facts };
}

/** A file this run wrote (--fix): what the workspace knew of it is forgotten. */
export function fileWritten(file: string): void {
  pythonWorkspaceFor(pythonRoot).changed(file);
}

/** A module summary one thread's index made, for the other threads' (plain data: it crosses threads). */
export interface SharedSummary {
  file: string;
  stamp: string;
  summary: ModuleSummary;
}

/** Summaries of the files this thread checked since they were last handed on; undefined when the run has one thread. */
let summariesToShare: SharedSummary[] | undefined;

/**
 * With several threads, each one's index also learns the modules the others checked (sent along
 * with the batches), so a module checked on one thread is not parsed again to summarize it on another.
 */
export function shareSummaries(): void {
  summariesToShare ??= [];
}

export function takeSummariesToShare(): SharedSummary[] {
  const taken = summariesToShare ?? [];
  if (summariesToShare) summariesToShare = [];
  return taken;
}

export function adoptSharedSummaries(shared: readonly SharedSummary[]): void {
  const { index } = pythonWorkspaceFor(pythonRoot);
  for (const { file, stamp, summary } of shared) index.adopt(file, stamp, summary);
}

/** The root imports are resolved from; the CLI sets it to the directory it runs in. */
let pythonRoot = process.cwd();

export function setPythonRoot(root: string): void {
  pythonRoot = root;
  // A new run: files may have changed since the last one in this process (tests, the cache's rounds do not call this).
  pythonWorkspaces.clear();
  factsOfFile.clear();
}

export const python: PerFileLanguage = {
  kind: "per-file",
  name: "python",
  accepts: isPythonPath,
  init: initEngine,
  load(file, settings, bytes) {
    const read = bytes ? decodeSource(bytes) : readSource(file, settings.maxFileSize);
    return read.ok ? { ok: true, source: textSource(read) } : read;
  },
  analyze(text, file, settings, source) {
    const pythonWorkspace = pythonWorkspaceFor(pythonRoot);
    let tree: Tree | undefined;
    let model: ModuleModel | undefined;
    const pythonTree = () => {
      const ahead = parsedAhead.take(file, text);
      model = ahead?.model;
      return (tree = ahead?.tree ?? parsePython(text));
    };
    const pythonModel = (of: Tree) => (of === tree ? model : undefined);
    // The file's own text (not a fixed one): modules importing it need not parse it again.
    const onPythonModel =
      text === source.text
        ? (model: ModuleModel) => {
            const remembered = pythonWorkspace.index.remember(file, model);
            if (!remembered) return;
            summariesToShare?.push(remembered);
            factsOfFile.set(remembered.file, factsHash(remembered.summary, model));
          }
        : undefined;
    try {
      return analyzePythonSource({ text, path: file, notebook: source.notebook, pythonTree, pythonModel }, { settings, pythonWorkspace, onPythonModel });
    } finally {
      tree?.delete();
    }
  },
  takeRunFacts,
};

/** Jupyter notebooks: their Python cells joined into one program (see server/src/notebook/). */
export const notebook: PerFileLanguage = {
  kind: "per-file",
  name: "notebook",
  accepts: isNotebookPath,
  init: initEngine,
  load: (file, settings, bytes) => loadNotebookFile(file, bytes, settings.maxFileSize),
  analyze(text, file, settings, source) {
    if (!isLoadedNotebook(source)) throw new Error(`${file} was not loaded as a notebook`);
    return analyzeNotebookText(text, source, { settings, pythonWorkspace: pythonWorkspaceFor(pythonRoot) }, file);
  },
  takeRunFacts,
};

/**
 * Every language the CLI checks, in the order they are tried for a file. A new language is one
 * entry here (and, for per-file languages, nothing else: workers use this same list).
 */
export const LANGUAGES: LanguageSupport[] = [python, notebook, typescript];

export function languageFor(file: string): LanguageSupport | undefined {
  return LANGUAGES.find((language) => language.accepts(file));
}

export function isCheckedPath(file: string): boolean {
  return languageFor(file) !== undefined;
}
