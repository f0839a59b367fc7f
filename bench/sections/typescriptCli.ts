import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expectExit, timeNodeProcess, type TimedRun } from "../process";
import { median } from "../stats";

/** A package's command-line script, from its package.json `bin` (its `exports` hide the file itself). */
function binOf(pkg: string, name: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[name];
  if (!bin) throw new Error(`${pkg} declares no '${name}' command`);
  return path.join(path.dirname(manifestPath), bin);
}

const ESLINT = binOf("eslint", "eslint");
const TSC = binOf("typescript", "tsc");

/**
 * ESLint's flat config for the generated project: typescript-eslint's typed rules that overlap
 * ours, with type information through the project service. Imported by absolute URL, since the
 * project lives in a temporary folder outside this repository's node_modules.
 */
export function writeEslintConfig(projectDir: string): void {
  const tseslint = pathToFileURL(require.resolve("typescript-eslint")).href;
  fs.writeFileSync(
    path.join(projectDir, "eslint.config.mjs"),
    `import tseslint from ${JSON.stringify(tseslint)};

export default [
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "no-await-in-loop": "error",
    },
  },
];
`,
  );
}

interface ToolFigures {
  medianMs: number;
  runsMs: number[];
  peakRssMb: number | undefined;
  findings: number | undefined;
}

export interface TypeScriptCliComparison {
  files: number;
  lines: number;
  repeats: number;
  ours: ToolFigures & { supported: boolean };
  eslint: ToolFigures;
  tsc: ToolFigures;
  /** ESLint's median time over ours: above 1 means we are faster. */
  speedupOverEslint: number;
  speedupOverTsc: number;
  commands: { ours: string; eslint: string; tsc: string };
}

function figures(runs: TimedRun[], findings: number | undefined): ToolFigures {
  const rss = runs.map((r) => r.peakRssMb).filter((r): r is number => r !== undefined);
  return { medianMs: median(runs.map((r) => r.ms)), runsMs: runs.map((r) => Math.round(r.ms)), peakRssMb: rss.length ? Math.max(...rss) : undefined, findings };
}

/** Our CLI, ESLint + typescript-eslint and `tsc --noEmit` on the same project, cold processes, alternating. */
export async function compareTypeScriptCli(cli: string, projectDir: string, stats: { files: number; lines: number }, repeats: number): Promise<TypeScriptCliComparison> {
  writeEslintConfig(projectDir);
  const oursArgs = ["check", ".", "--format", "json", "--exit-zero"];
  const eslintArgs = ["--format", "json", "src"];
  const tscArgs = ["--noEmit", "-p", "."];
  const ours: TimedRun[] = [];
  const eslint: TimedRun[] = [];
  const tsc: TimedRun[] = [];
  for (let i = 0; i < repeats; i++) {
    const a = await timeNodeProcess(cli, oursArgs, projectDir);
    expectExit(a, [0], "asynclint check");
    ours.push(a);
    const b = await timeNodeProcess(ESLINT, eslintArgs, projectDir);
    expectExit(b, [0, 1], "eslint");
    eslint.push(b);
    const c = await timeNodeProcess(TSC, tscArgs, projectDir);
    expectExit(c, [0], "tsc --noEmit");
    tsc.push(c);
  }
  const ourFindings = (JSON.parse(ours[0].stdout) as Array<{ file: string }>).filter((f) => f.file.endsWith(".ts")).length;
  const eslintFindings = (JSON.parse(eslint[0].stdout) as Array<{ messages: unknown[] }>).reduce((sum, f) => sum + f.messages.length, 0);
  const oursFigures = figures(ours, ourFindings);
  const eslintFigures = figures(eslint, eslintFindings);
  const tscFigures = figures(tsc, undefined);
  return {
    ...stats,
    repeats,
    // The project has floating promises on purpose: no finding at all means this build does not analyze TypeScript yet.
    ours: { ...oursFigures, supported: ourFindings > 0 },
    eslint: eslintFigures,
    tsc: tscFigures,
    speedupOverEslint: eslintFigures.medianMs / oursFigures.medianMs,
    speedupOverTsc: tscFigures.medianMs / oursFigures.medianMs,
    commands: {
      ours: `node dist/cli.js ${oursArgs.join(" ")}`,
      eslint: `eslint ${eslintArgs.join(" ")} (flat config: no-floating-promises, no-misused-promises, no-await-in-loop, projectService)`,
      tsc: `tsc ${tscArgs.join(" ")}`,
    },
  };
}
