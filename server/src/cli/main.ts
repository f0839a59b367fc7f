import * as path from "node:path";
import { currentLocale, localeFromEnvironment, setLocale } from "../engine/l10n";
import { checkFiles } from "./checkFiles";
import { cacheFor } from "./cachedRun";
import { buildStamp } from "./resultCache";
import type { FileOutcome, RunOptions } from "./fileOutcome";
import { COLORS, PLAIN, wantsColor } from "./formats/colors";
import { formatDiff } from "./formats/diff";
import { formatGithub } from "./formats/github";
import { formatJson } from "./formats/json";
import { displayPath, plural, type CheckReport } from "./formats/report";
import { formatSarif } from "./formats/sarif";
import { formatStatisticsText, statistics } from "./formats/statistics";
import { printable } from "./formats/printable";
import { formatTextFindings, formatTextSummary } from "./formats/text";
import { createSettingsResolver } from "./cliSettings";
import { discoverFiles } from "./discover";
import { isCheckedPath, languageFor } from "./languages";
import { parseOptions, USAGE, UsageError, type CliOptions } from "./options";
import { ProgressBar } from "./progress";
import { processFile } from "./processFile";
import { createRunContext, initLanguagesFor } from "./runFiles";
import { runServer, SERVER_USAGE, serverArgumentProblem } from "./serverCommand";

export type { JsonFinding } from "./formats/json";

const VERSION = "0.1.0";

/** Where the CLI writes and reads. The process's streams in real use; strings in tests. */
export interface Output {
  /** One line of the report (stdout). */
  out: (text: string) => void;
  /** One line of diagnostics about the run (stderr). */
  err: (text: string) => void;
  /** Raw bytes to stdout (a fixed source from standard input); defaults to `out` without the newline. */
  write?: (data: string | Uint8Array) => void;
  readStdin?: () => Promise<Buffer>;
  /** The terminal stdout is, to decide colour. */
  stdout?: { isTTY?: boolean };
  /** The terminal for the progress bar. */
  stderr?: { isTTY?: boolean; columns?: number; write(text: string): unknown };
}

export async function runCli(argv: readonly string[], io: Output, cwd = process.cwd()): Promise<number> {
  // `asynclint server --stdio`: the language server for other editors; its output is the protocol, nothing else may write there.
  if (argv[0] === "server") {
    const rest = argv.slice(1);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(SERVER_USAGE);
      return 0;
    }
    const problem = serverArgumentProblem(rest);
    if (problem) {
      io.err(`asynclint: ${problem} (see asynclint server --help)`);
      return 2;
    }
    return runServer(rest);
  }
  let options: CliOptions;
  try {
    options = parseOptions(argv, cwd);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line, so it stands out in a CI log; the options are one --help away.
      io.err(`asynclint: ${error.message} (see asynclint --help)`);
      return 2;
    }
    throw error;
  }
  if (options.version) {
    io.out(VERSION);
    return 0;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  setLocale(options.locale ?? localeFromEnvironment());
  if (!options.quiet) for (const note of options.notes ?? []) io.err(`asynclint: ${note}`);
  const code = options.stdinFilename !== undefined ? await checkStdin(options, options.stdinFilename, io, cwd) : await checkPaths(options, io, cwd);
  return code === 1 && options.exitZero ? 0 : code;
}

function runOptions(options: CliOptions, cwd: string): RunOptions {
  return {
    cwd,
    fixMode: options.fixMode,
    unsafeFixes: options.unsafeFixes,
    settings: { configFile: options.configFile, select: options.select, ignore: options.ignore },
    locale: currentLocale(),
  };
}

async function checkPaths(options: CliOptions, io: Output, cwd: string): Promise<number> {
  const errors: string[] = [];
  const discovered = discoverFiles(options.paths, isCheckedPath, cwd);
  const { problems } = discovered;
  // What the configuration excludes (or turns off) is not checked, even when named on the command line (pre-commit names every staged file).
  const settingsFor = createSettingsResolver(runOptions(options, cwd).settings);
  const files = discovered.files.filter((file) => settingsFor(file).settings.enable);
  for (const problem of problems) {
    const line = printable(`asynclint: ${displayPath(problem.path, cwd)}: ${problem.message}`);
    if (problem.level === "error") errors.push(line);
    if (problem.level === "error" || !options.quiet) io.err(line);
  }
  const progress = new ProgressBar(files.length, io.stderr ?? { write: () => undefined }, !options.quiet && io.stderr?.isTTY === true);
  let outcomes: FileOutcome[];
  try {
    const run = runOptions(options, cwd);
    outcomes = await checkFiles(files, { ...run, cache: cacheFor(options, { version: VERSION, build: buildStamp(), cwd, ...run.settings, locale: run.locale }) }, options.jobs, (count) => progress.advance(count));
  } finally {
    progress.finish();
  }
  return report(options, io, cwd, outcomes, errors);
}

/**
 * `--stdin-filename NAME`: one source from standard input, checked as if it were NAME (its
 * language, its config; for TypeScript/JavaScript its project, with the input in place of the
 * file's text on disk, which may not exist).
 */
