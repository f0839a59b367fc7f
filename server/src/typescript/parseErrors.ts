import ts from "typescript";

/**
 * Whether the parser met an error inside `node` (a token missing or unexpected there). A fix that
 * rewrites such code cannot know what it means: the user is mid-edit, so no fix is offered there.
 */
export function containsParseError(node: ts.Node): boolean {
  const visit = (current: ts.Node): boolean => (current.flags & ts.NodeFlags.ThisNodeHasError) !== 0 || (ts.forEachChild(current, visit) ?? false);
  return visit(node);
}
