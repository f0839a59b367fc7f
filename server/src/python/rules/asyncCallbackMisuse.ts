import type { Node } from "web-tree-sitter";
import { asyncCallbackMisuse } from "../../catalogue/AL303-async-callback-misuse";
import { t } from "../../engine/l10n";
import { givesAsyncioAdvice, type EventLoopLibrary } from "../eventLoopLibrary";
import { ASYNCIO_CALLBACK_SLOTS, LOOP_CALLBACK_METHODS, SYNC_CALLBACK_SLOTS, type CallbackSlot } from "../knownApis";
import type { CallSite } from "../moduleModel";
import { calleeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";

/** The argument in a callback slot of a call, if the call has one there. */
function callbackArgument(call: Node, slot: CallbackSlot): Node | undefined {
  const args = call.childForFieldName("arguments");
  if (!args || args.type !== "argument_list") return undefined;
  let position = 0;
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "keyword_argument") {
      if (slot.keyword !== undefined && arg.childForFieldName("name")?.text === slot.keyword) return arg.childForFieldName("value") ?? undefined;
      continue;
    }
    // After `*args` positions are unknown.
    if (arg.type === "list_splat" || arg.type === "dictionary_splat") return undefined;
    if (position === slot.position) return arg;
    position++;
  }
  return undefined;
}

function slotOf(site: CallSite, name: string | undefined, asyncio: boolean): CallbackSlot | undefined {
  const known = name && (asyncio || !ASYNCIO_CALLBACK_SLOTS.has(name)) ? SYNC_CALLBACK_SLOTS.get(name) : undefined;
  if (known || !asyncio) return known;
  // `loop.call_soon(…)` on any receiver, typed or not: only asyncio's event loops have these methods.
  const method = site.callee.type === "attribute" ? site.callee.childForFieldName("attribute")?.text : undefined;
  return method ? LOOP_CALLBACK_METHODS.get(method) : undefined;
}

/** How to run a coroutine function instead, in the library that drives the module. */
function advice(library: EventLoopLibrary, argument: string, callee: string): string {
  switch (library) {
    case "trio":
      return t(
        "`{0}` is a coroutine function, but `{1}` calls it as a plain function: only a coroutine object is made and its body never runs. Start it in a nursery with `start_soon`, or from a thread run it with `trio.from_thread.run`.",
        argument,
        callee,
      );
    case "anyio":
      return t(
        "`{0}` is a coroutine function, but `{1}` calls it as a plain function: only a coroutine object is made and its body never runs. Start it in a task group with `start_soon`, or from a thread run it with `anyio.from_thread.run`.",
        argument,
        callee,
      );
    default:
      return t(
        "`{0}` is a coroutine function, but `{1}` calls it as a plain function: only a coroutine object is made and its body never runs. Schedule it with `asyncio.create_task` on the loop, or run it with `asyncio.run` in a thread.",
        argument,
        callee,
      );
  }
}

/** AL303: a coroutine function handed to an API that calls it as a plain function (a thread, a loop callback, an executor). */
export const asyncCallbackMisuseRule: PythonRule = {
  meta: asyncCallbackMisuse,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    const library = context.model.eventLoop.library;
    const asyncio = givesAsyncioAdvice(context.model.eventLoop);
    for (const site of context.model.calls) {
      const name = context.symbols.callName(site);
      const slot = slotOf(site, name, asyncio);
      if (!slot) continue;
      const argument = callbackArgument(site.node, slot);
      if (!argument || (argument.type !== "identifier" && argument.type !== "attribute")) continue;
      const target = context.symbols.canonical(argument, site.scope, site.ownerClass);
      if (!target || !context.symbols.isCoroutineFunction(target)) continue;
      reports.push({
        node: argument,
        message: advice(library, argument.text, calleeLabel(site)),
        fixes: [],
      });
    }
    return reports;
  },
};
