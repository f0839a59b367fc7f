import * as os from "node:os";
import type { FileOutcome, RunContext, RunOptions } from "./fileOutcome";
import { adoptSharedSummaries, LANGUAGES, languageFor, shareSummaries, takeSummariesToShare } from "./languages";
import { checkBatch, createRunContext, initLanguagesFor, runPerFile, startRun } from "./runFiles";
import { checkThroughCache } from "./cachedRun";
import { createSharedRun } from "./workQueue";
import { runInThreads, workerScript } from "./workerPool";

/** Below this many files, starting threads (each loads the bundle and the parsers) costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;

/**
 * How many threads a run of `fileCount` per-file sources uses: `--jobs`, else on big trees one per
 * core but one. One thread already keeps about 1.4 cores busy (V8 collects garbage and compiles on
 * threads of its own), so a thread on every core makes them compete: on 2 cores, over ten real
 * projects, two threads took 27-30% more CPU time than one, and no less wall time (two runs).
 */
export function threadsFor(fileCount: number, jobs: number | undefined, cores = os.availableParallelism()): number {
  if (jobs !== undefined) return Math.min(jobs, cores);
  return fileCount >= PARALLEL_THRESHOLD ? Math.max(1, cores - 1) : 1;
}

/**
 * Checks (and with --fix/--diff fixes) the discovered files, every language behind this one
 * function: per-file languages (Python, notebooks) on this thread plus worker threads when the
 * tree is big, project languages (whole programs) on this thread. Outcomes come back sorted by path.
 */
export async function checkFiles(files: readonly string[], options: RunOptions, jobs: number | undefined, onDone: (count: number) => void): Promise<FileOutcome[]> {
  const context: RunContext = createRunContext(options);
  const perFile = files.filter((file) => languageFor(file)?.kind === "per-file");
  const outcomes: FileOutcome[] = [];
  const check = (some: string[]) => checkPerFile(some, context, jobs, onDone);
  if (options.cache) outcomes.push(...(await checkThroughCache(perFile, context, options.cache, check, onDone)).outcomes);
  else outcomes.push(...(await check(perFile)));
  for (const language of LANGUAGES) {
    if (language.kind !== "project") continue;
    const own = files.filter((file) => languageFor(file) === language);
    if (own.length === 0) continue;
    if (options.cache && language.analyzeThroughCache) outcomes.push(...(await language.analyzeThroughCache(own, context, options.cache)).outcomes);
    else outcomes.push(...(await language.analyzeFiles(own, context)));
    onDone(own.length);
  }
  return outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Files of per-file languages, on this thread plus worker threads when the tree is big. */
async function checkPerFile(files: readonly string[], context: RunContext, jobs: number | undefined, onDone: (count: number) => void): Promise<FileOutcome[]> {
  const threads = threadsFor(files.length, jobs);
  const script = threads > 1 ? workerScript() : undefined;
  if (!script) return runPerFile(files, context, onDone);
  const run = createSharedRun(files, true);
  startRun(run);
  shareSummaries();
  const exchange = { take: takeSummariesToShare, adopt: adoptSharedSummaries };
  const options: RunOptions = { cwd: context.cwd, fixMode: context.fixMode, unsafeFixes: context.unsafeFixes, settings: context.settings, locale: context.locale };
  return runInThreads(script, run, threads, options, () => initLanguagesFor(files), (batch) => checkBatch(batch, context), onDone, exchange);
}
