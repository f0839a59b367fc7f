import type { Tree } from "web-tree-sitter";
import { t } from "../engine/l10n";

/**
 * How deep a syntax tree may be before the module is not analyzed. CPython itself refuses code
 * nested this deep ("maximum recursion depth exceeded during compilation" near 3,000 levels of
 * `a + a + …`; 200 nested brackets), and the rules ask for parents, which tree-sitter finds by
 * walking down from the root: on deeper trees that cost grows with the square of the depth.
 */
export const MAX_PYTHON_TREE_DEPTH = 3000;

/**
 * How many children one unparsable region may have. tree-sitter gives a long run of junk (a
 * megabyte of "(") one flat ERROR node, and its queries take time growing with the square of
 * that node's children: 16,000 cost 0.4 s, 48,000 cost 6 s. No file a person edits has this.
 */
export const MAX_ERROR_NODE_CHILDREN = 10_000;

/** Why a tree is not analyzed (too deep, or one unparsable region too wide), as the notice to show; undefined when it is fine. */
export function unanalyzableTree(tree: Tree): string | undefined {
  const shape = treeShape(tree, MAX_PYTHON_TREE_DEPTH, MAX_ERROR_NODE_CHILDREN);
  if (shape === "deep") {
    return t("not analyzed: the code is nested more than {0} levels deep, deeper than Python itself compiles.", MAX_PYTHON_TREE_DEPTH.toLocaleString("en-US"));
  }
  if (shape === "wide-error") {
    return t("not analyzed: one region that does not parse holds more than {0} tokens.", MAX_ERROR_NODE_CHILDREN.toLocaleString("en-US"));
  }
  return undefined;
}

/**
 * "deep" when some node lies deeper than `limit` below the root, "wide-error" when an ERROR node
 * has more than `maxErrorChildren` children. Only subtrees holding enough nodes to matter are
 * entered, and sizes are read from the cursor's preorder indices (no node objects), so an
 * ordinary module costs one pass over the root's children.
 */
export function treeShape(tree: Tree, limit = MAX_PYTHON_TREE_DEPTH, maxErrorChildren = MAX_ERROR_NODE_CHILDREN): "deep" | "wide-error" | undefined {
  const cursor = tree.walk();
  try {
    // Subtrees by preorder index and size (a node counts itself), as `descendantCount` does.
    const stack = [{ index: 0, depth: 0, size: tree.rootNode.descendantCount }];
    while (stack.length > 0) {
      const { index, depth, size } = stack.pop()!;
      if (depth > limit) return "deep";
      cursor.gotoDescendant(index);
      const isError = cursor.nodeType === "ERROR";
      if (!cursor.gotoFirstChild()) continue;
      let children = 1;
      let childIndex = cursor.currentDescendantIndex;
      for (;;) {
        const hasNext = cursor.gotoNextSibling();
        const nextIndex = hasNext ? cursor.currentDescendantIndex : index + size;
        const childSize = nextIndex - childIndex;
        // A subtree of n nodes reaches at most n - 1 levels below its top; a wide one needs that many nodes.
        if (depth + childSize > limit || childSize > maxErrorChildren) stack.push({ index: childIndex, depth: depth + 1, size: childSize });
        if (!hasNext) break;
        children++;
        childIndex = nextIndex;
      }
      if (isError && children > maxErrorChildren) return "wide-error";
    }
    return undefined;
  } finally {
    cursor.delete();
  }
}
