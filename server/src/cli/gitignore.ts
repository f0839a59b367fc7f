import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import { toFsPath } from "../engine/rawFileNames";
import { readRegularFile } from "../engine/readBounded";

/** Far beyond any real ignore file; a bigger one (or a FIFO, a device) is not read. */
export const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

interface Level {
  dir: string;
  rules: Ignore;
}

/**
 * Answers "does git ignore this path?" from the `.gitignore` files of the tree (and the
 * repository's `.git/info/exclude`), as git reads them: each file's patterns are relative to
 * its folder, and a deeper file overrides a shallower one (`!keep.py` re-includes).
 * Files are read once per folder, bounded (see readBounded.ts): an ignore file that is not a
 * regular file, or too large, is not applied, and `onProblem` hears of it once.
 */
export class GitignoreRules {
  constructor(private readonly onProblem: (file: string, message: string) => void = () => undefined) {}

  private readonly own = new Map<string, Ignore | undefined>();
  private readonly levels = new Map<string, Level[]>();

  /**
   * Where the ignore files that apply to a walk from `dir` start: the repository's root when
   * `dir` is inside one (a `.gitignore` at the root applies to every folder below), else `dir`
   * itself, so a stray ignore file above an unversioned tree changes nothing.
   */
  static floorFor(dir: string): string {
    for (let current = dir; ; current = path.dirname(current)) {
      if (fs.existsSync(toFsPath(path.join(current, ".git")))) return current;
      if (path.dirname(current) === current) return dir;
    }
  }

  /** True when the path (a folder if `isDirectory`) is excluded by the ignore files between `floor` and it. */
  ignores(file: string, isDirectory: boolean, floor: string): boolean {
    const levels = this.levelsFor(path.dirname(file), floor);
    // The deepest file that has a say decides.
    for (let i = levels.length - 1; i >= 0; i--) {
      const relative = path.relative(levels[i].dir, file).split(path.sep).join("/");
      const verdict = levels[i].rules.test(isDirectory ? `${relative}/` : relative);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  private levelsFor(dir: string, floor: string): Level[] {
    const key = `${floor}\0${dir}`;
    const cached = this.levels.get(key);
    if (cached) return cached;
    const relative = path.relative(floor, dir);
    let levels: Level[];
    if (relative.startsWith("..") || path.isAbsolute(relative)) levels = [];
    else {
      const parent = relative === "" ? [] : this.levelsFor(path.dirname(dir), floor);
      const rules = this.rulesOf(dir, relative === "");
      levels = rules ? [...parent, { dir, rules }] : parent;
    }
    this.levels.set(key, levels);
    return levels;
  }

  private rulesOf(dir: string, isFloor: boolean): Ignore | undefined {
    const key = `${dir}\0${isFloor}`;
    if (this.own.has(key)) return this.own.get(key);
    const patterns: string[] = [];
    for (const file of isFloor ? [path.join(dir, ".git", "info", "exclude"), path.join(dir, ".gitignore")] : [path.join(dir, ".gitignore")]) {
      const read = readRegularFile(file, MAX_IGNORE_FILE_BYTES);
      if (read.ok) patterns.push(read.bytes.toString("utf8"));
      // No ignore file here, or one git could not read either: nothing to apply, in silence as git does.
      else if (read.problem === "special" || read.problem === "too-large") this.onProblem(file, `not applied: ${read.message}`);
    }
    // One add() per file: `ignore` splits a string into lines, but takes each string of an array as one pattern.
    const rules = patterns.length > 0 ? patterns.reduce((all, text) => all.add(text), ignore()) : undefined;
    this.own.set(key, rules);
    return rules;
  }
}
