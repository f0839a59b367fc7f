/**
 * Expands a VS Code snippet body to the text the editor inserts when the user accepts every
 * default: tabstops (`$1`, `${1}`), placeholders (`${1:default}`, nested, mirrored by later `$1`),
 * choices (`${1|a,b|}`: the first), variables (`$TM_FILENAME`, `${NAME:default}`), transforms
 * (`${1/regex/format/flags}`: parsed; applied with `$n` group references and
 * upcase/downcase/capitalize), and escapes (`\$`, `\}`, `\\`; `\,` and `\|` inside choices).
 * Written from the grammar in VS Code's snippet documentation; test support only.
 */

type SnippetNode =
  | { kind: "text"; value: string }
  | { kind: "tabstop"; index: number; children?: SnippetNode[]; transform?: Transform }
  | { kind: "choice"; index: number; options: string[] }
  | { kind: "variable"; name: string; children?: SnippetNode[]; transform?: Transform };

interface Transform {
  regex: string;
  format: string;
  flags: string;
}

class SnippetParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  /** Nodes until the end, or until an unescaped `}` when inside a placeholder. */
  parse(insidePlaceholder = false): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = "";
    const flush = () => {
      if (text) nodes.push({ kind: "text", value: text });
      text = "";
    };
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === "\\") {
        const next = this.source[this.pos + 1];
        if (next === "$" || next === "}" || next === "\\") {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos++;
        }
        continue;
      }
      if (ch === "}" && insidePlaceholder) break;
      if (ch === "$") {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += ch;
      this.pos++;
    }
    flush();
    return nodes;
  }

  /** Reads a construct starting at `$`; undefined (position unchanged) when the `$` is plain text. */
  private dollar(): SnippetNode | undefined {
    const start = this.pos;
    const rest = this.source.slice(this.pos + 1);
    const simple = /^(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (simple) {
      this.pos += 1 + simple[0].length;
      return /^\d/.test(simple[0]) ? { kind: "tabstop", index: Number(simple[0]) } : { kind: "variable", name: simple[0] };
    }
    if (rest[0] !== "{") return undefined;
    const head = /^\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (!head) return undefined;
    this.pos += 1 + head[0].length;
    const isTabstop = /^\d/.test(head[1]);
    const make = (extra: { children?: SnippetNode[]; transform?: Transform }): SnippetNode =>
      isTabstop ? { kind: "tabstop", index: Number(head[1]), ...extra } : { kind: "variable", name: head[1], ...extra };
    const ch = this.source[this.pos];
    if (ch === "}") {
      this.pos++;
      return make({});
    }
    if (ch === ":") {
      this.pos++;
      const children = this.parse(true);
      if (this.source[this.pos] !== "}") return this.fail(start);
      this.pos++;
      return make({ children });
    }
    if (ch === "|" && isTabstop) {
      const options = this.choiceOptions();
      if (!options) return this.fail(start);
      return { kind: "choice", index: Number(head[1]), options };
    }
    if (ch === "/") {
      const transform = this.transform();
      if (!transform) return this.fail(start);
      return make({ transform });
    }
    return this.fail(start);
  }

  private fail(start: number): undefined {
    this.pos = start;
    return undefined;
  }

  /** `|a,b\,c|}` -> ["a", "b,c"]. */
  private choiceOptions(): string[] | undefined {
    this.pos++; // the opening |
    const options: string[] = [];
    let current = "";
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === "\\" && /[,|$}\\]/.test(this.source[this.pos + 1] ?? "")) {
        current += this.source[this.pos + 1];
        this.pos += 2;
      } else if (ch === ",") {
        options.push(current);
        current = "";
        this.pos++;
      } else if (ch === "|" && this.source[this.pos + 1] === "}") {
        options.push(current);
        this.pos += 2;
        return options;
      } else {
        current += ch;
        this.pos++;
      }
    }
    return undefined;
  }

  /** `/regex/format/flags}`, each part up to an unescaped `/` (the last one up to `}`). */
  private transform(): Transform | undefined {
    this.pos++; // the opening /
    const part = (end: string): string | undefined => {
      let value = "";
      // The format may hold `${1:/upcase}`: a `/` inside braces does not end it.
      let depth = 0;
      while (this.pos < this.source.length) {
        const ch = this.source[this.pos];
        if (ch === "\\" && this.pos + 1 < this.source.length) {
          value += ch + this.source[this.pos + 1];
          this.pos += 2;
        } else if (ch === "$" && this.source[this.pos + 1] === "{") {
          depth++;
          value += "${";
          this.pos += 2;
        } else if (ch === "}" && depth > 0) {
          depth--;
          value += ch;
          this.pos++;
        } else if (ch === end && depth === 0) {
          this.pos++;
          return value;
        } else {
          value += ch;
          this.pos++;
        }
      }
      return undefined;
    };
    const regex = part("/");
    const format = regex === undefined ? undefined : part("/");
    const flags = format === undefined ? undefined : part("}");
    if (regex === undefined || format === undefined || flags === undefined) return undefined;
    return { regex, format, flags };
  }
}

