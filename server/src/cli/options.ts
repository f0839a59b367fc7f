import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { InvalidCodeError, parseCodeList } from "./cliSettings";
import type { FixMode } from "./fileOutcome";

export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const USAGE = `Usage: asynclint check [paths...] [options]
       asynclint server [--stdio]   the language server, for editors (see asynclint server --help)

Finds async mistakes in Python (.py, .pyi, .ipynb) and TypeScript/JavaScript files:
blocking calls in coroutines, coroutines and promises never awaited, dropped tasks,
asyncio.run inside a running loop. Paths are files, folders
(walked, honouring .gitignore, skipping node_modules, virtualenvs and build folders)
or quoted globs such as 'src/**/*.py'; a path that exists is taken literally, and a
glob that matches no source file is an error. Without paths the current folder is checked.

Output:
  --format FORMAT        text (default), json, sarif (SARIF 2.1.0, for code scanning)
                         or github (workflow annotations)
  --statistics           counts per rule code instead of each finding (text, json)
  -q, --quiet            only the findings: no summary, no notes about skipped files

Fixes:
  --fix                  apply the safe fixes, writing the files in place
  --unsafe-fixes         with --fix or --diff, also apply the fixes that need review
  --diff                 print the fixes as a unified diff instead of writing them;
                         exits 1 when there is something to fix

Rules and settings:
  --select CODES         only these rules: codes, prefixes (AL1), names or ALL,
                         comma-separated or repeated
  --ignore CODES         not these rules
  --config FILE          use this configuration file (asynclint.json, pyproject.toml,
                         package.json) instead of the nearest one

Input and running:
  --stdin-filename NAME  read the source from standard input, as if it were NAME (its
                         language, config and TypeScript project); with --fix the
                         fixed source is printed
  -j, --jobs N           threads (default: on big trees one per core but one; 1: no
                         worker threads; never more than the cores available)
  --no-cache             check every file: neither read nor write the result cache
                         (also ASYNCLINT_NO_CACHE=1)
  --cache-dir DIR        keep the result cache in DIR (default: the configuration's
                         cacheDir, else .asynclint_cache in the current folder)
  --exit-zero            exit 0 even when there are findings
  --locale LANG          language of the findings' messages: en or ru (default: from
                         LC_ALL, LC_MESSAGES or LANG; English when none has a translation)
  -h, --help             show this help
  --version              show the version

Exit status: 0 no findings, 1 findings (or, with --diff, changes to make),
2 usage or configuration error, or a file that could not be read or written.`;

export class UsageError extends Error {}

export interface CliOptions {
  help: boolean;
  version: boolean;
  paths: string[];
  format: OutputFormat;
  statistics: boolean;
  quiet: boolean;
  fixMode: FixMode;
  unsafeFixes: boolean;
  select?: string[];
  ignore: string[];
  configFile?: string;
  stdinFilename?: string;
  /** At most the cores available. */
  jobs?: number;
  /** What the run changed in what was asked (a --jobs above the cores), for stderr unless --quiet. */
  notes?: string[];
  exitZero: boolean;
  /** The language asked for with --locale; undefined: the environment's. */
  locale?: string;
  /** `--no-cache`: every file is checked, nothing is written. */
  noCache?: boolean;
  /** `--cache-dir`, absolute. */
  cacheDir?: string;
}

/** Reads the command line; anything wrong throws a UsageError with one clear sentence. */
export function parseOptions(argv: readonly string[], cwd: string): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        statistics: { type: "boolean", default: false },
        quiet: { type: "boolean", short: "q", default: false },
        fix: { type: "boolean", default: false },
        "unsafe-fixes": { type: "boolean", default: false },
        diff: { type: "boolean", default: false },
        select: { type: "string", multiple: true },
        ignore: { type: "string", multiple: true, default: [] },
        config: { type: "string" },
        "stdin-filename": { type: "string" },
        jobs: { type: "string", short: "j" },
        "no-cache": { type: "boolean", default: false },
        "cache-dir": { type: "string" },
        "exit-zero": { type: "boolean", default: false },
        locale: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = { help: values.help ?? false, version: values.version ?? false };
  if (base.help || base.version) return { ...base, paths: [], format: "text", statistics: false, quiet: false, fixMode: "off", unsafeFixes: false, ignore: [], exitZero: false };

  const [command, ...paths] = positionals;
  if (command !== "check") throw new UsageError(command ? `unknown command '${command}' (the commands are 'check' and 'server')` : "missing command: asynclint check [paths...]");
  const format = values.format as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${values.format}'`);
  if (values.statistics && (format === "sarif" || format === "github")) throw new UsageError(`--statistics works with --format text or json, not ${format}`);

  let select: string[] | undefined;
  let ignore: string[];
  try {
    select = values.select ? parseCodeList("--select", values.select) : undefined;
    // An empty list selects no rule: a run that checks nothing would pass. Usually an unset variable (`--select "$CODES"`).
    if (select?.length === 0) throw new UsageError("--select needs at least one rule code, prefix, name or ALL (it was given an empty list)");
    ignore = parseCodeList("--ignore", values.ignore ?? []);
  } catch (error) {
    if (error instanceof InvalidCodeError) throw new UsageError(error.message);
    throw error;
  }

  let configFile: string | undefined;
  if (values.config !== undefined) {
    configFile = path.resolve(cwd, values.config);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(configFile);
    } catch {
      throw new UsageError(`--config ${values.config}: no such file`);
    }
    if (stat.isDirectory()) throw new UsageError(`--config ${values.config}: is a directory, not a configuration file`);
  }

  if (values["cache-dir"] === "") throw new UsageError("--cache-dir needs a folder");
  const cacheDir = values["cache-dir"] !== undefined ? path.resolve(cwd, values["cache-dir"]) : undefined;

  const stdinFilename = values["stdin-filename"];
  if (stdinFilename !== undefined && paths.length > 0) throw new UsageError("--stdin-filename reads standard input: give no paths with it");
  if (stdinFilename === "") throw new UsageError("--stdin-filename needs a file name (it decides the language and the configuration)");

  let jobs: number | undefined;
  const notes: string[] = [];
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of threads, 1 or more, not '${values.jobs}'`);
    // Each thread loads the bundle and the parsers (tens of MB): more threads than cores only cost memory.
    const cores = os.availableParallelism();
    if (jobs > cores) {
      notes.push(`--jobs ${jobs}: using ${cores} thread${cores === 1 ? "" : "s"}, one per available core`);
      jobs = cores;
    }
  }

  return {
    ...base,
    paths: paths.length > 0 ? paths : ["."],
    format,
    statistics: values.statistics ?? false,
    quiet: values.quiet ?? false,
    fixMode: values.diff ? "diff" : values.fix ? "write" : "off",
    unsafeFixes: values["unsafe-fixes"] ?? false,
    select,
    ignore,
    configFile,
    stdinFilename,
    jobs,
    notes,
    exitZero: values["exit-zero"] ?? false,
    locale: values.locale,
    noCache: values["no-cache"] ?? false,
    cacheDir,
  };
}
