import { createSettingsResolver } from "./cliSettings";
import { emptyOutcome, type FileOutcome, type RunContext, type RunOptions } from "./fileOutcome";
import { LANGUAGES, languageFor, setPythonRoot, type PerFileLanguage } from "./languages";
import { parsedAhead } from "./parsedAhead";
import { processFile } from "./processFile";
import { WorkQueue } from "./workQueue";

export function createRunContext(options: RunOptions): RunContext {
  setPythonRoot(options.cwd);
  return { ...options, settingsFor: createSettingsResolver(options.settings) };
}

const initialized = new Set<string>();

/** Loads what the languages of these files need (parsers), once per thread. */
export async function initLanguagesFor(files: readonly string[]): Promise<void> {
  for (const language of LANGUAGES) {
    if (language.kind !== "per-file" || initialized.has(language.name)) continue;
    if (files.some((file) => language.accepts(file))) {
      await language.init();
      initialized.add(language.name);
    }
  }
}

/** Checks files of per-file languages one after another on this thread, batch by batch as threads would. */
export async function runPerFile(files: readonly string[], context: RunContext, onDone: (count: number) => void): Promise<FileOutcome[]> {
  await initLanguagesFor(files);
  const outcomes: FileOutcome[] = [];
  const queue = new WorkQueue(files, 1);
  for (let batch = queue.take(); batch; batch = queue.take()) outcomes.push(...checkBatch(batch, context, () => onDone(1)));
  return outcomes;
}

/** Checks one batch of files on this thread (see parsedAhead.ts: files of a batch are parsed once). */
export function checkBatch(files: readonly string[], context: RunContext, onFile: () => void = () => undefined): FileOutcome[] {
  parsedAhead.startBatch(files);
  try {
    return files.map((file) => {
      const outcome = checkOneFile(file, context);
      parsedAhead.finished(file);
      onFile();
      return outcome;
    });
  } finally {
    parsedAhead.clear();
  }
}

export function checkOneFile(file: string, context: RunContext): FileOutcome {
  const language = languageFor(file);
  if (language?.kind !== "per-file") {
    const outcome = emptyOutcome(file);
    outcome.messages.push({ level: "error", text: "not a file type asynclint checks one by one" });
    return outcome;
  }
  try {
    return processFile(file, language as PerFileLanguage, context);
  } catch (error) {
    // A bug in a rule must not end the run: report it against the file and go on.
    const outcome = emptyOutcome(file);
    outcome.messages.push({ level: "error", text: `internal error while checking this file: ${error instanceof Error ? error.message : String(error)}` });
    return outcome;
  }
}
