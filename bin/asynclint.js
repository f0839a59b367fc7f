#!/usr/bin/env node
// The `asynclint` command: the bundled CLI (run `npm run build` first when working from the repository).
const { runCli, processOutput } = require("../dist/cli.js");

runCli(process.argv.slice(2), processOutput())
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`asynclint: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  });
