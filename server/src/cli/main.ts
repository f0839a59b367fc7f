import * as path from "node:path";
import { parseArgs } from "node:util";
import { analyzePythonSource, initEngine, isPythonPath } from "../engine/analyze";
import { ruleByCode } from "../engine/catalogue";
import { defaultSettings } from "../engine/settings";
import type { Finding } from "../engine/types";
import { PythonWorkspaceIndex } from "../python/workspaceIndex";
import { discoverFiles } from "./discover";
import { readSource } from "./readSource";

const VERSION = "0.1.0";

const USAGE = `Usage: asynclint check [paths...] [--format text|json]

Finds asyncio mistakes in Python files: blocking calls in coroutines, coroutines never
awaited, dropped tasks, asyncio.run inside a running loop.

Options:
  --format text|json   output format (default: text)
  --exit-zero          exit 0 even when there are findings
  -h, --help           show this help
  --version            show the version

Exit status: 0 no findings, 1 findings, 2 usage error or a file that could not be read.`;

/** One finding of the CLI's JSON output. This shape is a public contract: add fields, never change these. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: string;
  message: string;
  fixable: boolean;
}

class UsageError extends Error {}

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runCli(argv: readonly string[], io: Output, cwd = process.cwd()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
        "exit-zero": { type: "boolean" },
      },
    });
  } catch (error) {
    io.err(`asynclint: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(VERSION);
    return 0;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    const [command, ...paths] = positionals;
    if (command !== "check") throw new UsageError(command ? `unknown command '${command}'` : "missing command");
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not '${values.format}'`);
    const code = await check(paths.length > 0 ? paths : ["."], values.format, io, cwd);
    return code === 1 && values["exit-zero"] ? 0 : code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`asynclint: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function check(paths: string[], format: "text" | "json", io: Output, cwd: string): Promise<number> {
  await initEngine();
  const settings = defaultSettings();
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const { files, problems } = discoverFiles(absolute, isPythonPath);
  let failed = problems.length > 0;
  for (const problem of problems) io.err(`asynclint: ${display(problem.path, cwd)}: ${problem.message}`);
  const workspace = new PythonWorkspaceIndex([cwd]);
  const results: Array<{ file: string; findings: Finding[] }> = [];
  for (const file of files) {
    const source = readSource(file, settings.maxFileSize);
    if (!source.ok) {
      io.err(`asynclint: ${display(file, cwd)}: ${source.message}`);
      if (!source.skipped) failed = true;
      continue;
    }
    const result = analyzePythonSource({ text: source.text, path: file }, { settings, pythonWorkspace: workspace });
    for (const notice of result.notices) io.err(`asynclint: ${display(file, cwd)}: ${notice.message}`);
    if (result.findings.length > 0) results.push({ file, findings: result.findings });
  }
  const total = results.reduce((sum, r) => sum + r.findings.length, 0);
  if (format === "json") {
    const rows: JsonFinding[] = results.flatMap(({ file, findings }) => findings.map((f) => toJson(display(file, cwd), f)));
    io.out(JSON.stringify(rows, null, 2));
  } else {
    for (const { file, findings } of results) {
      for (const finding of findings) {
        io.out(`${display(file, cwd)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: ${finding.code} ${finding.message}`);
      }
    }
    const fixable = results.reduce((sum, r) => sum + r.findings.filter((f) => f.fixes.length > 0).length, 0);
    const checked = `${files.length} file${files.length === 1 ? "" : "s"} checked`;
    io.out(total === 0 ? `No problems found (${checked}).` : `Found ${total} problem${total === 1 ? "" : "s"} (${fixable} fixable) in ${results.length} file${results.length === 1 ? "" : "s"}; ${checked}.`);
  }
  if (failed) return 2;
  return total > 0 ? 1 : 0;
}

function toJson(file: string, finding: Finding): JsonFinding {
  return {
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    code: finding.code,
    name: ruleByCode(finding.code)?.name ?? finding.code,
    severity: finding.severity,
    message: finding.message,
    fixable: finding.fixes.length > 0,
  };
}

/** Paths are shown relative to where the command runs, with forward slashes, like compilers do. */
function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join("/");
}

if (require.main === module) {
  runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t + "\n"), err: (t) => process.stderr.write(t + "\n") })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error) => {
      process.stderr.write(`asynclint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    });
}
