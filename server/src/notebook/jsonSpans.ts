import { t } from "../engine/l10n";

/**
 * A JSON value with the span of text it was read from, so that one value (a cell's `source`)
 * can be replaced in the file while every other byte stays as it was written.
 */
export type JsonNode =
  | { kind: "object"; start: number; end: number; members: JsonMember[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "literal"; start: number; end: number; value: number | boolean | null };

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {}

/** Reads a JSON text into nodes with spans. Throws JsonSyntaxError with a line and column for invalid JSON. */
export function parseJsonWithSpans(text: string): JsonNode {
  // JSON.parse is the judge of validity (and its message names the place); the scanner below then reads valid JSON only.
  try {
    JSON.parse(text);
  } catch (error) {
    throw new JsonSyntaxError(describeJsonError(text, error));
  }
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\n" || text[at] === "\r" || text[at] === "\t")) at++;
  };
  const readString = (): { value: string; start: number; end: number } => {
    const start = at;
    at++;
    while (text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++;
    return { value: JSON.parse(text.slice(start, at)) as string, start, end: at };
  };
  const readValue = (): JsonNode => {
    skipSpace();
    const start = at;
    const ch = text[at];
    if (ch === "{") {
      at++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[at] === "}") return { kind: "object", start, end: ++at, members };
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        at++; // ':'
        members.push({ key: key.value, keyStart: key.start, value: readValue() });
        skipSpace();
        if (text[at++] === "}") return { kind: "object", start, end: at, members };
      }
    }
    if (ch === "[") {
      at++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[at] === "]") return { kind: "array", start, end: ++at, items };
      for (;;) {
        items.push(readValue());
        skipSpace();
        if (text[at++] === "]") return { kind: "array", start, end: at, items };
      }
    }
    if (ch === '"') return { kind: "string", ...readString() };
    while (at < text.length && !",]} \n\r\t".includes(text[at])) at++;
    return { kind: "literal", start, end: at, value: JSON.parse(text.slice(start, at)) as number | boolean | null };
  };
  return readValue();
}

/**
 * The member of an object node, if the node is an object that has it. A key written twice means
 * its last value, as for JSON.parse and Jupyter (which reads notebooks with it): a notebook with
 * two `"cells"` lists is checked, and fixed, in the list Jupyter shows.
 */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i].key === key) return node.members[i].value;
  return undefined;
}

/** `text` without the first match of `pattern` and the spaces just before it. */
function withoutMatch(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).trimEnd() + text.slice(match.index + match[0].length) : text;
}

/** V8 names a position ("at position 120", sometimes with line and column): turn it into a line and column. */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  // Matched without a leading \s* (quadratic on long runs of spaces), and the spaces before trimmed.
  const reason = withoutMatch(withoutMatch(message, /\(line \d+ column \d+\)/), /in JSON at position \d+/).replace(/^JSON\.parse: /, "");
  if (!position) return reason;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return t("{0} at line {1}, column {2}", reason, line, column);
}
