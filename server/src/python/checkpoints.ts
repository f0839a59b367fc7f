import type { Node } from "web-tree-sitter";

/** What a block of a coroutine does that lets other tasks run, or hands control to a caller. */
export interface BlockCheckpoints {
  /** An `await`, `async for`, `async with` or async comprehension: a place where the task may be suspended (and cancelled). */
  awaits: boolean;
  /** A `yield`: the caller of an async generator runs (and awaits) between its items. */
  yields: boolean;
}

/** Definitions whose bodies run later, when called (or, for a class body, cannot await at all). */
const NESTED = new Set(["function_definition", "lambda", "class_definition"]);

function isAsyncStatement(node: Node): boolean {
  return node.firstChild?.type === "async";
}

/**
 * Reads what the code of a block does when it runs. The bodies of nested defs, lambdas and classes
 * are skipped (they run when called, or cannot await); their decorators and parameter defaults run
 * here and are read. One cursor walks the block (walking up by `.parent` is quadratic on deep code).
 */
export function checkpointsIn(node: Node): BlockCheckpoints {
  const found: BlockCheckpoints = { awaits: false, yields: false };
  const cursor = node.walk();
  // The types of the cursor's ancestors, from `node` down.
  const ancestors: string[] = [node.type];
  try {
    if (!cursor.gotoFirstChild()) return found;
    for (;;) {
      const current = cursor.currentNode;
      // The body of a nested definition runs elsewhere.
      const descend = !(cursor.currentFieldName === "body" && NESTED.has(ancestors[ancestors.length - 1]));
      switch (current.type) {
        case "await":
          found.awaits = true;
          break;
        case "for_statement":
        case "with_statement":
          if (isAsyncStatement(current)) found.awaits = true;
          break;
        case "for_in_clause":
          if (current.children.some((child) => child?.type === "async")) found.awaits = true;
          break;
        case "yield":
          found.yields = true;
          break;
      }
      if (found.awaits && found.yields) return found;
      if (descend && cursor.gotoFirstChild()) {
        ancestors.push(current.type);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return found;
        ancestors.pop();
        if (ancestors.length === 0) return found;
      }
    }
  } finally {
    cursor.delete();
  }
}
