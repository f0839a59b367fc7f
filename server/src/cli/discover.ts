import * as fs from "node:fs";
import * as path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import { nameFromBytes, toFsPath } from "../engine/rawFileNames";
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
  // asynclint's own result cache (see resultCache.ts).
  ".asynclint_cache",
  ".pytest_cache",
  "site-packages",
  "build",
  "dist",
  ".eggs",
]);

export interface DiscoveryProblem {
  path: string;
  message: string;
  /** An error makes the exit code 2 (a path that does not exist, a pattern that matches nothing); a note does not. */
  level: "error" | "note";
}

/** A folder skipped by default when walking: see SKIPPED_DIRECTORIES; also `*.egg-info` and any virtualenv. */
export function isSkippedDirectory(dir: string): boolean {
  const name = path.basename(dir);
  return SKIPPED_DIRECTORIES.has(name) || name.endsWith(".egg-info") || fs.existsSync(toFsPath(path.join(dir, "pyvenv.cfg")));
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(toFsPath(file));
  } catch {
    return undefined;
  }
}

/**
 * The source files the inputs name: a path that exists is taken as it is, even when its name has
 * glob characters (`My Project (1)`, `[a].py`); a file is taken even when ignored (it was asked
 * for), a directory is walked. Any other input with glob characters (`src/**\/*.py`) is a
 * pattern, expanded from `cwd`, and one that matches no source file is an error. Walks and globs
 * skip SKIPPED_DIRECTORIES, virtualenvs and what `.gitignore` files exclude, and never follow
 * symbolic links, so they cannot leave the tree or loop. Names that are not valid UTF-8 are kept
 * (see rawFileNames.ts). Sorted, without duplicates.
 */
export function discoverFiles(inputs: readonly string[], accept: (file: string) => boolean, cwd = process.cwd()): { files: string[]; problems: DiscoveryProblem[] } {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const gitignore = new GitignoreRules((file, message) => problems.push({ path: file, message, level: "note" }));

  const walk = (dir: string, floor: string) => {
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(toFsPath(dir), { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error), level: "error" });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, nameFromBytes(entry.name));
      // Symbolic links are not followed (entry.isDirectory()/isFile() are false for them); FIFOs and devices are no files.
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(full) && !gitignore.ignores(full, true, floor)) walk(full, floor);
      } else if (entry.isFile() && accept(full) && !gitignore.ignores(full, false, floor)) {
        files.add(full);
      }
    }
  };

  for (const input of inputs) {
    let absolute = path.resolve(cwd, input);
    let stat = statOf(absolute);
    if (!stat && input.includes("\ufffd")) {
      // A name that is not UTF-8 reaches us with U+FFFD for its bad bytes: find the entry it stands for.
      const found = resolveLossyName(absolute);
      if (typeof found === "object") {
        problems.push({ path: absolute, message: found.problem, level: "error" });
        continue;
      }
      if (found) {
        absolute = found;
        stat = statOf(found);
      }
    }
    if (!stat && isDynamicPattern(input)) {
      const matched = expandGlob(input, cwd, accept, gitignore);
      if (matched.length === 0) problems.push({ path: input, message: "no source files match this pattern (and no file has this name)", level: "error" });
      for (const file of matched) files.add(file);
      continue;
    }
    if (!stat) {
      try {
        fs.statSync(toFsPath(absolute));
      } catch (error) {
        problems.push({ path: absolute, message: describeError(error), level: "error" });
      }
      continue;
    }
    if (stat.isDirectory()) walk(absolute, GitignoreRules.floorFor(absolute));
    else files.add(absolute);
  }
  return { files: [...files].sort(), problems };
}

/**
 * The existing path a command-line argument names when parts of it were not UTF-8 (Node decoded
 * those bytes to U+FFFD): each missing part is matched against its folder's entries decoded the
 * same lossy way. Undefined when nothing matches; a problem when several entries match.
 */
function resolveLossyName(absolute: string): string | { problem: string } | undefined {
  const { root } = path.parse(absolute);
  let resolved = root;
  for (const part of absolute.slice(root.length).split(path.sep).filter(Boolean)) {
    const next = path.join(resolved, part);
    if (statOf(next) || !part.includes("\ufffd")) {
      resolved = next;
      continue;
    }
    let names: Buffer[];
    try {
      names = fs.readdirSync(toFsPath(resolved), { encoding: "buffer" });
    } catch {
      return undefined;
    }
    const matching = names.filter((name) => name.toString("utf8") === part);
    if (matching.length === 0) return undefined;
    if (matching.length > 1) return { problem: `the name is not valid UTF-8 and ${matching.length} entries of ${resolved} match it; name the folder instead` };
    resolved = path.join(resolved, nameFromBytes(matching[0]));
  }
  return statOf(resolved) ? resolved : undefined;
}

/**
 * Where a pattern's expansion starts: the longest leading part of it that is an existing folder,
 * taken literally (so `My Project (1)/**\/*.py` looks inside that folder), and the rest as the pattern.
 */
function patternBase(pattern: string, cwd: string): { base: string; rest: string } {
  // On POSIX a backslash escapes a glob character (`\(1\)`): only `/` separates there.
  const parts = pattern.split(path.sep === "\\" ? /[\\/]/ : /\//);
  let base = path.isAbsolute(pattern) ? path.parse(path.resolve(pattern)).root : cwd;
  let used = path.isAbsolute(pattern) ? 1 : 0;
  while (used < parts.length - 1) {
    if (parts[used] === "") {
      used++;
      continue;
    }
    const next = path.join(base, parts[used]);
    if (!statOf(next)?.isDirectory()) break;
    base = next;
    used++;
  }
  return { base, rest: parts.slice(used).join("/") };
}

function expandGlob(input: string, cwd: string, accept: (file: string) => boolean, gitignore: GitignoreRules): string[] {
  const floor = GitignoreRules.floorFor(cwd);
  const { base, rest } = patternBase(input, cwd);
  const matches = globSync(rest, {
    cwd: base,
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
        if (!fs.lstatSync(file).isFile()) return false;
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
