import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { toFsPath } from "../engine/rawFileNames";
import type { Finding } from "../engine/types";
import { normalizeFileName, type DiskQuery, type ProgramIdentity, TypeScriptProjects } from "../typescript/projects";
import { RACY_MS, statStamp, type CacheOptions } from "./cachedRun";
import type { FileMessage, FileOutcome, RunContext } from "./fileOutcome";
import { contentHash, parseLine, replaceCacheFile } from "./resultCache";

/** Bumped whenever what an entry holds changes meaning: older files are then not read. */
const FORMAT = 1;

/** A file the program read: its stat when that can be trusted (see cachedRun.ts), and a hash of the text it got (null: none, missing or refused). */
type ReadInput = [file: string, stat: string | null, hash: string | null];

/** Any other question the program asked of the disk: its kind, its argument, a hash of the answer. */
type QueryInput = [kind: Exclude<DiskQuery["kind"], "read">, path: string, answer: string];

/** What one program (a tsconfig's, or the inferred project's) found, with everything it was made from. */
interface ProjectEntry {
  id: string;
  /** What the run gives the program: its folder, compiler options, root files, the run's files in it and their settings. */
  fingerprint: string;
  reads: ReadInput[];
  queries: QueryInput[];
  outcomes: Array<{ file: string; findings: Finding[]; messages: FileMessage[] }>;
}

interface Header {
  format: number;
  key: CacheOptions["key"];
}

/** The run's files of one program, and what it is recording of the program's input while they are checked. */
interface ProjectGroup {
  identity: ProgramIdentity;
  files: string[];
  fingerprint: string;
  reads: Map<string, string | null>;
  queries: Map<string, QueryInput>;
  /**
   * Its outcomes depend on other programs' files: a notice said once per run (files refused; a
   * broken tsconfig whose files are in several programs) goes to whichever program's file comes first.
   */
  uncacheable: boolean;
}

function answerHash(query: DiskQuery): string | null {
  switch (query.kind) {
    case "read":
      return query.answer === undefined ? null : contentHash(query.answer);
    case "exists":
    case "directory":
      return query.answer ? "1" : "0";
    case "realpath":
      return query.answer;
    default:
      return contentHash(JSON.stringify(query.answer));
  }
}

