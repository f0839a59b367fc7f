import * as fs from "node:fs";
import * as path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import { GitignoreRules } from "./gitignore";

/** Folders that hold no code of the project's own: dependencies, virtualenvs, caches, builds. */
export const SKIPPED_DIRECTORIES = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "__pycache__",
  // Jupyter's autosaved copies of notebooks.
  ".ipynb_checkpoints",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".ruff_cache",
  ".pytest_cache",
  "site-packages",
  "build",
  "dist",
  ".eggs",
]);

export interface DiscoveryProblem {
  path: string;
  message: string;
  /** An error makes the exit code 2 (a path that does not exist); a note does not (a glob that matched nothing). */
  level: "error" | "note";
}

/** A folder skipped by default when walking: see SKIPPED_DIRECTORIES; also `*.egg-info` and any virtualenv. */
export function isSkippedDirectory(dir: string): boolean {
  const name = path.basename(dir);
  return SKIPPED_DIRECTORIES.has(name) || name.endsWith(".egg-info") || fs.existsSync(path.join(dir, "pyvenv.cfg"));
}

/**
 * The source files the inputs name: a file is taken as it is (even when ignored: it was asked
 * for), a directory is walked, and an input with glob characters (`src/**\/*.py`) is expanded from
 * `cwd`. Walks and globs skip SKIPPED_DIRECTORIES, virtualenvs and what `.gitignore` files
 * exclude, and never follow symbolic links, so they cannot leave the tree or loop.
 * Sorted, without duplicates.
 */
export function discoverFiles(inputs: readonly string[], accept: (file: string) => boolean, cwd = process.cwd()): { files: string[]; problems: DiscoveryProblem[] } {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const gitignore = new GitignoreRules();

  const walk = (dir: string, floor: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error), level: "error" });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Symbolic links are not followed (entry.isDirectory()/isFile() are false for them).
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(full) && !gitignore.ignores(full, true, floor)) walk(full, floor);
      } else if (entry.isFile() && accept(full) && !gitignore.ignores(full, false, floor)) {
        files.add(full);
      }
    }
  };

  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matched = expandGlob(input, cwd, accept, gitignore);
      if (matched.length === 0) problems.push({ path: input, message: "no source files match this pattern", level: "note" });
      for (const file of matched) files.add(file);
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push({ path: absolute, message: describeError(error), level: "error" });
      continue;
    }
    if (stat.isDirectory()) walk(absolute, GitignoreRules.floorFor(absolute));
    else files.add(absolute);
  }
  return { files: [...files].sort(), problems };
}

function expandGlob(pattern: string, cwd: string, accept: (file: string) => boolean, gitignore: GitignoreRules): string[] {
  const floor = GitignoreRules.floorFor(cwd);
  const matches = globSync(pattern, {
    cwd,
    absolute: true,
    onlyFiles: true,
    dot: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: [...SKIPPED_DIRECTORIES].map((name) => `**/${name}/**`),
  });
  return matches
    .map((match) => path.resolve(match))
    .filter((file) => {
      if (!accept(file)) return false;
      try {
        if (fs.lstatSync(file).isSymbolicLink()) return false;
      } catch {
        return false;
      }
      // Every folder between the glob's base and the file must be one a walk would enter.
      for (let dir = path.dirname(file); dir.startsWith(floor) && dir !== floor; dir = path.dirname(dir)) {
        if (isSkippedDirectory(dir) || gitignore.ignores(dir, true, floor)) return false;
      }
      return !gitignore.ignores(file, false, floor);
    });
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "not a directory";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
