import { runElectron } from "./runElectron";
import { runOffline } from "./runOffline";

/**
 * `npm run test:e2e`: runs the suite in desktop VS Code when one is available
 * (VSCODE_EXECUTABLE_PATH, or ASYNCLINT_E2E_RUNNER=electron to let @vscode/test-electron
 * download it), else offline in code-server + headless Chromium (ASYNCLINT_E2E_RUNNER=offline).
 */
const choice = process.env.ASYNCLINT_E2E_RUNNER ?? (process.env.VSCODE_EXECUTABLE_PATH ? "electron" : "offline");

async function main(): Promise<number> {
  if (choice === "electron") return runElectron();
  if (choice === "offline") return runOffline();
  process.stderr.write(`e2e: ASYNCLINT_E2E_RUNNER must be "electron" or "offline", not ${JSON.stringify(choice)}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`e2e: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
