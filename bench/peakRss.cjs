// Preloaded (`node --require`) into every process the bench times: when the process exits it
// writes its peak resident set size in kilobytes (all threads) to $ASYNCLINT_BENCH_RSS_FILE.
// Works for any Node program (our CLI, ESLint, tsc, the Ruff runner) on any platform.
"use strict";
const { isMainThread } = require("node:worker_threads");
const target = process.env.ASYNCLINT_BENCH_RSS_FILE;
if (isMainThread && target) {
  process.on("exit", () => {
    require("node:fs").writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
