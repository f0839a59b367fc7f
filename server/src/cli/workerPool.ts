import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { emptyOutcome, type FileOutcome, type RunOptions } from "./fileOutcome";

export type WorkerRequest = { type: "check"; files: string[] } | { type: "stop" };
export type WorkerReply = { type: "done"; outcomes: FileOutcome[] } | { type: "failed"; message: string };

/** The worker script beside the bundled CLI, or undefined when running from sources (tests with tsx). */
export function workerScript(): string | undefined {
  const candidate = path.join(__dirname, "cliWorker.js");
  return fs.existsSync(candidate) ? candidate : undefined;
}

/**
 * Small batches keep every thread busy to the end (files differ a lot in size) while costing
 * one message round trip per batch.
 */
const BATCH_SIZE = 16;

/**
 * Checks files on `threads` worker threads, each with its own parser and workspace index, handing
 * out batches as threads finish. A thread that dies takes only its batch down: those files get
 * an error message and the others go on.
 */
export function runInWorkers(script: string, files: readonly string[], threads: number, options: RunOptions, onDone: (count: number) => void): Promise<FileOutcome[]> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  const outcomes: FileOutcome[] = [];
  let next = 0;
  return new Promise((resolve) => {
    let running = 0;
    const failBatch = (batch: string[], message: string) => {
      for (const file of batch) {
        const outcome = emptyOutcome(file);
        outcome.messages.push({ level: "error", text: `not checked: a worker thread failed (${message})` });
        outcomes.push(outcome);
      }
      onDone(batch.length);
    };
    const start = () => {
      const worker = new Worker(script, { workerData: options });
      running++;
      let current: string[] | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        running--;
        if (running === 0) resolve(outcomes);
      };
      const feed = () => {
        current = batches[next++];
        if (current) worker.postMessage({ type: "check", files: current } satisfies WorkerRequest);
        else {
          worker.postMessage({ type: "stop" } satisfies WorkerRequest);
          void worker.terminate().then(finish, finish);
        }
      };
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "done") {
          outcomes.push(...reply.outcomes);
          onDone(reply.outcomes.length);
        } else if (current) {
          failBatch(current, reply.message);
        }
        feed();
      });
      worker.on("error", (error) => {
        if (current) failBatch(current, error.message);
        current = undefined;
        // The threads still alive take the remaining batches; if this was the last one, a fresh thread does.
        if (running === 1 && next < batches.length) start();
        finish();
      });
      worker.on("exit", finish);
      feed();
    };
    const count = Math.max(1, Math.min(threads, batches.length));
    for (let i = 0; i < count; i++) start();
    if (batches.length === 0) resolve(outcomes);
  });
}
