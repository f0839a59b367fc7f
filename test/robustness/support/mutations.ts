import fc from "fast-check";

/**
 * Seeded ways to damage source text, as a user mid-edit or a broken file would: whole lines
 * deleted, duplicated, moved or borrowed from another file; tokens dropped or repeated; stray
 * brackets, quotes, line breaks, BOMs, lone surrogates and tabs typed anywhere.
 */
export type Mutation =
  | { kind: "deleteLine"; at: number }
  | { kind: "duplicateLine"; at: number }
  | { kind: "swapLines"; at: number }
  | { kind: "insertLine"; at: number; pick: number }
  | { kind: "deleteToken"; at: number }
  | { kind: "duplicateToken"; at: number }
  | { kind: "insertToken"; at: number; pick: number }
  | { kind: "insertChar"; at: number; char: string }
  | { kind: "deleteRange"; at: number; length: number }
  | { kind: "indentLine"; at: number; indent: string }
  | { kind: "lineEnding"; at: number; ending: string };

/** Characters that upset tokenizers: brackets, quotes, line breaks of every kind, BOM, lone surrogates, tabs, NUL. */
export const NASTY_CHARACTERS = ["(", ")", "[", "]", "{", "}", "'", '"', '"""', "\\", ":", ",", "\n", "\r", "\r\n", "\t", " ", "#", "\uFEFF", "\uD800", "\uDC00", "\u{1F600}", "é", "\u2028", "\u0000", "`", "${", "*/", "/*", "=>", "await ", "async "];

const LINE_ENDINGS = ["\n", "\r\n", "\r"];

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("deleteLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapLines" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insertLine" as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant("deleteToken" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateToken" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insertToken" as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant("insertChar" as const), at: fc.nat(), char: fc.constantFrom(...NASTY_CHARACTERS) }),
  fc.record({ kind: fc.constant("deleteRange" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("indentLine" as const), at: fc.nat(), indent: fc.constantFrom("\t", "    ", " ", "\t    ", "") }),
  fc.record({ kind: fc.constant("lineEnding" as const), at: fc.nat(), ending: fc.constantFrom(...LINE_ENDINGS) }),
);

/** Lines with their own line break kept at the end, so joining them gives the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Words, runs of spaces, and single other characters: what a typo adds or removes. */
export function splitTokens(text: string): string[] {
  return text.match(/[A-Za-z_0-9]+|[ \t]+|[\s\S]/gu) ?? [];
}

/** Applies one mutation; positions wrap around the text, so any number is valid. `pool` supplies borrowed lines and tokens. */
export function applyMutation(text: string, mutation: Mutation, pool: { lines: string[]; tokens: string[] }): string {
  switch (mutation.kind) {
    case "deleteLine":
    case "duplicateLine":
    case "swapLines":
    case "insertLine":
    case "indentLine":
    case "lineEnding": {
      const lines = splitLines(text);
      if (lines.length === 0) return mutation.kind === "insertLine" ? pool.lines[mutation.pick % pool.lines.length] : text;
      const at = mutation.at % lines.length;
      if (mutation.kind === "deleteLine") lines.splice(at, 1);
      else if (mutation.kind === "duplicateLine") lines.splice(at, 0, lines[at]);
      else if (mutation.kind === "swapLines" && at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
      else if (mutation.kind === "insertLine") lines.splice(at, 0, pool.lines[mutation.pick % pool.lines.length]);
      else if (mutation.kind === "indentLine") lines[at] = mutation.indent + lines[at].replace(/^[ \t]+/, "");
      else if (mutation.kind === "lineEnding") lines[at] = lines[at].replace(/(\r\n|\r|\n)$/, "") + mutation.ending;
      return lines.join("");
    }
    case "deleteToken":
    case "duplicateToken":
    case "insertToken": {
      const tokens = splitTokens(text);
      if (tokens.length === 0) return mutation.kind === "insertToken" ? pool.tokens[mutation.pick % pool.tokens.length] : text;
      const at = mutation.at % tokens.length;
      if (mutation.kind === "deleteToken") tokens.splice(at, 1);
      else if (mutation.kind === "duplicateToken") tokens.splice(at, 0, tokens[at]);
      else tokens.splice(at, 0, pool.tokens[mutation.pick % pool.tokens.length]);
      return tokens.join("");
    }
    case "insertChar": {
      const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.char + text.slice(at);
    }
    case "deleteRange": {
      if (text.length === 0) return text;
      const at = mutation.at % text.length;
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
  }
}

export function poolOf(texts: readonly string[]): { lines: string[]; tokens: string[] } {
  const lines = texts.flatMap(splitLines);
  const tokens = [...new Set(texts.flatMap(splitTokens))];
  return { lines: lines.length > 0 ? lines : ["\n"], tokens: tokens.length > 0 ? tokens : [" "] };
}

/** A fixture damaged by a handful of seeded mutations. */
export function mutatedSource(bases: readonly string[], maxMutations = 8): fc.Arbitrary<string> {
  const pool = poolOf(bases);
  return fc
    .tuple(fc.constantFrom(...bases), fc.array(mutationArbitrary, { minLength: 1, maxLength: maxMutations }))
    .map(([base, mutations]) => mutations.reduce((text, mutation) => applyMutation(text, mutation, pool), base));
}
