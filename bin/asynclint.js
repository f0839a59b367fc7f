#!/usr/bin/env node
// The `asynclint` command: the bundled CLI (run `npm run build` first when working from the repository).
const { runCli } = require("../dist/cli.js");

runCli(process.argv.slice(2), { out: (text) => process.stdout.write(text + "\n"), err: (text) => process.stderr.write(text + "\n") })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`asynclint: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  });
