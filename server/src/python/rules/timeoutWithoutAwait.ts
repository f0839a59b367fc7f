import type { Node } from "web-tree-sitter";
import { timeoutWithoutAwait } from "../../catalogue/AL204-timeout-without-await";
import { checkpointsIn } from "../checkpoints";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/**
 * Context managers that cancel the code in their block after a deadline. They can only interrupt
 * a task where it is suspended: at an `await` (trio and anyio say checkpoint).
 */
const TIMEOUTS = new Set([
  "asyncio.timeout",
  "asyncio.timeout_at",
  "async_timeout.timeout",
  "async_timeout.timeout_at",
  "trio.fail_after",
  "trio.fail_at",
  "trio.move_on_after",
  "trio.move_on_at",
  "trio.CancelScope",
  "anyio.fail_after",
  "anyio.move_on_after",
  "anyio.CancelScope",
]);

/** The `with` statement whose item is this call (`with timeout(1):`, `with timeout(1) as scope:`), and the item. */
function withItemOf(call: Node): { statement: Node; item: Node } | undefined {
  let value: Node = call;
  if (call.parent?.type === "as_pattern" && call.parent.namedChildren[0]?.id === call.id) value = call.parent;
  const item = value.parent;
  if (item?.type !== "with_item" || item.childForFieldName("value")?.id !== value.id) return undefined;
  const statement = item.parent?.parent;
  return statement?.type === "with_statement" ? { statement, item } : undefined;
}

/** AL204: a timeout or cancel scope around code that never awaits, so it can never fire. */
export const timeoutWithoutAwaitRule: PythonRule = {
  meta: timeoutWithoutAwait,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const site of context.model.calls) {
      const name = context.symbols.callName(site);
      if (!name || !TIMEOUTS.has(name)) continue;
      const found = withItemOf(site.node);
      if (!found) continue;
      const { statement, item } = found;
      // In `async with timeout(1), other():` entering and leaving `other()` are awaits inside the timeout.
      const items = statement.namedChildren.find((c) => c?.type === "with_clause")?.namedChildren.filter((c): c is Node => c?.type === "with_item") ?? [];
      const isAsync = statement.firstChild?.type === "async";
      if (isAsync && items.findIndex((i) => i.id === item.id) < items.length - 1) continue;
      const body = statement.childForFieldName("body");
      if (!body) continue;
      const inside = checkpointsIn(body);
      // A `yield` hands control to the caller, whose awaits then run inside the scope (an async context manager, a generator).
      if (inside.awaits || inside.yields) continue;
      const library = name.split(".")[0];
      reports.push({
        node: site.node,
        message:
          library === "trio" || library === "anyio"
            ? t("`{0}(…)` can never cancel anything: nothing in its block awaits, and a cancel scope acts only at a checkpoint (an `await`). Put the awaits it should limit inside the block, or remove it.", site.callee.text)
            : t("`{0}(…)` can never fire: nothing in its block awaits, and a timeout interrupts a task only at an `await`. Put the awaits it should limit inside the block, or remove it.", site.callee.text),
        fixes: [],
      });
    }
    return reports;
  },
};