function isDirectory(directoryName: string): boolean {
  try {
    return fs.statSync(toFsPath(directoryName)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The result cache for TypeScript and JavaScript. A file's findings depend on its whole program
 * (types flow in from every file it imports, node_modules typings, lib files, the tsconfig), so
 * the unit kept is a program: its files' outcomes, valid while every question the program asked
 * of the disk gets the answer it got (each file read, each file or folder it looked for while
 * resolving modules and type packages, package.json files included), and its compiler options
 * and root files, computed again on every run from the tsconfig without building a program (an
 * added or deleted file the config includes is a new root list), are as recorded. A change to
 * any of these checks the whole program again; the other programs of the run come from the
 * cache. The entries of one kind of run are one file of JSON lines, replaced whole as
 * resultCache.ts does.
 */
export class TypeScriptCache {
  private readonly groups = new Map<string, ProjectGroup>();
  private readonly groupOfFile = new Map<string, ProjectGroup>();
  private readonly stored = new Map<string, ProjectEntry>();
  private readonly startedAt = Date.now();
  private current: ProjectGroup | undefined;
  /** A stored entry whose stats were refreshed (a file touched, not changed): written back even when nothing is checked. */
  private refreshed = false;
  readonly toCheck: string[] = [];
  readonly fromCache: FileOutcome[] = [];

  private get fileName(): string {
    return `typescript-${contentHash(JSON.stringify(this.options.key)).slice(0, 16)}.jsonl`;
  }

  /**
   * Places the files (already assigned to `projects`) in their programs and takes from the cache
   * each program whose input is as recorded; the others' files are left in `toCheck`, and
   * `projects` tells this cache what their programs read while they are checked.
   */
  constructor(
    files: readonly string[],
    private readonly projects: TypeScriptProjects,
    private readonly context: RunContext,
    private readonly options: CacheOptions,
  ) {
    this.load();
    const settingsHashes = new Map<unknown, string>();
    const settingsHash = (file: string): string => {
      const settings = context.settingsFor(file).settings;
      let hash = settingsHashes.get(settings);
      if (hash === undefined) settingsHashes.set(settings, (hash = contentHash(JSON.stringify(settings))));
      return hash;
    };
    const noticeOf = new Map<string, string>();
    const programsSaying = new Map<string, Set<ProjectGroup>>();
    for (const file of files) {
      const identity = projects.programOf(file);
      let group = this.groups.get(identity.id);
      if (!group) this.groups.set(identity.id, (group = { identity, files: [], fingerprint: "", reads: new Map(), queries: new Map(), uncacheable: false }));
      group.files.push(file);
      this.groupOfFile.set(normalizeFileName(file), group);
      if (identity.notice === undefined) continue;
      noticeOf.set(file, identity.notice);
      let saying = programsSaying.get(identity.notice);
      if (!saying) programsSaying.set(identity.notice, (saying = new Set()));
      saying.add(group);
    }
    // A broken tsconfig is said once, on its first file: kept only when all its files are in one program.
    for (const saying of programsSaying.values()) if (saying.size > 1) for (const group of saying) group.uncacheable = true;
    const verifier = new Verifier();
    for (const group of this.groups.values()) {
      const { directory, options, roots } = group.identity;
      // Each file's notice about its tsconfig too: the config is read again on every run, and the notice is part of the outcome.
      const files = group.files.map((file) => [normalizeFileName(file), settingsHash(file), noticeOf.get(file) ?? ""]);
      group.fingerprint = contentHash(JSON.stringify({ directory, options, roots: [...roots].sort(), files }));
      const entry = group.uncacheable ? undefined : this.stored.get(group.identity.id);
      const outcomes = entry && entry.fingerprint === group.fingerprint ? new Map(entry.outcomes.map((outcome) => [outcome.file, outcome])) : undefined;
      if (entry && outcomes && group.files.every((file) => outcomes.has(file)) && this.stillValid(entry, verifier)) {
        for (const file of group.files) {
          const { findings, messages } = outcomes.get(file)!;
          // The configuration's problems are this run's (shown once by the caller), as for Python.
          this.fromCache.push({ file, findings, messages, configProblems: context.settingsFor(file).problems, fixesApplied: 0 });
        }
      } else {
        this.toCheck.push(...group.files);
        this.stored.delete(group.identity.id);
      }
    }
    projects.onDiskQuery = (query) => this.current && this.note(this.current, query);
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.options.dir, this.fileName), "utf8");
    } catch {
      return;
    }
    const lines = text.split("\n");
    const header = parseLine<Header>(lines[0]);
    if (!header || header.format !== FORMAT || JSON.stringify(header.key) !== JSON.stringify(this.options.key)) return;
    for (const line of lines.slice(1)) {
      const entry = parseLine<ProjectEntry>(line);
      // A line cut where it still parses is no entry.
      if (entry && typeof entry.id === "string" && typeof entry.fingerprint === "string" && Array.isArray(entry.reads) && Array.isArray(entry.queries) && Array.isArray(entry.outcomes)) this.stored.set(entry.id, entry);
    }
  }

  /** Every recorded answer is the one the disk gives now. A read whose stat changed but whose text did not gets its new stat. */
  private stillValid(entry: ProjectEntry, verifier: Verifier): boolean {
    for (const [kind, file, answer] of entry.queries) if (!verifier.same(kind, file, answer)) return false;
    for (const read of entry.reads) {
      const [file, stat, hash] = read;
      const now = statStamp(file);
      if (stat !== null && now?.stamp === stat) continue;
      if (!verifier.same("read", file, hash)) return false;
      const trusted = now && now.changedMs < this.startedAt - RACY_MS ? now.stamp : null;
      if (trusted !== stat) {
        read[1] = trusted;
        this.refreshed = true;
      }
    }
    return true;
  }

  private note(group: ProjectGroup, query: DiskQuery): void {
    if (query.kind === "read") {
      if (!group.reads.has(query.path)) group.reads.set(query.path, answerHash(query));
    } else {
      const key = `${query.kind}\0${query.path}`;
      if (!group.queries.has(key)) group.queries.set(key, [query.kind, query.path, answerHash(query)!]);
    }
  }

  /** The file about to be checked: what is read until the next one is its program's input. */
  starting(file: string): void {
    const fileName = normalizeFileName(file);
    this.current = this.groupOfFile.get(fileName);
    // Its own text, even when it turns out too large to analyze: the outcome depends on it.
    this.projects.textOf(fileName);
  }

  /** The file had a notice that depends on the other files of the run (see ProjectGroup.uncacheable). */
  uncacheable(file: string): void {
    const group = this.groupOfFile.get(normalizeFileName(file));
    if (group) group.uncacheable = true;
  }

  /** Keeps the programs checked in this run (those whose every file was checked without an error) and writes the cache when anything changed. */
  finish(checked: readonly FileOutcome[]): void {
    this.current = undefined;
    this.projects.onDiskQuery = undefined;
    const outcomeOf = new Map(checked.map((outcome) => [outcome.file, outcome]));
    let changed = this.refreshed;
    for (const group of this.groups.values()) {
      if (!group.files.every((file) => outcomeOf.has(file))) continue;
      changed = true;
      const outcomes = group.files.map((file) => outcomeOf.get(file)!);
      // An error (unreadable, internal) is worth trying again next time.
      if (group.uncacheable || outcomes.some((outcome) => outcome.messages.some((message) => message.level === "error"))) continue;
      const reads: ReadInput[] = [...group.reads].map(([file, hash]) => {
        const stat = statStamp(file);
        // Racily clean (see cachedRun.ts): a file changed within the timestamps' granularity of its reading is compared by content.
        return [file, stat && stat.changedMs < this.startedAt - RACY_MS ? stat.stamp : null, hash];
      });
      this.stored.set(group.identity.id, {
        id: group.identity.id,
        fingerprint: group.fingerprint,
        reads,
        queries: [...group.queries.values()],
        outcomes: outcomes.map(({ file, findings, messages }) => ({ file, findings, messages })),
      });
    }
    if (!changed) return;
    const header: Header = { format: FORMAT, key: this.options.key };
    // Programs of other runs (another folder checked) are kept, except those whose tsconfig is gone.
    const kept = [...this.stored.values()].filter((entry) => entry.id.startsWith("inferred:") || fs.existsSync(entry.id));
    replaceCacheFile(this.options.dir, this.fileName, [JSON.stringify(header), ...kept.map((entry) => JSON.stringify(entry))]);
  }
}

