import * as fs from "node:fs";
import * as path from "node:path";
import { askRunner, runnerChannel, waitFor } from "./helpers";

/**
 * What the e2e tests of the status item and the output read from outside the extension: the
 * language status hover as drawn in the status bar (offline runner only), and the output
 * channels' files that VS Code writes under the run's user-data folder.
 */

const LANGUAGE_STATUS = "#status\\.languageStatus";
/** The internal severity class the workbench gives an item of LanguageStatusSeverity.Error. */
const ERROR_SEVERITY = ".severity.sev3";

export interface DrawnStatus {
  text: string;
  error: boolean;
}

/** The asynclint entry of the language status hover (the `{}` in the status bar), once it says `expect`. */
export async function drawnStatus(expect: RegExp, deadlineMs = 30_000): Promise<DrawnStatus> {
  let last = "";
  try {
    return await waitFor(
      `the language status to match ${expect}`,
      async () => {
        last = await askRunner<string>({ kind: "text", hover: LANGUAGE_STATUS, selector: ".hover-language-status", waitForText: "asynclint" });
        if (!expect.test(last)) return undefined;
        const errors = await askRunner<string>({ kind: "text", hover: LANGUAGE_STATUS, selector: `.hover-language-status:has(${ERROR_SEVERITY})`, waitForText: "asynclint" }).catch(() => "");
        return { text: last, error: errors.includes("asynclint") };
      },
      deadlineMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the status said: ${JSON.stringify(last)}`);
  }
}

/** The log files of the run (code-server writes them under user-data/logs, beside the runner's channel folder). */
function logFiles(): string[] {
  const channel = runnerChannel();
  if (!channel) return [];
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(path.dirname(channel), "user-data", "logs"));
  return files;
}

/** The text of an output channel as written to its file, once it matches `expect`. */
export async function outputText(channelFile: RegExp, expect: RegExp, deadlineMs = 20_000): Promise<string> {
  let last = "";
  try {
    return await waitFor(
      `the output ${channelFile} to match ${expect}`,
      () => {
        last = logFiles()
          .filter((file) => channelFile.test(path.basename(file)))
          .map((file) => fs.readFileSync(file, "utf8"))
          .join("\n");
        return expect.test(last) ? last : undefined;
      },
      deadlineMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it held ${last.length} characters, ending: ${JSON.stringify(last.slice(-800))}`);
  }
}

/** The main "asynclint" output (a LogOutputChannel, written to asynclint.log). */
export const MAIN_OUTPUT = /^asynclint\.log$/;
/** The LSP trace ("asynclint Trace", a plain output channel: `<n>-asynclint Trace.log`). */
export const TRACE_OUTPUT = /asynclint Trace\.log$/;
