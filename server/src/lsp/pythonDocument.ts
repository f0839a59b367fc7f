import { createHash } from "node:crypto";
import { TextDocument, type Position, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import type { Edit, Point, Tree } from "web-tree-sitter";
import { IncrementalPythonAnalysis } from "../python/incrementalAnalysis";
import { isLiveTree, parsePython, releaseTree, treeEdit } from "../python/parser";

/** Revisions are unique in the process: a document reopened with the same version number still gets new ones. */
let lastRevision = 0;

/** A short hash of a text: what a diagnostic's fixes were computed for travels with it through the client. */
export function contentKeyOf(text: string): string {
  return createHash("sha1").update(text).digest("base64url");
}

/**
 * An open document with its tree-sitter tree. Edits are applied to the tree as they arrive and
 * the parse happens lazily, incrementally, when an analysis needs the tree: a burst of
 * keystrokes costs one re-parse.
 */
export class OpenDocument {
  private tree: Tree | undefined;
  private treeIsStale = true;
  /** Whether the next parse starts from scratch: re-using a tree full of errors can cost more than a fresh parse. */
  private parseFromScratch = false;
  /** The last fresh parse's time per character, to judge incremental parses by. */
  private freshParseMsPerChar: number | undefined;
  /** Findings per top-level statement, re-computed only where edits landed. */
  readonly analysis = new IncrementalPythonAnalysis();
  /**
   * Which text this is, bumped by every change applied. The client's version number cannot say:
   * a client may repeat it (or go back) for a different text, and results cached by it went stale.
   */
  revision = ++lastRevision;
  private hashed: { revision: number; key: string } | undefined;

  constructor(public document: TextDocument) {}

  /** The text's hash, computed once per revision. */
  get contentKey(): string {
    if (this.hashed?.revision !== this.revision) this.hashed = { revision: this.revision, key: contentKeyOf(this.text) };
    return this.hashed.key;
  }

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  /**
   * Why the text is no longer the client's, when a change could not be applied; undefined while in
   * sync. Out of sync, the document is not analyzed (a finding or fix for a text the client does
   * not have would mislead, and applied, corrupt) until a change brings the whole text again.
   */
  outOfSync: string | undefined;

  /**
   * Applies one didChange notification whole or not at all. Every change is checked first; when one
   * is malformed none is applied and the document is out of sync from then on, since the client
   * applied its edits (LSP has no way to ask it for the text). Returns why, or undefined when applied.
   * Out of sync, a notification holding a whole-text change resyncs from the last such change;
   * others are ignored.
   */
  loseSync(reason: string): void {
    this.outOfSync ??= reason;
    this.revision = ++lastRevision;
  }

  applyChanges(changes: unknown, version: number): string | undefined {
    const problem = malformedChanges(changes, version);
    if (problem !== undefined) {
      this.loseSync(problem);
      return problem;
    }
    let valid = changes as readonly TextDocumentContentChangeEvent[];
    if (this.outOfSync !== undefined) {
      let lastWhole = valid.length - 1;
      while (lastWhole >= 0 && "range" in valid[lastWhole] && (valid[lastWhole] as { range?: unknown }).range !== undefined) lastWhole--;
      if (lastWhole < 0) return this.outOfSync;
      valid = valid.slice(lastWhole);
      this.outOfSync = undefined;
    }
    // A tree of a retired parser (its wasm aborted) cannot be edited: the next parse starts afresh.
    if (this.tree && !isLiveTree(this.tree)) this.tree = undefined;
    for (const change of valid) {
      if (!this.tree || !("range" in change) || change.range === undefined) {
        releaseTree(this.tree);
        this.tree = undefined;
        this.document = TextDocument.update(this.document, [change], version);
        continue;
      }
      // TextDocument.update changes the document in place: read the old text's positions first.
      const edit = editBefore(this.document, change.range, change.text);
      this.document = TextDocument.update(this.document, [change], version);
      try {
        this.tree.edit(edit.completedBy(this.document));
      } catch {
        // The text is what matters; a tree that could not follow it is parsed afresh.
        releaseTree(this.tree);
        this.tree = undefined;
      }
    }
    this.treeIsStale = true;
    this.revision = ++lastRevision;
    return undefined;
  }

  /** The tree for the current text, re-parsed incrementally when edits arrived since. */
  pythonTree(): Tree {
    if (!this.tree || this.treeIsStale || !isLiveTree(this.tree)) {
      const text = this.text;
      const incremental = this.tree !== undefined && isLiveTree(this.tree) && !this.parseFromScratch;
      const started = performance.now();
      const next = parsePython(text, incremental ? this.tree : undefined);
      const elapsed = performance.now() - started;
      releaseTree(this.tree);
      this.tree = next;
      this.treeIsStale = false;
      if (!incremental) {
        this.freshParseMsPerChar = elapsed / Math.max(1, text.length);
        this.parseFromScratch = false;
      } else if (next.rootNode.hasError && this.freshParseMsPerChar !== undefined) {
        // tree-sitter re-uses no subtree that holds an error: with errors spread over the file an
        // incremental parse re-reads it all and then some. Parse afresh next time when that was slower.
        this.parseFromScratch = elapsed > this.freshParseMsPerChar * text.length;
      }
    }
    return this.tree;
  }

  dispose(): void {
    this.analysis.clear();
    releaseTree(this.tree);
    this.tree = undefined;
  }
}

function isPosition(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { line, character } = value as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && (line as number) >= 0 && Number.isSafeInteger(character) && (character as number) >= 0;
}

/** Why a didChange's changes cannot all be applied (the first malformed one, by position), or undefined when they can. */
export function malformedChanges(changes: unknown, version: unknown): string | undefined {
  if (!Number.isSafeInteger(version)) return `the version ${JSON.stringify(version)} is not an integer`;
  if (!Array.isArray(changes)) return "the changes are not a list";
  for (const [index, change] of changes.entries()) {
    const which = `change ${index + 1} of ${changes.length}`;
    if (typeof change !== "object" || change === null) return `${which} is not an object`;
    const { text, range, rangeLength } = change as { text?: unknown; range?: unknown; rangeLength?: unknown };
    if (typeof text !== "string") return `${which} has no text`;
    if (rangeLength !== undefined && typeof rangeLength !== "number") return `${which} has a malformed rangeLength`;
    if (range === undefined) {
      if (rangeLength !== undefined) return `${which} has a rangeLength but no range`;
      continue;
    }
    const { start, end } = (typeof range === "object" && range !== null ? range : {}) as { start?: unknown; end?: unknown };
    if (!isPosition(start) || !isPosition(end)) return `${which} has a malformed range`;
  }
  return undefined;
}

/**
 * The tree-sitter edit for one change, read from the text before it. Whether a "\r" ends a line
 * depends on the character after it, so an edit next to a "\r" or before a "\n" can change the
 * line structure just outside its range (insert "\n" after a lone "\r": two line breaks become
 * one). The edited span is widened over such neighbours, so that every position outside it keeps
 * its row; the new end is then read from the new text rather than counted from the inserted one.
 */
function editBefore(before: TextDocument, range: { start: Position; end: Position }, inserted: string): { completedBy(after: TextDocument): Edit } {
  const oldText = before.getText();
  let startIndex = before.offsetAt(range.start);
  let oldEndIndex = before.offsetAt(range.end);
  let newLength = inserted.length;
  if (startIndex > 0 && oldText.charCodeAt(startIndex - 1) === 13 /* \r */) {
    startIndex--;
    newLength++;
  }
  if (oldEndIndex < oldText.length && oldText.charCodeAt(oldEndIndex) === 10 /* \n */) {
    oldEndIndex++;
    newLength++;
  }
  const startPosition = point(before, startIndex);
  const oldEndPosition = point(before, oldEndIndex);
  return {
    completedBy: (after) =>
      treeEdit({ startIndex, oldEndIndex, newEndIndex: startIndex + newLength, startPosition, oldEndPosition, newEndPosition: point(after, startIndex + newLength) }),
  };
}

function point(document: TextDocument, offset: number): Point {
  const position = document.positionAt(offset);
  return { row: position.line, column: position.character };
}
