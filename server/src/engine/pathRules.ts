import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { RuleLevel, Settings } from "./settings";

/**
 * Rule levels that depend on where a file lives: test code, and the user's own per-path choices.
 *
 * Measured on real projects (test/realcode): in test code, AL201/AL202 gave no useful finding in 58
 * (ordering is what a test scenario is about: start a server, then connect; send, then receive),
 * and no blocking call there was useful (deliberate: a test that simulates a slow device). File I/O
 * in tests is setup and checking (write the input, read back the output): none of a seeded sample of
 * 40 AL103 and 40 AL104 findings there (of 244 and 273) was useful. An
 * unawaited coroutine or a dropped task in a test is still a bug (the test asserts nothing), so
 * AL3xx and AL401 stay on. Patterns use .gitignore syntax, relative to the project root: the folder
 * of the configuration file that applies, else the workspace folder (editor) or current folder (CLI)
 * that holds the file, else the nearest folder with a project marker (.git, pyproject.toml,
 * package.json, ...). A pattern without a slash matches at any depth, as in .gitignore.
 */
export const DEFAULT_TEST_FILES: readonly string[] = [
  "test/",
  "tests/",
  "testing/",
  "__tests__/",
  "test_*.py",
  "*_test.py",
  "conftest.py",
  "*.test.*",
  "*.spec.*",
  "*.test-d.ts",
];

export const DEFAULT_TEST_RULES: Readonly<Record<string, RuleLevel>> = {
  AL101: "off",
  AL102: "off",
  AL103: "off",
  AL104: "off",
  AL201: "off",
  AL202: "off",
};

const PROJECT_MARKERS = [".git", "pyproject.toml", "setup.py", "setup.cfg", "package.json", "tsconfig.json", "asynclint.json"];

const matchers = new Map<string, Ignore>();

function matcherFor(patterns: readonly string[]): Ignore {
  const key = patterns.join("\n");
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = ignore().add([...patterns]);
    if (matchers.size > 100) matchers.clear();
    matchers.set(key, matcher);
  }
  return matcher;
}

/** Whether one .gitignore-style pattern is well-formed enough to use (the `ignore` package accepts nearly anything). */
export function isUsablePattern(pattern: unknown): pattern is string {
  return typeof pattern === "string" && pattern.trim() !== "" && !pattern.includes("\u0000");
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

const markerDirs = new Map<string, string | null>();

/** The nearest folder at or above `dir` that holds a project marker (cached per folder; stat only, never read). */
function nearestProjectFolder(dir: string): string | undefined {
  const cached = markerDirs.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let found: string | undefined;
  if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) found = dir;
  else {
    const parent = path.dirname(dir);
    found = parent === dir ? undefined : nearestProjectFolder(parent);
  }
  if (markerDirs.size > 10_000) markerDirs.clear();
  markerDirs.set(dir, found ?? null);
  return found;
}

/** Forgets the cached project folders (a marker file was created or deleted). */
export function invalidateProjectFolders(): void {
  markerDirs.clear();
}

/** The folder the path patterns of `file` are relative to (see the header). */
export function projectRootFor(file: string, configFile: string | undefined, roots: readonly string[]): string {
  const absolute = path.resolve(file);
  if (configFile) return path.dirname(path.resolve(configFile));
  const holding = roots.map((root) => path.resolve(root)).filter((root) => isInside(absolute, root));
  // The deepest: a workspace folder nested in another is its own project.
  if (holding.length > 0) return holding.sort((a, b) => b.length - a.length)[0];
  return nearestProjectFolder(path.dirname(absolute)) ?? path.dirname(absolute);
}

function relativeForPatterns(file: string, root: string): string {
  const absolute = path.resolve(file);
  const relative = isInside(absolute, root) ? path.relative(root, absolute) : absolute.replace(/^([A-Za-z]:)?[\\/]+/, "");
  return relative.split(path.sep).join("/");
}

/** Whether `file` is test code under these settings. */
export function isTestFile(settings: Settings, file: string, root: string): boolean {
  if (settings.testFiles.length === 0) return false;
  return matcherFor(settings.testFiles).ignores(relativeForPatterns(file, root));
}

/** Whether `exclude` names the file (or a folder above it): such a file is not analyzed at all. */
export function isExcludedFile(settings: Settings, file: string, root: string): boolean {
  return settings.exclude.length > 0 && matcherFor(settings.exclude).ignores(relativeForPatterns(file, root));
}

/**
 * The settings for one file with its path's rule levels on top of `rules`: first `testRules` when
 * the file is test code, then each matching `perFileRules` entry in order (later entries win).
 * A file `exclude` names is not analyzed: `enable` is off for it, in the editor and the CLI alike.
 */
export function withPathRules(settings: Settings, file: string, root: string): Settings {
  if (isExcludedFile(settings, file, root)) return { ...settings, enable: false };
  const relative = relativeForPatterns(file, root);
  const levels: Record<string, RuleLevel> = {};
  if (settings.testFiles.length > 0 && matcherFor(settings.testFiles).ignores(relative)) Object.assign(levels, settings.testRules);
  for (const [pattern, rules] of Object.entries(settings.perFileRules)) {
    if (matcherFor([pattern]).ignores(relative)) Object.assign(levels, rules);
  }
  if (Object.keys(levels).length === 0) return settings;
  return { ...settings, rules: { ...settings.rules, ...levels } };
}
