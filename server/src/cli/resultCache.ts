import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Finding } from "../engine/types";
import type { FileMessage } from "./fileOutcome";

/** The folder a run keeps its results in when neither `--cache-dir` nor the `cacheDir` key names one. */
export const DEFAULT_CACHE_DIR = ".asynclint_cache";

/** Bumped whenever what an entry holds changes meaning: older files are then not read. */
const FORMAT = 1;

/** What a cache file is for: a run with other values here reads and writes another file. */
export interface CacheKey {
  version: string;
  /** The build: a rebuilt asynclint (new rules) never reads what an older build found. */
  build: string;
  cwd: string;
  select?: string[];
  ignore: string[];
  configFile?: string;
  locale?: string;
}

/** A module a cached file's findings depend on, as it was when they were found. */
export interface DependencyState {
  /** Content hash; null: the file could not be read. */
  hash: string | null;
  /** Its facts for other modules (see moduleFacts.ts), when it was checked in the same run. */
  facts?: string;
}

/** The results of one file, valid while its content, its settings and the facts of its dependencies are as recorded. */
export interface CacheEntry {
  file: string;
  hash: string;
  /** The file's stat when it had that hash: an unchanged stat spares reading the file (see cachedRun.ts). */
  stat?: string;
  settings: string;
  facts?: string;
  dependencies: Record<string, DependencyState>;
  findings: Finding[];
  messages: FileMessage[];
}

interface Header {
  format: number;
  key: CacheKey;
  /** A hash of the run's file list: a file added or removed may change how any import resolves. */
  files: string;
}

export function contentHash(bytes: Buffer | string): string {
  return crypto.createHash("sha1").update(bytes).digest("hex");
}

/** A stamp of the running asynclint build: its own script's size and time (a rebuild changes both). */
export function buildStamp(): string {
  try {
    const stat = fs.statSync(__filename);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "unknown";
  }
}

/**
 * Results of earlier runs, like Ruff's `.ruff_cache`: one file of JSON lines per kind of run (see
 * CacheKey) in the cache folder. A line that does not parse (a run killed while writing, a disk
 * full) is ignored, and so is a file of another format or key: at worst a file is checked again.
 * The file is replaced whole, written to a temporary name and renamed, so concurrent runs each
 * read a complete file and the last one to finish wins. A `.gitignore` holding `*` keeps the
 * folder out of git, as Ruff does.
 */
export class ResultCache {
  private readonly entries = new Map<string, CacheEntry>();

  private constructor(
    private readonly dir: string,
    private readonly key: CacheKey,
    private readonly files: string,
  ) {}

  private static fileName(key: CacheKey): string {
    return `results-${contentHash(JSON.stringify(key)).slice(0, 16)}.jsonl`;
  }

  /** Opens the cache for a run over `files` (absolute paths); nothing on disk is required to be there or valid. */
  static open(dir: string, key: CacheKey, files: readonly string[]): ResultCache {
    const cache = new ResultCache(dir, key, contentHash([...files].sort().join("\n")));
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, ResultCache.fileName(key)), "utf8");
    } catch {
      return cache;
    }
    const lines = text.split("\n");
    const header = parseLine<Header>(lines[0]);
    if (!header || header.format !== FORMAT || JSON.stringify(header.key) !== JSON.stringify(key) || header.files !== cache.files) return cache;
    for (const line of lines.slice(1)) {
      const entry = parseLine<CacheEntry>(line);
      if (entry && isEntry(entry)) cache.entries.set(entry.file, entry);
    }
    return cache;
  }

  get(file: string): CacheEntry | undefined {
    return this.entries.get(file);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Replaces the cache file with these entries. Never throws: a folder that cannot be written
   * (read-only checkout) only means the next run checks everything again.
   */
  save(entries: Iterable<CacheEntry>): void {
    const header: Header = { format: FORMAT, key: this.key, files: this.files };
    const lines = [JSON.stringify(header)];
    for (const entry of entries) lines.push(JSON.stringify(entry));
    replaceCacheFile(this.dir, ResultCache.fileName(this.key), lines);
  }
}

/**
 * Replaces one file of the cache folder with these lines, written to a temporary name and renamed:
 * concurrent runs each read a complete file, a killed run leaves the old one. Never throws (a
 * folder that cannot be written only means the next run checks everything again).
 */
export function replaceCacheFile(dir: string, name: string, lines: readonly string[]): void {
  const target = path.join(dir, name);
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    ensureGitignore(dir);
    fs.writeFileSync(temporary, lines.join("\n") + "\n");
    fs.renameSync(temporary, target);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

export function parseLine<T>(line: string | undefined): T | undefined {
  if (!line) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === "object" ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A line that parsed but does not hold what an entry holds (a line cut where it still parses) is no entry. */
function isEntry(entry: CacheEntry): boolean {
  return (
    typeof entry.file === "string" &&
    typeof entry.hash === "string" &&
    typeof entry.settings === "string" &&
    Array.isArray(entry.findings) &&
    Array.isArray(entry.messages) &&
    typeof entry.dependencies === "object" &&
    entry.dependencies !== null
  );
}

/** The folder's own `.gitignore`, `*`: git then ignores the folder and everything in it, the `.gitignore` included. */
function ensureGitignore(dir: string): void {
  const file = path.join(dir, ".gitignore");
  if (fs.existsSync(file)) return;
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, "# Created by asynclint: its result cache, never committed.\n*\n");
  fs.renameSync(temporary, file);
}
