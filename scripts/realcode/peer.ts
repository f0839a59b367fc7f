import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** ESLint + typescript-eslint on one project: the peer rules that overlap AL301, AL303 and AL202. */
export interface PeerCounts {
  project: string;
  perRule: Map<string, number>;
  /** Files ESLint could not parse or type (reported as fatal messages). */
  failedFiles: number;
  failure?: string;
}

const PEER_RULES = ["@typescript-eslint/no-floating-promises", "@typescript-eslint/no-misused-promises", "no-await-in-loop"];
const CONFIG = ".asynclint-peer.eslint.config.mjs";
const TSCONFIG = ".asynclint-peer.tsconfig.json";

/**
 * Typed linting needs every file in a TypeScript program; a project's own tsconfig rarely covers
 * its JavaScript, tests and scripts. So the peer gets one program over the whole folder (its
 * tsconfig's options when there is one, plus allowJs), written beside the project and removed after.
 */
export function runPeer(project: string, dir: string, timeoutSeconds: number): PeerCounts {
  const perRule = new Map<string, number>();
  const tseslint = pathToFileURL(require.resolve("typescript-eslint")).href;
  const eslint = eslintBin();
  const hasTsconfig = fs.existsSync(path.join(dir, "tsconfig.json"));
  fs.writeFileSync(
    path.join(dir, TSCONFIG),
    JSON.stringify({
      ...(hasTsconfig ? { extends: "./tsconfig.json" } : {}),
      compilerOptions: { allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true },
      include: ["**/*"],
      exclude: ["**/node_modules", "**/dist", "**/build", "**/coverage"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, CONFIG),
    `import tseslint from ${JSON.stringify(tseslint)};
export default [
  { ignores: ["**/node_modules/**", "**/dist/**", "**/build/**", "**/coverage/**", "**/*.d.ts"] },
  {
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: ${JSON.stringify(path.join(dir, TSCONFIG))}, tsconfigRootDir: ${JSON.stringify(dir)} } },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: Object.fromEntries(${JSON.stringify(PEER_RULES)}.map((rule) => [rule, "error"])),
  },
];
`,
  );
  try {
    const result = spawnSync(process.execPath, ["--max-old-space-size=8192", eslint, "--config", CONFIG, "--format", "json", "--no-inline-config", "."], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1024 * 1024 * 1024,
      timeout: timeoutSeconds * 1000,
    });
    if (result.error) return { project, perRule, failedFiles: 0, failure: result.error.message };
    let files: { messages: { ruleId: string | null; fatal?: boolean }[] }[];
    try {
      files = JSON.parse(result.stdout);
    } catch {
      return { project, perRule, failedFiles: 0, failure: `ESLint printed no JSON (exit ${result.status}): ${result.stderr.trim().split("\n").slice(0, 3).join(" | ")}` };
    }
    let failedFiles = 0;
    for (const file of files) {
      if (file.messages.some((message) => message.fatal)) failedFiles++;
      for (const message of file.messages) if (message.ruleId) perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
    return { project, perRule, failedFiles };
  } finally {
    fs.rmSync(path.join(dir, CONFIG), { force: true });
    fs.rmSync(path.join(dir, TSCONFIG), { force: true });
  }
}

function eslintBin(): string {
  const manifestPath = require.resolve("eslint/package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin.eslint);
}
