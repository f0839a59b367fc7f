// Runs the unit, protocol and robustness tests with Node's test runner, test files side by side.
// The runner's default runs (cores - 1) files at once: one at a time on a 2-core machine, where
// most test files wait on child processes (the CLI, the server) and a second file in flight fits.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const folders = ["test/unit", "test/protocol", "test/robustness"];
const files = folders.flatMap((folder) =>
  fs
    .readdirSync(path.join(root, folder))
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .map((name) => `${folder}/${name}`),
);
const concurrency = Math.max(2, os.availableParallelism() - 1);
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...process.argv.slice(2), ...files], { cwd: root, stdio: "inherit" });
if (result.error) console.error(`nodeTests: could not start the test runner: ${result.error.message}`);
else if (result.signal) console.error(`nodeTests: the test runner was stopped by ${result.signal}`);
process.exit(result.status ?? 1);
