import { OFFLOADERS } from "../knownApis";
import type { CallSite } from "../moduleModel";
import type { PythonRuleContext } from "../pythonRule";

/** True when the call sits in the arguments of `asyncio.to_thread` / `run_in_executor`, which run it off the loop. */
export function offloaded(context: PythonRuleContext, site: CallSite): boolean {
  for (let node = site.node.parent; node && node.id !== site.scope.node.id; node = node.parent) {
    if (node.type !== "argument_list") continue;
    const call = node.parent;
    const callee = call?.childForFieldName("function");
    if (!call || !callee) continue;
    const name = context.symbols.canonical(callee, site.scope, site.ownerClass);
    if (name && (OFFLOADERS.has(name) || name.endsWith(".run_in_executor"))) return true;
  }
  return false;
}
