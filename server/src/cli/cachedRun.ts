import * as fs from "node:fs";
import * as path from "node:path";
import { readConfigFile, settingsForFile } from "../engine/projectConfig";
import { readRegularFile } from "../engine/readBounded";
import type { Settings } from "../engine/settings";
import type { FileOutcome, RunContext } from "./fileOutcome";
import { contentHash, DEFAULT_CACHE_DIR, ResultCache, type CacheEntry, type CacheKey, type DependencyState } from "./resultCache";

/** Where the run keeps its results and for which kind of run (plain data: it reaches worker threads with the options). */
export interface CacheOptions {
  dir: string;
  key: CacheKey;
}

/** Far above maxFileSize's default: a larger file is never analyzed, so it is simply checked (skipped) again. */
const MAX_HASHED_BYTES = 256 * 1024 * 1024;

/** File timestamps are coarse (a few milliseconds on Linux): a stat is trusted only for files last changed well before the run. */
export const RACY_MS = 2000;

/** What a cached run did, for tests and the benchmark: the files it checked, in the order of its rounds. */
export interface CachedRunReport {
  outcomes: FileOutcome[];
  checked: string[];
}

/**
 * Checks the files of per-file languages through the result cache. A file is taken from the cache
 * when its content and settings are as recorded and each module its findings depended on either
 * has the recorded content or, changed, still offers the same facts to other modules (an edit
 * inside a coroutine's body). So a first round checks the files that changed (and those whose
 * settings, or modules outside the run, changed); a second round checks the files importing a
 * changed module whose facts changed; every other file is taken from the cache.
 */
export async function checkThroughCache(
  files: readonly string[],
  context: RunContext,
  options: CacheOptions,
  check: (files: string[]) => Promise<FileOutcome[]>,
  onDone: (count: number) => void,
): Promise<CachedRunReport> {
  const absolute = files.map((file) => path.resolve(file));
  const inRun = new Set(absolute);
  const store = ResultCache.open(options.dir, options.key, absolute);

  const hashes = new Map<string, string | null>();
  const stats = new Map<string, string | undefined>();
  const changeTimes = new Map<string, number>();
  const startedAt = Date.now();
  const hashOf = (file: string): string | null => {
    let hash = hashes.get(file);
    if (hash === undefined) {
      const stat = statStamp(file);
      stats.set(file, stat?.stamp);
      if (stat) changeTimes.set(file, stat.changedMs);
      const entry = store.get(file);
      // As git's index does: a file whose stat is as recorded has the recorded content, without reading it.
      if (entry?.stat !== undefined && entry.stat === stats.get(file)) hash = entry.hash;
      else {
        const read = readRegularFile(file, MAX_HASHED_BYTES);
        hash = read.ok ? contentHash(read.bytes) : null;
      }
      hashes.set(file, hash);
    }
    return hash;
  };
  const settingsOf = new Map<string, string>();
  /** Most files of a project share a few settings: each is hashed once. */
  const hashOfSettings = new Map<Settings, string>();
  const settingsHash = (file: string): string => {
    let hash = settingsOf.get(file);
    if (hash === undefined) {
      const settings = context.settingsFor(file).settings;
      hash = hashOfSettings.get(settings) ?? contentHash(JSON.stringify(settings));
      hashOfSettings.set(settings, hash);
      settingsOf.set(file, hash);
    }
    return hash;
  };

  const firstRound: string[] = [];
  /** Cached files that depend on a changed module of the run: valid if its facts did not change. */
  const waiting: Array<{ file: string; entry: CacheEntry; changed: Array<[string, DependencyState]> }> = [];
  const valid: CacheEntry[] = [];
  for (const file of absolute) {
    const entry = store.get(file);
    const hash = hashOf(file);
    if (!entry || hash === null || entry.hash !== hash || entry.settings !== settingsHash(file)) {
      firstRound.push(file);
      continue;
    }
    const changed = Object.entries(entry.dependencies).filter(([dependency, state]) => hashOf(dependency) !== state.hash);
    if (changed.length === 0) valid.push(entry);
    // A module outside the run is not checked, so its new facts are not known: check the file.
    else if (changed.some(([dependency, state]) => !inRun.has(dependency) || state.facts === undefined)) firstRound.push(file);
    else waiting.push({ file, entry, changed });
  }

  const checked: FileOutcome[] = firstRound.length > 0 ? await check(firstRound) : [];
  const factsNow = new Map<string, string | undefined>();
  for (const entry of valid) factsNow.set(entry.file, entry.facts);
  for (const outcome of checked) factsNow.set(path.resolve(outcome.file), outcome.facts);

  const secondRound: string[] = [];
  for (const { file, entry, changed } of waiting) {
    if (changed.every(([dependency, state]) => factsNow.has(dependency) && factsNow.get(dependency) === state.facts)) valid.push(entry);
    else secondRound.push(file);
  }
  if (secondRound.length > 0) checked.push(...(await check(secondRound)));
  for (const outcome of checked) factsNow.set(path.resolve(outcome.file), outcome.facts);

  const fromCache = valid.map((entry) => cachedOutcome(entry, context));
  onDone(fromCache.length);

  const outcomes = [...checked, ...fromCache];
  const entries: CacheEntry[] = [];
  let changedOnDisk = checked.length > 0 || store.size !== outcomes.length;
  for (const outcome of outcomes) {
    const file = path.resolve(outcome.file);
    const hash = hashOf(file);
    // An error (unreadable, internal) is worth trying again next time.
    if (hash === null || outcome.messages.some((message) => message.level === "error")) continue;
    const dependencies: Record<string, DependencyState> = {};
    for (const dependency of outcome.dependencies ?? []) {
      const facts = factsNow.get(dependency);
      dependencies[dependency] = facts === undefined ? { hash: hashOf(dependency) } : { hash: hashOf(dependency), facts };
      // A cached file whose changed dependency kept its facts: recorded with the new content, not checked again next time.
      if (store.get(file)?.dependencies[dependency]?.hash !== dependencies[dependency].hash) changedOnDisk = true;
    }
    // Racily clean (git's term): a file changed within the timestamps' granularity of its reading could keep its stat; its stat proves nothing.
    const stat = (changeTimes.get(file) ?? Infinity) < startedAt - RACY_MS ? stats.get(file) : undefined;
    if (store.get(file)?.stat !== stat) changedOnDisk = true;
    entries.push({ file, hash, ...(stat ? { stat } : {}), settings: settingsHash(file), ...(outcome.facts ? { facts: outcome.facts } : {}), dependencies, findings: outcome.findings, messages: outcome.messages });
  }
  if (changedOnDisk) store.save(entries);
  return { outcomes, checked: [...firstRound, ...secondRound] };
}

