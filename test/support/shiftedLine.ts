import type { Position, TextEdit } from "../../server/src/engine/types";

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/**
 * Where a position of the original text is once the edits are applied: a fix that removes an
 * import line (or adds one) moves every later finding. Undefined when an edit covers the position
 * (the text there was rewritten). Columns are kept unless an edit ends on the same line before it.
 */
export function shiftedPosition(position: Position, edits: readonly TextEdit[]): Position | undefined {
  let lineDelta = 0;
  let column = position.character;
  for (const edit of edits) {
    const { start, end } = edit.range;
    const inserted = edit.newText.split(/\r\n|\r|\n/);
    if (before(end, position)) {
      lineDelta += inserted.length - 1 - (end.line - start.line);
      if (end.line === position.line) {
        const lastLength = inserted[inserted.length - 1].length;
        column += (inserted.length === 1 ? start.character + lastLength : lastLength) - end.character;
      }
    } else if (before(start, position) && !(start.line === position.line && start.character === position.character)) {
      return undefined;
    }
  }
  return { line: position.line + lineDelta, character: column };
}
