// Preloaded (`node --require`) into every process the bench times: when the process exits it
// writes its peak resident set size in kilobytes (all threads) and the CPU time it used in
// milliseconds (user + system, all threads) to $ASYNCLINT_BENCH_RSS_FILE. The CPU time moves
// far less than the wall time when other work shares the cores.
// On Linux it reads VmHWM from /proc: getrusage's maxrss is no good there, as it keeps the high
// water mark of the forked parent (the bench itself) across exec. Elsewhere it falls back to it.
"use strict";
const fs = require("node:fs");
const { isMainThread } = require("node:worker_threads");
const target = process.env.ASYNCLINT_BENCH_RSS_FILE;

function peakKilobytes() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS;
}

if (isMainThread && target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, `${peakKilobytes()} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}`);
  });
}
