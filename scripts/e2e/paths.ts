import * as os from "node:os";
import * as path from "node:path";

/** Where the e2e runners read and write. Everything a run writes goes under `scratch`. */
export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const scratch = path.resolve(process.env.ASYNCLINT_E2E_SCRATCH ?? path.join(repoRoot, "out", "e2e"));
/** Installed once by scripts/e2e/setup.sh, outside the repo, shared by every run. */
export const cache = path.resolve(process.env.ASYNCLINT_E2E_CACHE ?? path.join(os.homedir(), ".cache", "asynclint-e2e"));

/** The extension under test: this repository (built by `npm run build`), or another checkout. */
export const extensionPath = path.resolve(process.env.ASYNCLINT_E2E_EXTENSION_PATH ?? repoRoot);

export const suiteOut = path.join(scratch, "suite");
export const suiteIndex = path.join(suiteOut, "index.js");
export const workspacesOut = path.join(scratch, "workspaces");
export const workspaceFile = path.join(workspacesOut, "e2e.code-workspace");
export const screenshotsOut = path.join(scratch, "screenshots");
