import * as path from "node:path";
import type { Tree } from "web-tree-sitter";
import { parsePython } from "../python/parser";

/**
 * The files this thread checks in its current batch, and trees parsed for them ahead of their
 * turn. When a file imports a module the thread is about to check, the workspace index parses
 * that module to summarize it; the tree is kept and the module's own check starts from it, so
 * each file of a batch is parsed once. One per thread (module state): workers have their own.
 */
class ParsedAhead {
  private upcoming = new Set<string>();
  private readonly trees = new Map<string, { text: string; tree: Tree }>();

  /** A new batch; whatever is left of the last one is dropped. */
  startBatch(files: readonly string[]): void {
    this.clear();
    this.upcoming = new Set(files.map((file) => path.resolve(file)));
  }

  /** The file was checked: a later import of it finds its remembered summary instead. */
  finished(file: string): void {
    this.upcoming.delete(path.resolve(file));
  }

  /** How the workspace index parses a module it summarizes (`file` is absolute). */
  readonly parse = (file: string, text: string): { tree: Tree; kept: boolean } => {
    const tree = parsePython(text);
    if (!this.upcoming.has(file) || this.trees.has(file)) return { tree, kept: false };
    this.trees.set(file, { text, tree });
    return { tree, kept: true };
  };

  /** The tree parsed ahead for exactly this text of the file, if any: the caller owns (and deletes) it. */
  take(file: string, text: string): Tree | undefined {
    const key = path.resolve(file);
    const entry = this.trees.get(key);
    if (!entry) return undefined;
    this.trees.delete(key);
    // The index reads the disk as UTF-8; a file in another encoding or with a BOM reads differently here.
    if (entry.text === text) return entry.tree;
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
