import * as crypto from "node:crypto";
import type { ModuleSummary } from "../python/moduleSummary";

/**
 * A hash of what a module offers the modules importing it (its summary: which functions are
 * coroutine functions, its classes' methods, its re-exports). An edit inside a function body
 * leaves it as it was, so the files importing the module need not be checked again.
 */
export function factsHash(summary: ModuleSummary): string {
  const json = JSON.stringify(summary, (_key, value: unknown) => (value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value));
  return crypto.createHash("sha1").update(json).digest("hex");
}
