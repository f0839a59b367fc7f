import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { emptyOutcome, type FileOutcome, type RunOptions } from "./fileOutcome";
import type { SharedSummary } from "./languages";
import { MIN_BATCH, WorkQueue, type SharedRun } from "./workQueue";

/** A batch to check, with the module summaries the other threads made since the last batch. */
export type WorkerRequest = { type: "check"; files: string[]; summaries: SharedSummary[] } | { type: "stop" };
export type WorkerReply = { type: "done"; outcomes: FileOutcome[]; summaries: SharedSummary[] } | { type: "failed"; message: string };

/** How this thread hands on the summaries of the modules it checked and takes in the others'. */
export interface SummaryExchange {
  take(): SharedSummary[];
  adopt(summaries: readonly SharedSummary[]): void;
}
/** What a worker thread starts with: the run's options and its files, whose claim flags all threads share. */
export interface WorkerStart {
  options: RunOptions;
  run: SharedRun;
}

/** The worker script beside the bundled CLI, or undefined when running from sources (tests with tsx). */
export function workerScript(): string | undefined {
  const candidate = path.join(__dirname, "cliWorker.js");
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** Batches queued per worker: the next one is waiting when a worker finishes, even while this thread is busy checking. */
const IN_FLIGHT = 2;

/**
 * Checks files on `threads` threads: this one (with `checkHere`) and `threads - 1` worker
 * threads, each with its own parser and workspace index. Batches are handed out as threads
 * finish, so this thread works while the workers start (loading the bundle takes a while) and a
 * slow file holds up only its batch. A worker that dies takes down only its queued batches:
 * those files get an error message and the others go on.
 */
export function runInThreads(
  script: string,
  run: SharedRun,
  threads: number,
  options: RunOptions,
  initHere: () => Promise<void>,
  checkHere: (batch: string[]) => FileOutcome[],
  onDone: (count: number) => void,
  exchange: SummaryExchange,
): Promise<FileOutcome[]> {
  // Every summary any thread made, with who made it; each worker is sent what it has not seen.
  const summaryLog: Array<{ from: number; summary: SharedSummary }> = [];
  const logSummaries = (from: number, summaries: readonly SharedSummary[]) => {
    for (const summary of summaries) summaryLog.push({ from, summary });
  };
  let workerCount = 0;
  const queue = new WorkQueue(run, threads);
  const outcomes: FileOutcome[] = [];
  const take = () => queue.take();

  const failBatch = (batch: string[], message: string) => {
    for (const file of batch) {
      const outcome = emptyOutcome(file);
      outcome.messages.push({ level: "error", text: `not checked: a worker thread failed (${message})` });
      outcomes.push(outcome);
    }
    onDone(batch.length);
  };

  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: { options, run } satisfies WorkerStart });
      const id = ++workerCount;
      let logSent = 0;
      const queued: string[][] = [];
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        void worker.terminate();
        resolve();
      };
      const feed = () => {
        while (queued.length < IN_FLIGHT) {
          const batch = take();
          if (!batch) break;
          queued.push(batch);
          const summaries = summaryLog.slice(logSent).flatMap((entry) => (entry.from === id ? [] : [entry.summary]));
          logSent = summaryLog.length;
          worker.postMessage({ type: "check", files: batch, summaries } satisfies WorkerRequest);
        }
        if (queued.length === 0) end();
      };
      worker.on("message", (reply: WorkerReply) => {
        const batch = queued.shift();
        if (reply.type === "done") {
          exchange.adopt(reply.summaries);
          logSummaries(id, reply.summaries);
          outcomes.push(...reply.outcomes);
          onDone(reply.outcomes.length);
        } else if (batch) {
          failBatch(batch, reply.message);
        }
        feed();
      });
      worker.on("error", (error) => {
        for (const batch of queued.splice(0)) failBatch(batch, error.message);
        end();
      });
      worker.on("exit", () => {
        for (const batch of queued.splice(0)) failBatch(batch, "it stopped");
        end();
      });
      feed();
    });

  const runHere = async () => {
    // After the workers were started: they load while this thread loads its parsers.
    await initHere();
    for (let batch = take(); batch; batch = take()) {
      const checked = checkHere(batch);
      logSummaries(0, exchange.take());
      outcomes.push(...checked);
      onDone(checked.length);
      // Let the workers' replies in, so they get their next batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const workers = Array.from({ length: Math.max(0, Math.min(threads - 1, Math.ceil(run.files.length / MIN_BATCH) - 1)) }, runWorker);
  return Promise.all([...workers, runHere()]).then(() => {
    // Files a failed worker had claimed beyond its batches (see parsedAhead.ts) are reported, not lost.
    const reported = new Set(outcomes.map((outcome) => outcome.file));
    const lost = run.files.filter((file) => !reported.has(file));
    if (lost.length > 0) failBatch(lost, "it stopped");
    return outcomes;
  });
}