/** Asks the disk each recorded question again, the way the program asked it; an answer is computed once per run. */
class Verifier {
  private readonly reader = new TypeScriptProjects();
  private readonly answers = new Map<string, string | null>();

  same(kind: DiskQuery["kind"], file: string, answer: string | null): boolean {
    const key = `${kind}\0${file}`;
    let now = this.answers.get(key);
    if (now === undefined && !this.answers.has(key)) this.answers.set(key, (now = this.ask(kind, file)));
    return now === answer;
  }

  private ask(kind: DiskQuery["kind"], file: string): string | null {
    switch (kind) {
      case "read":
        return answerHash({ kind, path: file, answer: this.reader.textOf(file) });
      case "exists":
        return answerHash({ kind, path: file, answer: this.reader.exists(file) });
      case "directory":
        return answerHash({ kind, path: file, answer: isDirectory(file) });
      case "directories":
        return answerHash({ kind, path: file, answer: ts.sys.getDirectories(file) });
      case "realpath":
        return ts.sys.realpath ? ts.sys.realpath(file) : file;
      case "listing": {
        const args = (JSON.parse(file) as unknown[]).map((arg) => (arg === null ? undefined : arg)) as Parameters<typeof ts.sys.readDirectory>;
        return answerHash({ kind, path: file, answer: ts.sys.readDirectory(...args) });
      }
    }
  }
}