/**
 * Size, modification time (nanoseconds where the file system has them), inode and change time:
 * what an edit, a copy or a checkout changes. Undefined when the file cannot be stat'ed.
 */
export function statStamp(file: string): { stamp: string; changedMs: number } | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    const changedMs = Number((stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs) / 1_000_000n);
    return stat.isFile() ? { stamp: `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`, changedMs } : undefined;
  } catch {
    return undefined;
  }
}

function cachedOutcome(entry: CacheEntry, context: RunContext): FileOutcome {
  return {
    file: entry.file,
    findings: entry.findings,
    messages: entry.messages,
    // Shown once per run by the caller: the configuration's problems are this run's.
    configProblems: context.settingsFor(entry.file).problems,
    fixesApplied: 0,
    dependencies: Object.keys(entry.dependencies),
    ...(entry.facts ? { facts: entry.facts } : {}),
  };
}

/** `ASYNCLINT_NO_CACHE=1` (as Ruff's RUFF_NO_CACHE): for CI jobs and scripts that want every file checked. */
function noCacheInEnvironment(): boolean {
  const value = process.env.ASYNCLINT_NO_CACHE;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/**
 * The cache a `check` run uses, or undefined for none: `--no-cache` (or ASYNCLINT_NO_CACHE), and runs that fix or show
 * fixes (they change files, and their outcomes are not the findings of the files on disk).
 */
export function cacheFor(options: { noCache?: boolean; cacheDir?: string; fixMode: string; configFile?: string }, key: CacheKey): CacheOptions | undefined {
  if (options.noCache || noCacheInEnvironment() || options.fixMode !== "off") return undefined;
  const configured = options.configFile ? readConfigFile(options.configFile) : settingsForFile(path.join(key.cwd, "pyproject.toml"));
  return { dir: options.cacheDir ?? configured.cacheDir ?? path.join(key.cwd, DEFAULT_CACHE_DIR), key };
}
