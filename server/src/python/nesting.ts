import type { Tree } from "web-tree-sitter";

/**
 * How deep a syntax tree may be before the module is not analyzed. CPython itself refuses code
 * nested this deep ("maximum recursion depth exceeded during compilation" near 3,000 levels of
 * `a + a + …`; 200 nested brackets), and the rules ask for parents, which tree-sitter finds by
 * walking down from the root: on deeper trees that cost grows with the square of the depth.
 */
export const MAX_PYTHON_TREE_DEPTH = 3000;

/**
 * True when some node lies deeper than `limit` below the root. Only subtrees holding enough nodes
 * to reach that depth are entered, and sizes are read from the cursor's preorder indices (no node
 * objects), so an ordinary module costs one pass over the root's children.
 */
export function treeDeeperThan(tree: Tree, limit = MAX_PYTHON_TREE_DEPTH): boolean {
  const cursor = tree.walk();
  try {
    // Subtrees by preorder index and size (a node counts itself), as `descendantCount` does.
    const stack = [{ index: 0, depth: 0, size: tree.rootNode.descendantCount }];
    while (stack.length > 0) {
      const { index, depth, size } = stack.pop()!;
      if (depth > limit) return true;
      cursor.gotoDescendant(index);
      if (!cursor.gotoFirstChild()) continue;
      let childIndex = cursor.currentDescendantIndex;
      for (;;) {
        const hasNext = cursor.gotoNextSibling();
        const nextIndex = hasNext ? cursor.currentDescendantIndex : index + size;
        const childSize = nextIndex - childIndex;
        // A subtree of n nodes reaches at most n - 1 levels below its top.
        if (depth + childSize > limit) stack.push({ index: childIndex, depth: depth + 1, size: childSize });
        if (!hasNext) break;
        childIndex = nextIndex;
      }
    }
    return false;
  } finally {
    cursor.delete();
  }
}
