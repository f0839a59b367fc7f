import type { Scope } from "./moduleModel";

/** The key of a helper scope: `f` for a module-level def, `Cls.m` for a method of a module-level class; undefined for anything else. */
export function helperKey(scope: Scope): string | undefined {
  if (scope.kind !== "function" || scope.isAsync || !scope.name) return undefined;
  const parent = scope.parent;
  if (parent?.kind === "module") return scope.name;
  if (parent?.kind === "class" && parent.name && parent.parent?.kind === "module") return `${parent.name}.${scope.name}`;
  return undefined;
}
