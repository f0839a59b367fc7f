import * as crypto from "node:crypto";
import type { ModuleModel, Scope } from "../python/moduleModel";
import type { ModuleSummary } from "../python/moduleSummary";

/**
 * A hash of what a module offers the modules importing it: its summary (which functions are
 * coroutine functions, its classes' methods, its re-exports) and the text its helpers' facts are
 * read from (what a coroutine elsewhere calling them may block on, and on which line). An edit
 * inside a coroutine's body leaves it as it was, so the files importing the module need not be
 * checked again.
 */
export function factsHash(summary: ModuleSummary, model: ModuleModel): string {
  // The helpers' facts are read only once some coroutine calls one (see workspaceIndex.ts): the text they are read from stands for them, read yet or not.
  const json = JSON.stringify(summary, (key, value: unknown) => (key === "blocking" ? undefined : value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value));
  return crypto.createHash("sha1").update(json).update("\0").update(helperSourceText(model)).digest("hex");
}

/**
 * The module's text with the bodies of its coroutines blanked, line breaks kept: what its helpers'
 * facts may depend on (a coroutine's own calls and bindings are never read for them), with every
 * line where it was, since importers' messages name the line of a helper's blocking call.
 */
export function helperSourceText(model: ModuleModel): string {
  const bodies: Array<[number, number]> = [];
  const seen = new Set<Scope>();
  for (const { scope } of [...model.calls, ...model.typedBindings]) {
    const coroutine = outermostCoroutine(scope);
    if (!coroutine || seen.has(coroutine)) continue;
    seen.add(coroutine);
    bodies.push([coroutine.bodyStart, coroutine.bodyEnd]);
  }
  bodies.sort((a, b) => a[0] - b[0]);
  const text = model.text;
  let kept = "";
  let from = 0;
  for (const [start, end] of bodies) {
    kept += text.slice(from, start) + text.slice(start, end).replace(/[^\n]+/g, "");
    from = end;
  }
  return kept + text.slice(from);
}

/** The outermost `async def` whose code the scope is part of, if any. */
function outermostCoroutine(scope: Scope): Scope | undefined {
  let found: Scope | undefined;
  for (let at: Scope | undefined = scope; at; at = at.parent) if (at.kind === "function" && at.isAsync) found = at;
  return found;
}
