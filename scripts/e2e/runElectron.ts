import * as path from "node:path";
import { runTests } from "@vscode/test-electron";
import { buildSuite } from "./buildSuite";
import { extensionPath, scratch, suiteIndex, workspaceFile } from "./paths";

/**
 * Runs the e2e suite in desktop VS Code through @vscode/test-electron: the build named by
 * VSCODE_EXECUTABLE_PATH, or the one it downloads (which needs the internet).
 */
export async function runElectron(): Promise<number> {
  await buildSuite();
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      cachePath: path.join(scratch, "vscode-test"),
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [
        workspaceFile,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        "--user-data-dir",
        path.join(scratch, "electron-user-data"),
        "--extensions-dir",
        path.join(scratch, "electron-extensions"),
      ],
    });
    return 0;
  } catch (error) {
    process.stdout.write(`e2e: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
