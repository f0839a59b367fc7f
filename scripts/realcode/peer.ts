import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { discoverFiles } from "../../server/src/cli/discover";
import { isTypeScriptFileName } from "../../server/src/typescript/syntax";

/** ESLint + typescript-eslint on one project: the peer rules that overlap AL301, AL303 and AL202. */
export interface PeerCounts {
  project: string;
  perRule: Map<string, number>;
  /** Files ESLint could not parse or type (reported as fatal messages). */
  failedFiles: number;
  failure?: string;
}

const PEER_RULES = ["@typescript-eslint/no-floating-promises", "@typescript-eslint/no-misused-promises", "no-await-in-loop"];

/** The project's tsconfig.json files that load and name at least one file, nearest (deepest) first. */
function loadableTsconfigs(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "tsconfig.json") found.push(full);
    }
  };
  walk(dir);
  return found
    .filter((file) => {
      const read = ts.readConfigFile(file, ts.sys.readFile);
      if (read.error) return false;
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
      // 18003: "no inputs were found" (a solution file of references only).
      return parsed.errors.every((error) => error.code === 18003) && parsed.fileNames.length > 0;
    })
    .sort((a, b) => b.split(path.sep).length - a.split(path.sep).length);
}

/**
 * Typed linting needs every file in a TypeScript program, and a project's tsconfigs rarely cover
 * its JavaScript, tests and scripts. So ESLint gets the project's own tsconfigs that load, then one
 * fallback program (allowJs) over exactly the files asynclint checks; the project is not written to.
 */
export function runPeer(project: string, dir: string, timeoutSeconds: number): PeerCounts {
  const perRule = new Map<string, number>();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-peer-"));
  try {
    const files = discoverFiles(["."], isTypeScriptFileName, dir).files.map((file) => path.resolve(dir, file));
    if (files.length === 0) return { project, perRule, failedFiles: 0 };
    const fallback = path.join(scratch, "fallback.tsconfig.json");
    fs.writeFileSync(
      fallback,
      JSON.stringify({
        compilerOptions: { allowJs: true, checkJs: false, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", jsx: "preserve", strict: true, skipLibCheck: true },
        files,
      }),
    );
    const tseslint = pathToFileURL(require.resolve("typescript-eslint")).href;
    const config = path.join(scratch, "eslint.config.mjs");
    fs.writeFileSync(
      config,
      `import tseslint from ${JSON.stringify(tseslint)};
export default [
  {
    basePath: ${JSON.stringify(dir)},
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    linterOptions: { reportUnusedDisableDirectives: "off" },
    languageOptions: { parser: tseslint.parser, parserOptions: { project: ${JSON.stringify([...loadableTsconfigs(dir), fallback])}, tsconfigRootDir: ${JSON.stringify(dir)} } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: Object.fromEntries(${JSON.stringify(PEER_RULES)}.map((rule) => [rule, "error"])),
  },
];
`,
    );
    const result = spawnSync(process.execPath, ["--max-old-space-size=6000", eslintBin(), "--config", config, "--no-config-lookup", "--no-warn-ignored", "--format", "json", ...files], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1024 * 1024 * 1024,
      timeout: timeoutSeconds * 1000,
    });
    if (result.error) return { project, perRule, failedFiles: 0, failure: result.error.message };
    let reports: { messages: { ruleId: string | null; fatal?: boolean }[] }[];
    try {
      reports = JSON.parse(result.stdout);
    } catch {
      return { project, perRule, failedFiles: 0, failure: `ESLint printed no JSON (exit ${result.status}): ${result.stderr.trim().split("\n").slice(0, 3).join(" | ")}` };
    }
    let failedFiles = 0;
    for (const report of reports) {
      if (report.messages.some((message) => message.fatal)) failedFiles++;
      // The projects' own disable comments name plugins this config lacks ("rule not found"): count only ours.
      for (const message of report.messages) if (message.ruleId && PEER_RULES.includes(message.ruleId)) perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
    return { project, perRule, failedFiles };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function eslintBin(): string {
  const manifestPath = require.resolve("eslint/package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin.eslint);
}
