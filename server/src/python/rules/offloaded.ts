import { OFFLOADERS } from "../knownApis";
import type { CallSite, Scope } from "../moduleModel";
import type { PythonRuleContext } from "../pythonRule";

type Span = readonly [start: number, end: number];

/** Per analysis: the argument lists of `to_thread` / `run_in_executor` calls, by the scope that makes the call. */
const offloaderArguments = new WeakMap<PythonRuleContext, Map<Scope, Span[]>>();

function isOffloader(name: string | undefined): boolean {
  return name !== undefined && (OFFLOADERS.has(name) || name.endsWith(".run_in_executor"));
}

function argumentSpans(context: PythonRuleContext): Map<Scope, Span[]> {
  let spans = offloaderArguments.get(context);
  if (!spans) {
    spans = new Map();
    for (const call of context.model.calls) {
      const args = call.node.childForFieldName("arguments");
      if (args?.type !== "argument_list" || !isOffloader(context.symbols.canonical(call.callee, call.scope, call.ownerClass))) continue;
      const list = spans.get(call.scope) ?? [];
      list.push([args.startIndex, args.endIndex]);
      spans.set(call.scope, list);
    }
    offloaderArguments.set(context, spans);
  }
  return spans;
}

/**
 * True when the call sits in the arguments of `asyncio.to_thread` / `run_in_executor`, which run it
 * off the loop. The offloading call must be made by the same scope: inside a lambda or nested def
 * the call runs wherever that function is called. Looked up by span rather than by walking up the
 * tree, because each `.parent` walks down from the root (cubic on deeply nested code).
 */
export function offloaded(context: PythonRuleContext, site: CallSite): boolean {
  const spans = argumentSpans(context).get(site.scope);
  return spans !== undefined && spans.some(([start, end]) => start <= site.node.startIndex && site.node.endIndex <= end);
}
