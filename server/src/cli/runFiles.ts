import { createSettingsResolver } from "./cliSettings";
import { emptyOutcome, type FileOutcome, type RunContext, type RunOptions } from "./fileOutcome";
import { LANGUAGES, languageFor, setPythonRoot, type PerFileLanguage } from "./languages";
import { parsedAhead } from "./parsedAhead";
import { processFile } from "./processFile";
import { createSharedRun, WorkQueue, type SharedRun } from "./workQueue";

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
  const run = createSharedRun(files, false);
  startRun(run);
  const queue = new WorkQueue(run, 1);
  for (let batch = queue.take(); batch; batch = queue.take()) outcomes.push(...checkBatch(batch, context, () => onDone(1)));
  return outcomes;
}

/** The files of the run this thread takes part in (see parsedAhead.ts). */
export function startRun(run: SharedRun): void {
  parsedAhead.setRun(run);
}

/**
 * Checks one batch of files on this thread, and the files of the run it claims meanwhile because
 * the batch imports them (see parsedAhead.ts: each is parsed once). One outcome per file checked.
 */
export function checkBatch(files: readonly string[], context: RunContext, onFile: () => void = () => undefined): FileOutcome[] {
  parsedAhead.startBatch(files);
  const todo = [...files];
  const outcomes: FileOutcome[] = [];
  try {
    for (let i = 0; i < todo.length; i++) {
      outcomes.push(checkOneFile(todo[i], context));
      parsedAhead.finished(todo[i]);
      todo.push(...parsedAhead.takeClaimed());
      onFile();
    }
    return outcomes;
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
  const perFile = language as PerFileLanguage;
  let outcome: FileOutcome;
  try {
    outcome = processFile(file, perFile, context);
  } catch (error) {
    // A bug in a rule must not end the run: report it against the file and go on.
    outcome = emptyOutcome(file);
    outcome.messages.push({ level: "error", text: `internal error while checking this file: ${error instanceof Error ? error.message : String(error)}` });
  }
  const facts = perFile.takeRunFacts?.(file);
  if (facts) {
    outcome.dependencies = facts.dependencies;
    if (facts.facts) outcome.facts = facts.facts;
  }
  return outcome;
}
