import Mocha from "mocha";
import * as path from "node:path";

/**
 * The entry point VS Code loads as `extensionTestsPath`, for both runners (@vscode/test-electron
 * and the offline code-server one): runs the suite inside the extension host and resolves when
 * every test passed. Each test file is bundled beside this one by scripts/e2e/buildSuite.ts.
 */

/** Run order matters for the first file only: activation must be seen before anything opens a Python file. */
export const SUITE_FILES = [
  "activation.test.js",
  "diagnostics.test.js",
  "codeActions.test.js",
  "codeActionResolve.test.js",
  "settings.test.js",
  "contributions.test.js",
  "typescript.test.js",
  "ruleActions.test.js",
  "ruleDocLinks.test.js",
  "checkTask.test.js",
  "configStatus.test.js",
  // Restarts the server (a failing one, then the real one again): after the others that need it running.
  "serverFailure.test.js",
  "screenshot.test.js",
  "extensionPage.test.js",
];

/** The offline runner echoes the extension host's console from this line on. */
export const START_MARKER = "e2e: suite starting";

export function run(): Promise<void> {
  console.log(START_MARKER);
  const mocha = new Mocha({
    ui: "bdd",
    color: false,
    // Starting the language server and tsserver on a busy 2-core machine can take seconds.
    timeout: 60_000,
    reporter: "spec",
    grep: process.env.ASYNCLINT_E2E_GREP || undefined,
  });
  for (const file of SUITE_FILES) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        // One closing line in the plain "N passed, N failed" form that CI logs are read for.
        console.log(`e2e: ${stats?.passes ?? 0} passed, ${failures} failed, ${stats?.pending ?? 0} skipped`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
