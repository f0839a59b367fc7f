import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { Edit, type Point, type Tree } from "web-tree-sitter";
import { parsePython } from "../python/parser";

/**
 * An open document with its tree-sitter tree. Edits are applied to the tree as they arrive and
 * the parse happens lazily, incrementally, when an analysis needs the tree: a burst of
 * keystrokes costs one re-parse.
 */
export class OpenDocument {
  private tree: Tree | undefined;
  private treeIsStale = true;

  constructor(public document: TextDocument) {}

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ("range" in change && this.tree) {
        const startIndex = this.document.offsetAt(change.range.start);
        const oldEndIndex = this.document.offsetAt(change.range.end);
        // Positions as the document resolves them (clamped), so the tree agrees with the text.
        const start = this.document.positionAt(startIndex);
        const oldEnd = this.document.positionAt(oldEndIndex);
        const edit = new Edit({
          startIndex,
          oldEndIndex,
          newEndIndex: startIndex + change.text.length,
          startPosition: { row: start.line, column: start.character },
          oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
          newEndPosition: endPoint(start.line, start.character, change.text),
        });
        this.tree.edit(edit);
      } else if (this.tree) {
        this.tree.delete();
        this.tree = undefined;
      }
      this.document = TextDocument.update(this.document, [change], version);
    }
    this.treeIsStale = true;
  }

  /** The tree for the current text, re-parsed incrementally when edits arrived since. */
  pythonTree(): Tree {
    if (!this.tree || this.treeIsStale) {
      const next = parsePython(this.text, this.tree);
      this.tree?.delete();
      this.tree = next;
      this.treeIsStale = false;
    }
    return this.tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

function endPoint(row: number, column: number, inserted: string): Point {
  let lastBreak = -1;
  let lines = 0;
  for (let i = 0; i < inserted.length; i++) {
    const ch = inserted.charCodeAt(i);
    if (ch === 10 || (ch === 13 && inserted.charCodeAt(i + 1) !== 10)) {
      lines++;
      lastBreak = i;
    }
  }
  if (lines === 0) return { row, column: column + inserted.length };
  return { row: row + lines, column: inserted.length - lastBreak - 1 };
}
