import type { KnownSafeName } from "../engine/settings";
import { sameModule } from "./testRunners";
import type { AwaitablePart, DeclarationOrigin } from "./typeQuestions";

/**
 * The user's lists of calls and types whose promises may float (`asynclint.typescript.safePromiseCalls`
 * and `safePromiseTypes`), as typescript-eslint's `allowForKnownSafeCalls` / `allowForKnownSafePromises`:
 * a framework's `register` that queues a plugin and awaits it itself, a job queue's `add`.
 *
 * An entry matches a declaration by its name (`register`, or `FastifyInstance.register` to name the
 * class or interface around it as well) and, when `from` is given, by the module declaring it
 * (`fastify`, `@scope/pkg`, `node:test`; a subpath such as `fastify/types` counts as `fastify`).
 * Without `from` the name matches wherever it is declared, the workspace's own code included.
 */
export function matchesKnownSafe(entries: readonly KnownSafeName[], origin: DeclarationOrigin, writtenName?: string): boolean {
  const name = origin.name ?? writtenName;
  if (!name) return false;
  return entries.some((entry) => {
    const dot = entry.name.indexOf(".");
    const wanted = dot < 0 ? entry.name : entry.name.slice(dot + 1);
    if (wanted !== name) return false;
    if (dot >= 0 && origin.containers[0] !== entry.name.slice(0, dot)) return false;
    return entry.from === undefined || (origin.module !== undefined && sameModule(entry.from, origin.module));
  });
}

/** A call the user listed: its promise may float. */
export function isKnownSafeCall(entries: readonly KnownSafeName[], target: DeclarationOrigin | undefined, writtenName: string | undefined): boolean {
  return entries.length > 0 && target !== undefined && matchesKnownSafe(entries, target, writtenName);
}

/** A type the user listed names one of the awaitable members: as for typescript-eslint, the whole value may float. */
export function isKnownSafeType(entries: readonly KnownSafeName[], parts: readonly AwaitablePart[]): boolean {
  return entries.length > 0 && parts.some((part) => part.names.some((origin) => matchesKnownSafe(entries, origin)));
}
