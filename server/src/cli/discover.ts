import * as fs from "node:fs";
import * as path from "node:path";

/** Folders that hold no code of the project's own: dependencies, virtualenvs, caches, builds. */
export const SKIPPED_DIRECTORIES = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "__pycache__",
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
}

/** Source files under the given paths (files given by name are taken as they are), sorted, without duplicates. */
export function discoverFiles(inputs: readonly string[], accept: (file: string) => boolean): { files: string[]; problems: DiscoveryProblem[] } {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const walk = (dir: string, realRoot: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.endsWith(".egg-info") && !isVirtualenv(full)) walk(full, realRoot);
      } else if (entry.isFile() && accept(full)) {
        files.add(full);
      }
      // Symbolic links are not followed: they may lead out of the tree or into a loop.
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      problems.push({ path: input, message: describeError(error) });
      continue;
    }
    if (stat.isDirectory()) walk(input, fs.realpathSync(input));
    else files.add(input);
  }
  return { files: [...files].sort(), problems };
}

function isVirtualenv(dir: string): boolean {
  return fs.existsSync(path.join(dir, "pyvenv.cfg"));
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
