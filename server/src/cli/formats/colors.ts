import type { Severity } from "../../engine/types";

/** ANSI styles for the text format, or plain text when colour is off. */
export interface Palette {
  path(text: string): string;
  position(text: string): string;
  code(text: string, severity: Severity): string;
  summary(text: string): string;
  good(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const bold = wrap(1, 22);
const dim = wrap(2, 22);
const red = wrap(31, 39);
const yellow = wrap(33, 39);
const cyan = wrap(36, 39);
const green = wrap(32, 39);

const SEVERITY_STYLE: Record<Severity, (text: string) => string> = { error: red, warning: yellow, information: cyan, hint: dim };

export const COLORS: Palette = {
  path: bold,
  position: dim,
  code: (text, severity) => bold(SEVERITY_STYLE[severity](text)),
  summary: bold,
  good: green,
};

const identity = (text: string) => text;
export const PLAIN: Palette = { path: identity, position: identity, code: identity, summary: identity, good: identity };

/**
 * Colour when writing to a terminal, as most tools decide it: NO_COLOR turns it off, FORCE_COLOR
 * (other than 0) turns it on even in a pipe (CI logs render it).
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true;
}
