import { LineIndex } from "../engine/lineIndex";
import type { Fix, Range } from "../engine/types";
import { gatherRewriteForStatements, statementsInSelection } from "./concurrentAwaits";
import { IndependenceFacts } from "./independence";
import { givesAsyncioAdvice } from "./eventLoopLibrary";
import { buildModuleModel } from "./moduleModel";
import { exceedsBytes, parsePython } from "./parser";
import { SymbolResolver } from "./symbols";
import { trimmedSelection } from "../engine/selection";
import { defaultSettings } from "../engine/settings";

export interface SelectionOptions {
  filePath?: string;
  notebook?: boolean;
  /** asynclint.maxFileSize: a larger text is never parsed for the refactor (30 MB held the server 24 s; more aborts the parser). */
  maxFileSize?: number;
}

/**
 * The "Run these awaits concurrently" refactor for a selection: offered when the selection
 * touches two or more consecutive await statements of one coroutine that are independent by
 * AL201's rules (even where AL201 stays quiet because it is turned off). Undefined otherwise.
 * The parser must be loaded (`initEngine`).
 */
export function concurrentRewriteForSelection(text: string, selection: Range, options: SelectionOptions = {}): Fix | undefined {
  if (exceedsBytes(text, options.maxFileSize ?? defaultSettings().maxFileSize)) return undefined;
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
