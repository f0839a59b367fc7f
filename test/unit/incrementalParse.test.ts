import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { initEngine } from "../../server/src/engine/analyze";
import { OpenDocument } from "../../server/src/lsp/pythonDocument";
import { parsePython } from "../../server/src/python/parser";
import type { Node } from "web-tree-sitter";

const BASE = `import asyncio\nimport time\n\nasync def main(hosts):\n    for host in hosts:\n        await asyncio.sleep(0)\n    return "café ☕ 😀"\n`;

/** A tree with every node's position: two trees can have the same shape and still disagree on rows. */
function dump(node: Node, out: string[] = []): string[] {
  out.push(`${node.type}@${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}/${node.startIndex}-${node.endIndex}`);
  for (const child of node.children) if (child) dump(child, out);
  return out;
}

/** A tiny deterministic generator so failures can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe("incremental re-parsing of an open document", () => {
  before(initEngine);

  it("gives the same tree, positions included, as a fresh parse after many random edits (CRLF, lone CR, emoji, multi-line)", () => {
    const next = random(7);
    const pieces = ["x", "\n", "\r\n", "\r", "    ", "time.sleep(1)", "😀", "(", ")", ":", "async def f():\n    pass\n", ""];
    let document = new OpenDocument(TextDocument.create("file:///t.py", "python", 1, BASE));
    document.pythonTree();
    for (let version = 2; version < 400; version++) {
      const text = document.text;
      const a = Math.floor(next() * (text.length + 1));
      const b = Math.min(text.length, a + Math.floor(next() * 6));
      const start = document.document.positionAt(a);
      const end = document.document.positionAt(b);
      document.applyChanges([{ range: { start, end }, text: pieces[Math.floor(next() * pieces.length)] }], version);
      if (version % 7 === 0) {
        const incremental = dump(document.pythonTree().rootNode);
        const fresh = parsePython(document.text);
        try {
          assert.deepEqual(incremental, dump(fresh.rootNode), `trees differ at version ${version}`);
        } finally {
          fresh.delete();
        }
      }
    }
    document.dispose();
  });

  it("gives the same tree as a fresh parse after an edit right after a lone CR, one that makes it a CRLF pair included", () => {
    // A lone CR ends a line as a CRLF does; an edit just after it can join the two into one break,
    // or start a new line, so the rows below move: the edit must take the CR in.
    const mixed = "import time\r\rasync def main(hosts):\r    for host in hosts: (\r        time.sleep(1))\r\n    return hosts\n";
    const edits: [offset: number, length: number, inserted: string][] = [];
    [...mixed].forEach((c, i) => {
      if (c !== "\r" || mixed[i + 1] === "\n") return;
      for (const length of [0, 1, 2]) for (const inserted of ["\n", "\r\n", "\n\r", "x\n", ""]) edits.push([i + 1, length, inserted]);
    });
    assert.ok(edits.length > 40);
    for (const [offset, length, inserted] of edits) {
      const document = new OpenDocument(TextDocument.create("file:///t.py", "python", 1, mixed));
      document.pythonTree();
      const start = document.document.positionAt(offset);
      const end = document.document.positionAt(offset + length);
      document.applyChanges([{ range: { start, end }, text: inserted }], 2);
      const fresh = parsePython(document.text);
      try {
        assert.deepEqual(dump(document.pythonTree().rootNode), dump(fresh.rootNode), `replacing ${length} characters at ${offset} with ${JSON.stringify(inserted)}`);
      } finally {
        fresh.delete();
        document.dispose();
      }
    }
  });

  it("takes full-text replacements", () => {
    const document = new OpenDocument(TextDocument.create("file:///t.py", "python", 1, BASE));
    document.pythonTree();
    document.applyChanges([{ text: "x = 1\n" }], 2);
    assert.equal(document.pythonTree().rootNode.toString(), "(module (expression_statement (assignment left: (identifier) right: (integer))))");
    document.dispose();
  });
});
