// Preloaded (node --require) into the server or the CLI by the "never runs user code" test.
// Records, one JSON line per event in $ASYNCLINT_EFFECTS_LOG, every module load that resolves
// inside $ASYNCLINT_UNTRUSTED_ROOT and every attempt to start a process, in every thread.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const childProcess = require("node:child_process");
const { threadId } = require("node:worker_threads");

const log = process.env.ASYNCLINT_EFFECTS_LOG;
const root = process.env.ASYNCLINT_UNTRUSTED_ROOT;
if (log && root) {
  const record = (event) => fs.appendFileSync(log, JSON.stringify({ pid: process.pid, threadId, ...event }) + "\n");
  record({ kind: "hooked" });
  const inside = (file) => typeof file === "string" && path.resolve(file).startsWith(path.resolve(root) + path.sep);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    let resolved = request;
    try {
      resolved = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Unresolvable: the real loader reports it.
    }
    if (inside(resolved) || inside(request)) record({ kind: "load", request, resolved });
    return load.apply(this, arguments);
  };
  for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
    const original = childProcess[name];
    childProcess[name] = function (...args) {
      record({ kind: "process", name, command: String(args[0]) });
      return original.apply(this, args);
    };
  }
}