async function checkStdin(options: CliOptions, name: string, io: Output, cwd: string): Promise<number> {
  const file = path.resolve(cwd, name);
  const language = languageFor(file);
  if (!language) {
    io.err(printable(`asynclint: --stdin-filename ${name}: not a file type asynclint checks (.py, .pyi, .pyw, .ipynb, .ts, .tsx, .js, …)`));
    return 2;
  }
  const bytes = await (io.readStdin ?? readProcessStdin)();
  const writeFixed = options.fixMode === "write";
  // The fixed text is printed, never written to a file called NAME: ask for it as a diff.
  const stdinOptions = { ...runOptions(options, cwd), fixMode: options.fixMode === "off" ? "off" : "diff" } as const;
  let outcome: FileOutcome;
  if (language.kind === "per-file") {
    await initLanguagesFor([file]);
    outcome = processFile(file, language, createRunContext(stdinOptions), bytes);
  } else {
    [outcome] = await language.analyzeFiles([file], createRunContext(stdinOptions), new Map([[file, bytes]]));
  }
  if (!writeFixed) return report(options, io, cwd, [outcome], []);
  // With --fix: the fixed source on stdout (editors and pre-commit replace the buffer with it), the rest on stderr.
  (io.write ?? ((data) => io.out(Buffer.from(data).toString("utf8"))))(outcome.fixedContent ?? bytes);
  const stderrOnly: Output = { ...io, out: io.err };
  return report({ ...options, format: "text" }, stderrOnly, cwd, [outcome], [], true);
}

function readProcessStdin(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks)));
    process.stdin.on("error", reject);
  });
}

/** Prints the per-file messages and the report in the chosen format; returns the exit code. */
function report(options: CliOptions, io: Output, cwd: string, outcomes: FileOutcome[], errors: string[], fixedToStdout = false): number {
  const shownConfigProblems = new Set<string>();
  for (const outcome of outcomes) {
    for (const problem of outcome.configProblems) {
      if (shownConfigProblems.has(problem)) continue;
      shownConfigProblems.add(problem);
      errors.push(problem);
      io.err(printable(`asynclint: ${problem}`));
    }
    for (const message of outcome.messages) {
      const line = printable(`asynclint: ${message.subject ?? displayPath(outcome.file, cwd)}: ${message.text}`);
      if (message.level === "error") errors.push(line);
      if (message.level === "error" || !options.quiet) io.err(line);
    }
  }
  const checkReport: CheckReport = { cwd, outcomes, fixMode: fixedToStdout ? "write" : options.fixMode, errors };
  const findings = outcomes.reduce((sum, outcome) => sum + outcome.findings.length, 0);
  const failed = errors.length > 0;

  if (options.fixMode === "diff") {
    const diff = formatDiff(checkReport);
    if (diff) (io.write ?? ((data) => io.out(String(data).replace(/\n$/, ""))))(diff);
    const fixes = outcomes.reduce((sum, outcome) => sum + outcome.fixesApplied, 0);
    const files = outcomes.filter((outcome) => outcome.diff).length;
    if (!options.quiet) io.err(fixes > 0 ? `Would fix ${plural(fixes, "problem")} in ${plural(files, "file")}.` : "Nothing to fix.");
    if (failed) return 2;
    return files > 0 ? 1 : 0;
  }

  if (options.statistics) {
    const rows = statistics(checkReport);
    if (options.format === "json") io.out(JSON.stringify(rows, null, 2));
    else {
      for (const line of formatStatisticsText(rows)) io.out(line);
      if (!options.quiet) for (const line of formatTextSummary(checkReport, PLAIN)) io.out(line);
    }
  } else if (options.format === "json") {
    io.out(formatJson(checkReport));
  } else if (options.format === "sarif") {
    io.out(formatSarif(checkReport, VERSION));
  } else if (options.format === "github") {
    for (const line of formatGithub(checkReport)) io.out(line);
  } else {
    const palette = wantsColor(io.stdout ?? {}) ? COLORS : PLAIN;
    for (const line of formatTextFindings(checkReport, palette)) io.out(line);
    if (!options.quiet) for (const line of formatTextSummary(checkReport, palette)) io.out(line);
  }
  if (failed) return 2;
  return findings > 0 ? 1 : 0;
}

/**
 * Writes to the process's streams; used by dist/cli.js when run directly and by bin/asynclint.js.
 * A reader that goes away (`asynclint check . | head -1`) ends the output quietly: the rest of
 * the report is dropped, with no EPIPE stack trace, and the run ends as it would have.
 */
export function processOutput(): Output {
  const closed = { stdout: endsQuietlyOnClosedPipe(process.stdout), stderr: endsQuietlyOnClosedPipe(process.stderr) };
  return {
    out: (text) => void (closed.stdout() || process.stdout.write(text + "\n")),
    err: (text) => void (closed.stderr() || process.stderr.write(text + "\n")),
    write: (data) => void (closed.stdout() || process.stdout.write(data)),
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

const pipeWatch = new WeakMap<NodeJS.WriteStream, () => boolean>();

/** Whether the stream's reader has gone (EPIPE): from then on nothing more is written to it. */
function endsQuietlyOnClosedPipe(stream: NodeJS.WriteStream): () => boolean {
  const known = pipeWatch.get(stream);
  if (known) return known;
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      closed = true;
      return;
    }
    throw error;
  });
  const isClosed = () => closed;
  pipeWatch.set(stream, isClosed);
  return isClosed;
}

if (require.main === module) {
  runCli(process.argv.slice(2), processOutput())
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error) => {
      process.stderr.write(`asynclint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    });
}
