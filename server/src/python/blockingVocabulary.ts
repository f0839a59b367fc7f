import { FILE_IO_FUNCTIONS, FILE_OBJECT_METHODS, FILE_OPENERS, PATH_IO_METHODS } from "./fileSystemApis";
import { BLOCKING_CALLS, BLOCKING_SLEEPS } from "./knownApis";
import type { CallSite, ModuleModel } from "./moduleModel";

/** The last part of a dotted name: `requests.Session.get` -> `get`. */
const lastPart = (name: string) => name.slice(name.lastIndexOf(".") + 1);

/**
 * Every name a call the blocking rules report ends with (`run`, `sleep`, `read_text`, `open`, …),
 * from their own tables: a call ending otherwise is none of theirs, whatever its receiver.
 */
const VOCABULARY: ReadonlySet<string> = new Set(
  [...BLOCKING_CALLS.keys(), ...BLOCKING_SLEEPS, ...FILE_OPENERS, ...FILE_IO_FUNCTIONS].map(lastPart).concat([...PATH_IO_METHODS, ...FILE_OBJECT_METHODS, "open"]),
);

/**
 * Whether a call may be one the blocking rules report, from its name alone: the attribute it calls
 * (`x.run(…)`), or the name it calls as imported (`nap` of `from time import sleep as nap` is
 * `sleep`). Reading helpers asks this of every call in every sync function, before the rules
 * resolve the few that pass.
 */
export function mayBeBlockingCall(site: CallSite, model: ModuleModel): boolean {
  const callee = site.callee;
  if (callee.type === "attribute") return VOCABULARY.has(callee.childForFieldName("attribute")?.text ?? "");
  if (callee.type !== "identifier") return false;
  const written = callee.text;
  if (VOCABULARY.has(written)) return true;
  for (let scope: typeof site.scope | undefined = site.scope; scope; scope = scope.parent) {
    const binding = scope.kind === "module" ? model.imports.get(written) : scope.imports.get(written);
    if (binding) return VOCABULARY.has(binding.name ?? lastPart(binding.module));
  }
  return false;
}
