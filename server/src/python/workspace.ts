/** What a name reached through an import turned out to be, as far as the workspace shows. */
export type WorkspaceSymbol =
  | { kind: "coroutine-function" }
  | { kind: "function" }
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
}
