import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { Edit, type Point, type Tree } from "web-tree-sitter";
import { IncrementalPythonAnalysis } from "../python/incrementalAnalysis";
import { parsePython } from "../python/parser";

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
      const text = this.text;
      const incremental = this.tree !== undefined && !this.parseFromScratch;
      const started = performance.now();
      const next = parsePython(text, incremental ? this.tree : undefined);
      const elapsed = performance.now() - started;
      this.tree?.delete();
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
