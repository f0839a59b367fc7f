import type { Node } from "web-tree-sitter";
import { busyWait } from "../../catalogue/AL203-busy-wait";
import { t } from "../../engine/l10n";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";

/** Sleeps that only wait for time to pass. */
const SLEEPS = new Set(["asyncio.sleep", "trio.sleep", "trio.sleep_until", "anyio.sleep", "anyio.sleep_until", "trio.lowlevel.checkpoint"]);

/** Methods that read in-process state another task changes, each with an awaitable way to wait for it (`event.wait()`, `await task`, `queue.get()`). */
const STATE_PREDICATES = new Set(["is_set", "done", "cancelled", "locked", "empty", "full", "qsize"]);

/** Literal nodes: they read no state. */
const LITERALS = new Set(["true", "false", "none", "integer", "float", "string", "concatenated_string", "ellipsis"]);

/**
 * Whether a loop condition reads only in-process state: names, attributes, subscripts, comparisons
 * and `not`/`and`/`or` of them, `len(…)`, and the predicates above. A call to anything else may ask
 * the outside world (a file appearing, a device coming up, the clock), which no event can signal;
 * an `await` fetches it. Returns whether it reads any state at all (`while True` reads none).
 */
function readsOnlyState(node: Node): { ok: boolean; state: boolean } {
  switch (node.type) {
    case "identifier":
      return { ok: true, state: true };
    case "attribute": {
      const object = node.childForFieldName("object");
      return object ? readsOnlyState(object) : { ok: false, state: false };
    }
    case "subscript": {
      const value = node.childForFieldName("value");
      const index = node.childForFieldName("subscript");
      if (!value || !index) return { ok: false, state: false };
      const a = readsOnlyState(value);
      const b = readsOnlyState(index);
      return { ok: a.ok && b.ok, state: a.state || b.state };
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const args = node.childForFieldName("arguments");
      const argList = args?.type === "argument_list" ? args.namedChildren.filter((a): a is Node => a !== null) : [];
      if (callee?.type === "identifier" && callee.text === "len" && argList.length === 1) return readsOnlyState(argList[0]);
      if (callee?.type === "attribute" && STATE_PREDICATES.has(callee.childForFieldName("attribute")?.text ?? "") && argList.length === 0) {
        const object = callee.childForFieldName("object");
        return object ? readsOnlyState(object) : { ok: false, state: false };
      }
      return { ok: false, state: false };
    }
    case "not_operator":
    case "boolean_operator":
    case "comparison_operator":
    case "parenthesized_expression":
    case "unary_operator": {
      let state = false;
      for (const child of node.namedChildren) {
        if (!child) continue;
        const inner = readsOnlyState(child);
        if (!inner.ok) return inner;
        state ||= inner.state;
      }
      return { ok: true, state };
    }
    default:
      return { ok: LITERALS.has(node.type), state: false };
  }
}

/** The `while` loop whose whole body is this one `await sleep(…)` statement, with no `else`. */
function loopAround(awaitNode: Node): Node | undefined {
  const statement = awaitNode.parent;
  if (statement?.type !== "expression_statement" || statement.namedChildCount !== 1) return undefined;
  const body = statement.parent;
  if (body?.type !== "block" || body.namedChildren.filter((c) => c?.type !== "comment").length !== 1) return undefined;
  const loop = body.parent;
  if (loop?.type !== "while_statement" || loop.childForFieldName("body")?.id !== body.id || loop.childForFieldName("alternative")) return undefined;
  return loop;
}

/** AL203: `while <state>: await asyncio.sleep(…)`, polling what another task sets. */
export const busyWaitRule: PythonRule = {
  meta: busyWait,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    for (const site of context.model.calls) {
      if (!site.scope.isAsync || site.node.parent?.type !== "await") continue;
      const name = context.symbols.callName(site);
      if (!name || !SLEEPS.has(name)) continue;
      const loop = loopAround(site.node.parent);
      const condition = loop?.childForFieldName("condition");
      if (!loop || !condition) continue;
      const reads = readsOnlyState(condition);
      if (!reads.ok || !reads.state) continue;
      const library = name.split(".")[0];
      const text = condition.text.replace(/\s+/g, " ");
      reports.push({
        node: loop,
        message: t(
          "This loop polls `{0}`, sleeping between checks: the task keeps waking up until another task changes it, and notices the change late. Wait on an `{1}.Event` (or `Condition`) that the other side sets, or await the task or future itself.",
          text.length > 60 ? text.slice(0, 57) + "…" : text,
          library === "trio" || library === "anyio" ? library : "asyncio",
        ),
        fixes: [],
      });
    }
    return reports;
  },
};