function applyTransform(value: string, transform: Transform): string {
  const regex = new RegExp(transform.regex, transform.flags.replace(/[^gimsuy]/g, ""));
  return value.replace(regex, (...args) => {
    const groups = args.slice(0, -2).filter((g) => typeof g === "string" || g === undefined) as Array<string | undefined>;
    return transform.format
      .replace(/\$\{(\d+):\/(upcase|downcase|capitalize)\}/g, (_, n: string, how: string) => {
        const group = groups[Number(n)] ?? "";
        if (how === "upcase") return group.toUpperCase();
        if (how === "downcase") return group.toLowerCase();
        return group.charAt(0).toUpperCase() + group.slice(1);
      })
      .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => groups[Number(a ?? b)] ?? "")
      .replace(/\\(.)/g, "$1");
  });
}

export interface ExpandOptions {
  /** Values of variables; others expand to their default, or to their name as VS Code does for unknown ones. */
  variables?: Record<string, string>;
}

/** The text inserted when every placeholder keeps its default. */
export function expandSnippet(body: string | readonly string[], options: ExpandOptions = {}): string {
  const source = typeof body === "string" ? body : body.join("\n");
  const nodes = new SnippetParser(source).parse();
  // The first placeholder with a default (or choice) defines what every mirror of its tabstop shows.
  const defaults = new Map<number, SnippetNode>();
  const collect = (list: SnippetNode[]) => {
    for (const node of list) {
      if ((node.kind === "tabstop" && node.children) || node.kind === "choice") {
        if (!defaults.has(node.index)) defaults.set(node.index, node);
      }
      if ((node.kind === "tabstop" || node.kind === "variable") && node.children) collect(node.children);
    }
  };
  collect(nodes);
  const rendering = new Set<number>();
  const render = (list: SnippetNode[]): string => list.map(renderNode).join("");
  const renderTabstop = (index: number): string => {
    if (index === 0) return "";
    const definition = defaults.get(index);
    if (!definition || rendering.has(index)) return "";
    rendering.add(index);
    try {
      return definition.kind === "choice" ? definition.options[0] : render((definition as { children: SnippetNode[] }).children);
    } finally {
      rendering.delete(index);
    }
  };
  const renderNode = (node: SnippetNode): string => {
    switch (node.kind) {
      case "text":
        return node.value;
      case "choice":
        return renderTabstop(node.index);
      case "tabstop": {
        const value = node.index === 0 && node.children ? render(node.children) : renderTabstop(node.index);
        return node.transform ? applyTransform(value, node.transform) : value;
      }
      case "variable": {
        const known = options.variables?.[node.name];
        const value = known !== undefined && known !== "" ? known : node.children ? render(node.children) : known === "" ? "" : node.name;
        return node.transform ? applyTransform(value, node.transform) : value;
      }
    }
  };
  return render(nodes);
}
