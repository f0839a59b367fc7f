import { LineIndex } from "../engine/lineIndex";
import type { Fix, Range } from "../engine/types";
import { gatherRewriteForStatements, statementsInSelection } from "./concurrentAwaits";
import { IndependenceFacts } from "./independence";
import { givesAsyncioAdvice } from "./eventLoopLibrary";
import { buildModuleModel } from "./moduleModel";
import { parsePython } from "./parser";
import { SymbolResolver } from "./symbols";
import { trimmedSelection } from "../engine/selection";

export interface SelectionOptions {
  filePath?: string;
  notebook?: boolean;
}

/**
 * The "Run these awaits concurrently" refactor for a selection: offered when the selection
 * touches two or more consecutive await statements of one coroutine that are independent by
 * AL201's rules (even where AL201 stays quiet because it is turned off). Undefined otherwise.
 * The parser must be loaded (`initEngine`).
 */
export function concurrentRewriteForSelection(text: string, selection: Range, options: SelectionOptions = {}): Fix | undefined {
  const lines = new LineIndex(text);
  const selected = trimmedSelection(lines, selection);
  if (!selected) return undefined;
  const { start, end } = selected;
  const tree = parsePython(text);
  try {
    const statements = statementsInSelection(tree.rootNode, start, end);
    if (statements.length < 2) return undefined;
    const model = buildModuleModel(tree, text);
    // The rewrite is `asyncio.gather`, which raises where trio (or anyio's trio backend) runs the code.
    if (!givesAsyncioAdvice(model.eventLoop)) return undefined;
    const facts = new IndependenceFacts(model, new SymbolResolver(model, options.filePath, undefined));
    return gatherRewriteForStatements(statements, facts, lines, options.notebook ?? false);
  } finally {
    tree.delete();
  }
}
