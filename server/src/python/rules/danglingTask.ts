import type { Node } from "web-tree-sitter";
import { danglingTask } from "../../catalogue/AL302-dangling-task";
import { givesAsyncioAdvice } from "../eventLoopLibrary";
import { COROUTINE_METHODS, TASK_SPAWNERS } from "../knownApis";
import type { CallSite, Scope } from "../moduleModel";
import { calleeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { keepTaskFix } from "./keepTaskFix";
import { taskUse } from "./taskReference";
import { t } from "../../engine/l10n";

/** A receiver named as an event loop is: `loop`, `_loop`, `event_loop`, `self.loop`, `bot.loop`, `self._event_loop`. */
const LOOP_NAME = /^_*(event_?)?loop$/i;

/** True when a plain name is bound in the scope or one around it (a parameter, a local, a module variable): a free name is no evidence. */
function boundAround(name: string, scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.kind === "class" && s !== scope) continue;
    if (s.bound.has(name) || s.types.has(name)) return true;
  }
  return false;
}

/**
 * `loop.create_task(coro)` on a loop whose type the module does not show (a parameter, `self.loop`,
 * `self.client.loop`): named as a loop, with a task to make, and not of a type known to be
 * something else. A task group's `create_task` keeps its tasks, so a name alone says nothing
 * unless it names a loop.
 */
function inferredLoopSpawn(context: PythonRuleContext, site: CallSite, name: string | undefined): Node | undefined {
  const callee = site.callee;
  if (callee.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "create_task") return undefined;
  const receiver = callee.childForFieldName("object");
  if (!receiver) return undefined;
  const args = site.node.childForFieldName("arguments");
  const first = args?.type === "argument_list" ? args.namedChildren.find((a) => a?.type !== "comment") : undefined;
  if (!first || first.type === "keyword_argument" || first.type === "list_splat") return undefined;
  if (receiver.type === "identifier") {
    if (!LOOP_NAME.test(receiver.text) || !boundAround(receiver.text, site.scope)) return undefined;
    // A local of a known type other than a loop (a TaskGroup from `async with … as loop`) is what its type says.
    const type = context.symbols.variableType(receiver.text, site.scope);
    if (typeof type === "string") return undefined;
    return receiver;
  }
  if (receiver.type === "attribute") {
    if (!LOOP_NAME.test(receiver.childForFieldName("attribute")?.text ?? "")) return undefined;
    // `self.loop` of a type the module knows (set from a constructor or an annotation) is what that type says.
    const receiverName = name?.slice(0, name.length - ".create_task".length);
    if (receiverName !== undefined && (COROUTINE_METHODS.has(receiverName) || context.symbols.typeMadeBy(receiverName) === receiverName)) return undefined;
    return receiver;
  }
  return undefined;
}

/** The function whose body holds a statement (the scope's node when it is one). */
function functionOf(scope: Scope): Node | undefined {
  return scope.kind === "function" ? scope.node : undefined;
}

/** AL302: a task whose only reference is dropped. */
export const danglingTaskRule: PythonRule = {
  meta: danglingTask,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    // Tasks and their weak references are asyncio's; trio and anyio start work in nurseries and task groups.
    if (!givesAsyncioAdvice(context.model.eventLoop)) return reports;
    for (const site of context.model.calls) {
      const name = context.symbols.callName(site);
      const proven = name !== undefined && TASK_SPAWNERS.has(name);
      const inferred = proven ? undefined : inferredLoopSpawn(context, site, name);
      if (!proven && !inferred) continue;
      const use = taskUse(site);
      if (use.kind === "used") continue;
      const label = calleeLabel(site);
      if (use.kind === "never-iterated") {
        reports.push({
          node: site.node,
          message: t("This generator expression is never iterated, so `{0}(…)` never runs and no task is made. Build a list of the tasks and await them, or use `asyncio.TaskGroup`.", label),
          fixes: [],
        });
        continue;
      }
      if (use.kind === "discarded-collection") {
        reports.push({
          node: site.node,
          message: t(
            "The tasks from `{0}(…)` are collected and the collection is thrown away: the event loop holds tasks weakly, so they can be garbage-collected mid-flight and their exceptions are lost. Keep the collection and await it (`asyncio.gather(*tasks)`), or use `asyncio.TaskGroup`.",
            label,
          ),
          fixes: [],
        });
        continue;
      }
      const fixes = [];
      const functionNode = functionOf(site.scope);
      if (use.statement && functionNode && (use.kind === "dropped" || use.name)) {
        const receiver = inferred?.text;
        const fix = keepTaskFix(context, {
          statement: use.statement,
          name: use.kind === "unused-name" ? use.name : undefined,
          functionNode,
          // Keeping a reference changes nothing but the task's lifetime, when the call surely gives an asyncio task.
          safe: proven,
          title: (set) =>
            receiver === undefined
              ? t("Keep the task in the module's set `{0}` until it finishes", set)
              : t("Keep the task in the module's set `{0}` until it finishes (assumes `{1}` is an asyncio event loop)", set, receiver),
        });
        if (fix) fixes.push(fix);
      }
      reports.push({
        node: site.node,
        message: t(
          "The task from `{0}(…)` is not kept: the event loop holds tasks weakly, so it can be garbage-collected mid-flight and its exception is lost. Keep a reference (a set of tasks, or `asyncio.TaskGroup`) and await it.",
          label,
        ),
        fixes,
      });
    }
    return reports;
  },
};
