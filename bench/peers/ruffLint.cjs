// Lints Python files with the Ruff WebAssembly build (rules ASYNC and RUF006), one file after the
// other as that build offers no parallelism. Run as its own process so its cold start is measured
// like ours. Usage: node ruffLint.cjs LIST_FILE (one absolute path a line). Prints a JSON summary.
"use strict";
const fs = require("node:fs");
const started = performance.now();
const { Workspace, PositionEncoding } = require("@astral-sh/ruff-wasm-nodejs");
const workspace = new Workspace({ lint: { select: ["ASYNC", "RUF006"] }, "output-prefer-rule-codes": true }, PositionEncoding.Utf16);
const loaded = performance.now();
const files = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
let diagnostics = 0;
let lines = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  lines += text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  diagnostics += workspace.check(text).length;
}
const done = performance.now();
process.stdout.write(JSON.stringify({ files: files.length, lines, diagnostics, loadMs: loaded - started, lintMs: done - loaded }) + "\n");
