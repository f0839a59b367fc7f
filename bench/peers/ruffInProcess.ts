import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

/** Ruff's WebAssembly build, loaded once in this process, checking with the rules that overlap ours. */
export function ruffChecker(): (text: string) => unknown {
  const workspace = new Workspace({ lint: { select: ["ASYNC", "RUF006"] }, "output-prefer-rule-codes": true }, PositionEncoding.Utf16);
  return (text) => workspace.check(text);
}
