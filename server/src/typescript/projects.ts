import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { t } from "../engine/l10n";
import { toFsPath } from "../engine/rawFileNames";
import { readRegularFile, regularFileProblem } from "../engine/readBounded";
import type { Notice } from "../engine/types";

/**
 * The most a program loads of any one file (sources, declarations, tsconfig files): beyond any
 * real one (lib.dom.d.ts is about 2 MB), far below what exhausts the heap. A bigger file, or one
 * that is not a regular file (`/// <reference path="/dev/zero" />`, a FIFO in `files`), is
 * treated as missing, and the files it affects get one notice naming it.
 */
export const MAX_PROGRAM_FILE_BYTES = 16 * 1024 * 1024;

/** A file's text as `ts.sys.readFile` decodes it (UTF-16 by its byte order mark, else UTF-8 without BOM), read bounded. */
function decodeLikeTypeScript(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length & ~1));
    swapped.swap16();
    return swapped.toString("utf16le", 2);
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3);
  return bytes.toString("utf8");
}

function isDirectory(fileName: string): boolean {
  try {
    return fs.statSync(toFsPath(fileName)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A question a program asked of the disk, with the answer it got (see TypeScriptProjects.onDiskQuery).
 * `read` answers with the text (undefined: missing or refused); `listing` (readDirectory) is keyed by its arguments as JSON.
 */
export type DiskQuery =
  | { kind: "read"; path: string; answer: string | undefined }
  | { kind: "exists" | "directory"; path: string; answer: boolean }
  | { kind: "directories" | "listing"; path: string; answer: readonly string[] }
  | { kind: "realpath"; path: string; answer: string };

/** Which program a file is analyzed in and what that program is made of, known without building it. */
export interface ProgramIdentity {
  /** The config file, or `inferred:` and the folder of the inferred project. */
  id: string;
  directory: string;
  options: ts.CompilerOptions;
  roots: string[];
  /** The notice the file gets about its tsconfig (one that cannot be used), as noticeKey gives it. */
  notice?: string;
}

/** Unsaved editor text for a file, when it is open: it wins over the disk. */
export type DocumentOverlay = (fileName: string) => { text: string; version: number | string } | undefined;

/** Where a file is analyzed: its program, and a note when its tsconfig could not be used. */
export interface LocatedFile {
  program: ts.Program;
  sourceFile: ts.SourceFile;
  /** The tsconfig/jsconfig that governs the file, or undefined for the inferred project. */
  configFile?: string;
  notice?: Notice;
  /** Files the program needed but did not load (not regular files, or over MAX_PROGRAM_FILE_BYTES). */
  readNotice?: Notice;
}

const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];

/**
 * JSDoc in TypeScript files says nothing about types, and parsing it (the library files are mostly
 * JSDoc) was a third of building a program. JavaScript files still get theirs: JSDoc types are
 * how a `.js` file declares what it returns. (A function: the compiler is loaded on first use.)
 */
function jsDocParsing(): ts.JSDocParsingMode {
  return ts.JSDocParsingMode.ParseForTypeInfo;
}

/**
 * Files outside any tsconfig are analyzed with these options, as editors do for loose files.
 * A function, not a constant: the bundles load the compiler on first use (see scripts/build.mjs),
 * and reading its enums when this module loads would load it for Python-only runs too.
 */
function inferredOptions(): ts.CompilerOptions {
  return {
    allowJs: true,
    checkJs: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    strict: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    allowNonTsExtensions: true,
  };
}

/** One notice for the files a program did not load: the first few named, with why. */
function refusedNotice(refused: ReadonlyMap<string, string>): Notice | undefined {
  if (refused.size === 0) return undefined;
  const shown = [...refused].slice(0, 3).map(([file, reason]) => `${file} (${reason})`);
  const more = refused.size > shown.length ? t(" and {0} more", refused.size - shown.length) : "";
  return { kind: "config", message: t("TypeScript did not load {0}{1}: treated as missing.", shown.join(", "), more) };
}

export function normalizeFileName(fileName: string): string {
  return path.resolve(fileName).split(path.sep).join("/");
}

function flatten(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return t("{0} (line {1}, column {2})", message, line + 1, character + 1);
}

/** The directory of the TypeScript library files (lib.es2022.d.ts …): beside the bundle when built, else in the package. */
function libraryDirectory(): string {
  const besideExecutable = path.dirname(ts.getDefaultLibFilePath({}));
  if (fs.existsSync(path.join(besideExecutable, "lib.d.ts"))) return besideExecutable;
  try {
    return path.dirname(require.resolve("typescript/lib/lib.d.ts"));
  } catch {
    return besideExecutable;
  }
}

/** One program's worth of files and options, kept by a LanguageService that reuses the old program after edits. */
class Project {
  readonly service: ts.LanguageService;
  readonly roots: Set<string>;
  /** Files this project's program asked for and was refused, with why (see MAX_PROGRAM_FILE_BYTES). */
  readonly refused = new Map<string, string>();

  constructor(
    readonly options: ts.CompilerOptions,
    roots: Iterable<string>,
    readonly directory: string,
    private readonly owner: TypeScriptProjects,
    registry: ts.DocumentRegistry,
    readonly references: readonly ts.ProjectReference[] = [],
  ) {
    this.roots = new Set(roots);
    const libDirectory = owner.libDirectory;
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => this.options,
      getProjectVersion: () => String(owner.changeCount),
      getScriptFileNames: () => [...this.roots],
      getScriptVersion: (fileName) => owner.versionOf(fileName),
      getScriptSnapshot: (fileName) => {
        const text = this.noteRefusal(fileName, owner.textOf(fileName));
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => directory,
      getDefaultLibFileName: (options) => path.join(libDirectory, ts.getDefaultLibFileName(options)).split(path.sep).join("/"),
      fileExists: (fileName) => this.noteRefusal(fileName, owner.exists(fileName) || undefined) ?? false,
      readFile: (fileName) => this.noteRefusal(fileName, owner.textOf(fileName)),
      // Each answer is also told to onDiskQuery (the CLI's result cache): what else the program read of the disk.
      readDirectory: (...args) => owner.asked("listing", JSON.stringify(args), ts.sys.readDirectory(...args)),
      directoryExists: (directoryName) => owner.asked("directory", directoryName, isDirectory(directoryName)),
      getDirectories: (directoryName) => owner.asked("directories", directoryName, ts.sys.getDirectories(directoryName)),
      realpath: ts.sys.realpath && ((fileName) => owner.asked("realpath", fileName, ts.sys.realpath!(fileName))),
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      jsDocParsingMode: jsDocParsing(),
    };
    this.service = ts.createLanguageService(host, registry);
  }

  /** Passes a read's result on; when there is none because the file was refused, remembers it for the notice. */
  private noteRefusal<T>(fileName: string, result: T | undefined): T | undefined {
    if (result === undefined) {
      const reason = this.owner.refusalOf(fileName);
      if (reason) this.refused.set(fileName, reason);
    }
    return result;
  }

  dispose(): void {
    this.service.dispose();
  }
}

interface ConfigEntry {
  project?: Project;
  /** Files the config's include/files/exclude select (also known when only its base is missing). */
  fileNames: Set<string>;
  /** Why the config cannot be used: said once, and its files go to the inferred project. */
  problem?: string;
  /** The `extends` that cannot be found, when that is the only problem: the config's own include still says which files are its. */
  missingBase?: string;
}

/** A notice said once per config, not once per file: the same message about two configs is two notices. */
export function noticeKey(notice: Notice): string {
  return `${notice.subject ?? ""}\n${notice.message}`;
}

/** The `extends` names of a config as written (a string or, since TypeScript 5.0, a list). */
function extendsNames(config: unknown): string[] {
  const value = (config as { extends?: unknown } | undefined)?.extends;
  const names = Array.isArray(value) ? value : [value];
  return names.filter((name): name is string => typeof name === "string");
}

/** "File '<name>' not found." for a base the config extends: what a base package missing from node_modules gives. */
function missingBaseOf(errors: readonly ts.Diagnostic[], config: unknown): string | undefined {
  const bases = extendsNames(config);
  if (errors.length === 0 || bases.length === 0) return undefined;
  let missing: string | undefined;
  for (const error of errors) {
    const text = ts.flattenDiagnosticMessageText(error.messageText, " ");
    const base = error.code === 6053 ? bases.find((name) => text.includes(`'${name}'`)) : undefined;
    if (!base) return undefined;
    missing ??= base;
  }
  return missing;
}

/**
 * The TypeScript projects of a workspace: a LanguageService per tsconfig.json (or jsconfig.json)
 * and an inferred project (allowJs, checkJs off) for files no config includes. Open documents'
 * unsaved text comes from the overlay. Disk contents are versioned by mtime and cached until
 * `fileChanged` says otherwise, so an edit costs only the changed file.
 */
export class TypeScriptProjects {
  /** Bumped on every change a program could see; the LanguageService skips all work while it stays the same. */
  changeCount = 0;
  private libDirectoryFound: string | undefined;
  private registryMade: ts.DocumentRegistry | undefined;
  /** Looked up with the first project, not when this is made: the server makes one at start, before any TS document. */
  get libDirectory(): string {
    return (this.libDirectoryFound ??= libraryDirectory());
  }
  private get registry(): ts.DocumentRegistry {
    return (this.registryMade ??= ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, undefined, jsDocParsing()));
  }
  private readonly configs = new Map<string, ConfigEntry>();
  private readonly configOfDirectory = new Map<string, string | null>();
  private readonly inferred = new Map<string, Project>();
  private readonly diskVersions = new Map<string, string>();
  private readonly diskTexts = new Map<string, string | undefined>();
  /** Why a file on disk is not read (see MAX_PROGRAM_FILE_BYTES). */
  private readonly refusals = new Map<string, string>();
  /** What TypeScript reads config files with (tsconfig and what it extends): the disk, bounded. */
  private readonly configHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: ts.sys.readDirectory,
    fileExists: (fileName) => regularFileProblem(fileName, MAX_PROGRAM_FILE_BYTES) === undefined,
    readFile: (fileName) => this.readDisk(fileName),
  };

  /**
   * Told every question about the disk a program (or the analysis of a file) asks, with its
   * answer, open documents' text aside: the CLI's result cache keeps them as the program's input.
   */
  onDiskQuery?: (query: DiskQuery) => void;

  /** Passes an answer on, after telling onDiskQuery. */
  asked<T extends DiskQuery["answer"]>(kind: DiskQuery["kind"], path: string, answer: T): T {
    this.onDiskQuery?.({ kind, path, answer } as DiskQuery);
    return answer;
  }

  constructor(
    private readonly overlay: DocumentOverlay = () => undefined,
    /** Roots of the workspace: loose files under one share its inferred project (and its node_modules/@types). */
    private readonly roots: readonly string[] = [],
  ) {}

  versionOf(fileName: string): string {
    const open = this.overlay(fileName);
    if (open) return `open:${open.version}`;
    let version = this.diskVersions.get(fileName);
    if (version === undefined) {
      try {
        const stat = fs.statSync(fileName);
        version = `disk:${stat.mtimeMs}:${stat.size}`;
      } catch {
        version = "missing";
      }
      this.diskVersions.set(fileName, version);
    }
    return version;
  }

  textOf(fileName: string): string | undefined {
    const open = this.overlay(fileName);
    if (open) return open.text;
    if (this.diskTexts.has(fileName)) return this.asked("read", fileName, this.diskTexts.get(fileName));
    const text = this.readDisk(fileName);
    // Library and dependency files never change under us in practice; project files are re-read after fileChanged.
    this.diskTexts.set(fileName, text);
    return this.asked("read", fileName, text);
  }

  exists(fileName: string): boolean {
    if (this.overlay(fileName) !== undefined) return true;
    const problem = regularFileProblem(fileName, MAX_PROGRAM_FILE_BYTES);
    if (problem && problem.problem !== "missing" && problem.problem !== "directory") this.refusals.set(fileName, problem.message);
    return this.asked("exists", fileName, problem === undefined);
  }

  /** Why the program may not read this file from disk, when it was refused (not missing). */
  refusalOf(fileName: string): string | undefined {
    return this.refusals.get(fileName);
  }

  /** A file's text from disk, bounded; undefined when missing or refused (the refusal is kept, see refusalOf). */
  private readDisk(fileName: string): string | undefined {
    const read = readRegularFile(fileName, MAX_PROGRAM_FILE_BYTES);
    if (read.ok) {
      this.refusals.delete(fileName);
      return decodeLikeTypeScript(read.bytes);
    }
    if (read.problem === "special" || read.problem === "too-large") this.refusals.set(fileName, read.message);
    return undefined;
  }

  /** An open document changed: programs must look again. */
  documentChanged(): void {
    this.changeCount++;
  }

  /** A file changed, appeared or disappeared on disk (from a file watcher). */
  fileChanged(fileName: string, kind: "changed" | "created" | "deleted" = "changed"): void {
    const file = normalizeFileName(fileName);
    this.diskVersions.delete(file);
    this.diskTexts.delete(file);
    this.refusals.delete(file);
    this.changeCount++;
    if (CONFIG_NAMES.includes(path.basename(file))) {
      // A config changed: rebuild what depends on it; one appearing or vanishing moves files between projects.
      this.dropConfig(file);
      if (kind !== "changed") this.configOfDirectory.clear();
      return;
    }
    if (kind !== "changed") {
      // Include patterns may now select a different set of files.
      this.dropConfigs();
    }
  }

  private dropConfig(configFile: string): void {
    this.configs.get(configFile)?.project?.dispose();
    this.configs.delete(configFile);
  }

  private dropConfigs(): void {
    for (const entry of this.configs.values()) entry.project?.dispose();
    this.configs.clear();
  }

  /** The nearest tsconfig.json or jsconfig.json above a file, or undefined. */
  nearestConfig(fileName: string): string | undefined {
    const visited: string[] = [];
    let directory = path.posix.dirname(normalizeFileName(fileName));
    let found: string | null | undefined;
    for (;;) {
      const cached = this.configOfDirectory.get(directory);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(directory);
      // A config that is there but cannot be read (a FIFO, too large) still governs its folder: it gets a notice, not silence.
      const config = CONFIG_NAMES.map((name) => `${directory}/${name}`).find((candidate) => {
        const problem = regularFileProblem(candidate, MAX_PROGRAM_FILE_BYTES)?.problem;
        return problem !== "missing" && problem !== "directory";
      });
      if (config) {
        found = config;
        break;
      }
      const parent = path.posix.dirname(directory);
      if (parent === directory) {
        found = null;
        break;
      }
      directory = parent;
    }
    for (const dir of visited) this.configOfDirectory.set(dir, found);
    return found ?? undefined;
  }

  private configEntry(configFile: string): ConfigEntry {
    let entry = this.configs.get(configFile);
    if (entry) return entry;
    let problem: string | undefined;
    let parsed: ts.ParsedCommandLine | undefined;
    let read: { config?: unknown; error?: ts.Diagnostic } = {};
    try {
      read = ts.readConfigFile(configFile, (fileName) => this.readDisk(fileName));
      if (read.error) {
        problem = flatten(read.error);
      } else {
        parsed = ts.parseJsonConfigFileContent(read.config, this.configHost, path.posix.dirname(configFile), undefined, configFile);
        // "No inputs were found" only means this config selects no file; the file goes to the inferred project.
        const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
        if (errors.length > 0) problem = errors.map(flatten).join("; ");
      }
    } catch (error) {
      // TypeScript's recursive JSON parser overflows the stack on a config nested a thousand deep (or a very long `extends` chain).
      parsed = undefined;
      problem = t("TypeScript failed reading it: {0}", error instanceof Error ? error.message : String(error));
    }
    const missingBase = parsed && problem ? missingBaseOf(parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003), read.config) : undefined;
    if (missingBase) {
      entry = { fileNames: new Set(parsed!.fileNames.map(normalizeFileName)), problem, missingBase };
    } else if (problem || !parsed) {
      entry = { fileNames: new Set(), problem };
    } else {
      const fileNames = new Set(parsed.fileNames.map(normalizeFileName));
      const options = { ...parsed.options, noEmit: true };
      entry = { fileNames, project: new Project(options, fileNames, path.posix.dirname(configFile), this, this.registry, parsed.projectReferences ?? []) };
    }
    this.configs.set(configFile, entry);
    return entry;
  }

  /** The project a file belongs to: its tsconfig's (or one that config references), else the inferred one. */
  private projectOf(file: string): { project: Project; configFile?: string; notice?: Notice } {
    const configFile = this.nearestConfig(file);
    let notice: Notice | undefined;
    if (configFile) {
      const entry = this.configEntry(configFile);
      if (entry.missingBase) {
        // Its own include still says which files are its; the others were never its to begin with.
        if (entry.fileNames.has(file)) notice = this.missingBaseNotice(configFile, entry);
      } else if (entry.problem) {
        notice = {
          kind: "config",
          subject: this.displayName(configFile),
          message: t("cannot be used ({0}); the files under it are checked with default compiler options.", entry.problem),
        };
      } else if (entry.project && entry.fileNames.has(file)) {
        return { project: entry.project, configFile };
      } else {
        // A solution-style config (`"files": []` with references) leaves its files to the configs it references.
        for (const reference of entry.project?.references ?? []) {
          const referenced = ts.resolveProjectReferencePath(reference);
          const child = this.configEntry(normalizeFileName(referenced));
          if (child.project && child.fileNames.has(file)) return { project: child.project, configFile: normalizeFileName(referenced) };
        }
      }
    }
    return { project: this.inferredProjectFor(file), notice };
  }

  private missingBaseNotice(configFile: string, entry: ConfigEntry): Notice {
    const count = entry.fileNames.size;
    const message =
      count === 1
        ? t("its base `{0}` cannot be found; its one file is checked with default compiler options.", entry.missingBase!)
        : t("its base `{0}` cannot be found; its {1} files are checked with default compiler options.", entry.missingBase!, String(count));
    return { kind: "config", subject: this.displayName(configFile), message };
  }

  /** A config as the user knows it: relative to the workspace root holding it (`tsconfig.json`, `site/tsconfig.json`). */
  private displayName(configFile: string): string {
    for (const root of this.roots.map(normalizeFileName)) {
      const prefix = root.endsWith("/") ? root : `${root}/`;
      if (configFile.startsWith(prefix)) return configFile.slice(prefix.length);
    }
    return configFile;
  }

  private inferredProjectFor(file: string): Project {
    const root = this.roots.map(normalizeFileName).find((r) => file.startsWith(r.endsWith("/") ? r : `${r}/`)) ?? path.posix.dirname(file);
    let project = this.inferred.get(root);
    if (!project) {
      project = new Project(inferredOptions(), [], root, this, this.registry);
      this.inferred.set(root, project);
    }
    if (!project.roots.has(file)) {
      project.roots.add(file);
      this.changeCount++;
    }
    return project;
  }

  /** Places files in their projects without building programs, so that a project with many new files is built once. */
  assign(fileNames: Iterable<string>): void {
    for (const fileName of fileNames) this.projectOf(normalizeFileName(fileName));
  }

  /** The program a file is analyzed in, placed as `assign` places it, without building it. */
  programOf(fileName: string): ProgramIdentity {
    const { project, configFile, notice } = this.projectOf(normalizeFileName(fileName));
    const identity: ProgramIdentity = { id: configFile ?? `inferred:${project.directory}`, directory: project.directory, options: project.options, roots: [...project.roots] };
    if (notice) identity.notice = noticeKey(notice);
    return identity;
  }

  /** A loose file is no longer open: leave the inferred project. */
  forget(fileName: string): void {
    const file = normalizeFileName(fileName);
    for (const project of this.inferred.values()) {
      if (project.roots.delete(file)) this.changeCount++;
    }
  }

  /** The newest program containing the file (re-using the previous one where nothing changed). */
  locate(fileName: string): LocatedFile | undefined {
    const file = normalizeFileName(fileName);
    const { project, configFile, notice } = this.projectOf(file);
    const program = project.service.getProgram();
    const sourceFile = program?.getSourceFile(file);
    if (!program || !sourceFile) return undefined;
    return { program, sourceFile, configFile, notice, readNotice: refusedNotice(project.refused) };
  }

  dispose(): void {
    this.dropConfigs();
    for (const project of this.inferred.values()) project.dispose();
    this.inferred.clear();
  }
}
