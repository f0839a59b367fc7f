import ts from "typescript";
import { enclosingFunction } from "./syntax";

/**
 * The error channel a function was handed, by the parameter names that mean one by convention:
 * a promise executor's `reject`, a middleware's `next`, a node-style `callback`/`cb`/`done`. A
 * floating promise inside such a function can pass its rejection there (`.catch(next)`) instead
 * of losing it. The name of the nearest such parameter, unless a nearer function hides it.
 */
const ERROR_CHANNEL_NAMES = new Set(["reject", "next", "callback", "cb", "done"]);

export function errorChannelAt(node: ts.Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    for (const parameter of fn.parameters) {
      if (ts.isIdentifier(parameter.name) && ERROR_CHANNEL_NAMES.has(parameter.name.text) && !parameter.dotDotDotToken) return parameter.name.text;
    }
  }
  return undefined;
}
