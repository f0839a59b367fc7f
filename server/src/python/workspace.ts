import type { ResolvedHelper } from "./helperChains";

/** What a name reached through an import turned out to be, as far as the workspace shows. */
export type WorkspaceSymbol =
  /** Calling it surely gives a coroutine: an `async def` that does not yield, under decorators known to keep it one. */
  | { kind: "coroutine-function" }
  /**
   * Anything else that is a def; `decorator` when its body shows it returns an `async def` wrapper or the function itself (`factory`: such a decorator).
   */
  | { kind: "function"; decorator?: "decorator" | "factory" }
  | { kind: "class" }
  | { kind: "module" }
  | { kind: "unknown" };

/**
 * Lets the Python rules see into other modules of the workspace. `dotted` is a name as the
 * importing module reaches it: absolute (`netlib.Device.send`) or relative with leading dots
 * (`.devices.connect`), resolved against the importing file.
 */
export interface PythonWorkspace {
  symbol(fromFile: string | undefined, dotted: string): WorkspaceSymbol;
  /**
   * What calling the name may block on, when it is a plain sync function or method (a class: its
   * `__init__`), followed through the helpers it calls (helperChains.ts). Asked only for calls made
   * in coroutines, apart from `symbol`: reading helpers' bodies costs more than a name's kind.
   */
  helper?(fromFile: string | undefined, dotted: string): ResolvedHelper | undefined;
}
