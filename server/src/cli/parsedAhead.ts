import * as path from "node:path";
import type { Tree } from "web-tree-sitter";
import { buildModuleModel, type ModuleModel } from "../python/moduleModel";
import { parsePython } from "../python/parser";
import { claimFile, type SharedRun } from "./workQueue";

/** Trees kept for files not yet checked, at most: each costs about 20 times its source in memory. */
const MAX_KEPT = 64;

/**
 * Trees parsed for files of the run before their turn. When a file imports a module of the run,
 * the workspace index parses that module to summarize it; when the module is in this thread's
 * batch, or no thread has taken it yet (this thread then claims it and checks it with the
 * batch), the tree is kept and the module's own check starts from it: each file is parsed once.
 * One per thread (module state): worker threads have their own.
 */
class ParsedAhead {
  private run: SharedRun | undefined;
  private indexOf = new Map<string, number>();
  private upcoming = new Set<string>();
  private claimed: string[] = [];
  private readonly trees = new Map<string, { text: string; tree: Tree; model: ModuleModel }>();

  /** The files of the run, shared by all its threads. */
  setRun(run: SharedRun): void {
    this.run = run;
    this.indexOf = new Map(run.files.map((file, index) => [path.resolve(file), index]));
  }

  /** A new batch; whatever is left of the last one is dropped. */
  startBatch(files: readonly string[]): void {
    this.clear();
    this.upcoming = new Set(files.map((file) => path.resolve(file)));
  }

  /** The file was checked: a later import of it finds its remembered summary instead. */
  finished(file: string): void {
    this.upcoming.delete(path.resolve(file));
  }

  /** Files this thread claimed since the last call: they are checked with the current batch. */
  takeClaimed(): string[] {
    const claimed = this.claimed;
    this.claimed = [];
    return claimed;
  }

  /** How the workspace index parses a module it summarizes (`file` is absolute). */
  readonly parse = (file: string, text: string): { tree: Tree; kept: boolean; model?: ModuleModel } => {
    const tree = parsePython(text);
    if (this.trees.has(file) || this.trees.size >= MAX_KEPT) return { tree, kept: false };
    if (!this.upcoming.has(file)) {
      const index = this.indexOf.get(file);
      if (index === undefined || !this.run || !claimFile(this.run, index)) return { tree, kept: false };
      this.upcoming.add(file);
      this.claimed.push(this.run.files[index]);
    }
    // The model the check needs anyway, built now: the index summarizes the module from it.
    const model = buildModuleModel(tree, text);
    this.trees.set(file, { text, tree, model });
    return { tree, kept: true, model };
  };

  /** The tree (and model) parsed ahead for exactly this text of the file, if any: the caller owns (and deletes) the tree. */
  take(file: string, text: string): { tree: Tree; model: ModuleModel } | undefined {
    const key = path.resolve(file);
    const entry = this.trees.get(key);
    if (!entry) return undefined;
    this.trees.delete(key);
    // The index reads the disk as UTF-8; a file in another encoding or with a BOM reads differently here.
    if (entry.text === text) return entry;
    entry.tree.delete();
    return undefined;
  }

  clear(): void {
    for (const { tree } of this.trees.values()) tree.delete();
    this.trees.clear();
    this.upcoming.clear();
  }
}

export const parsedAhead = new ParsedAhead();
