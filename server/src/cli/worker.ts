/**
 * A worker thread of `asynclint check`: receives batches of files, checks (and fixes) each with
 * the same code the main thread uses, and sends the outcomes back. Bundled as dist/cliWorker.js.
 */
import { parentPort, workerData } from "node:worker_threads";
import { setLocale } from "../engine/l10n";
import type { WorkerReply, WorkerRequest, WorkerStart } from "./workerPool";
import { adoptSharedSummaries, shareSummaries, takeSummariesToShare } from "./languages";
import { checkBatch, createRunContext, initLanguagesFor, startRun } from "./runFiles";

const port = parentPort;
if (port) {
  const { options, run } = workerData as WorkerStart;
  setLocale(options.locale);
  const context = createRunContext(options);
  startRun(run);
  shareSummaries();
  port.on("message", (request: WorkerRequest) => {
    if (request.type === "stop") {
      port.close();
      return;
    }
    initLanguagesFor(request.files)
      .then(() => {
        adoptSharedSummaries(request.summaries);
        const outcomes = checkBatch(request.files, context);
        const reply: WorkerReply = { type: "done", outcomes, summaries: takeSummariesToShare() };
        port.postMessage(reply);
      })
      .catch((error: unknown) => {
        const reply: WorkerReply = { type: "failed", message: error instanceof Error ? error.message : String(error) };
        port.postMessage(reply);
      });
  });
}
