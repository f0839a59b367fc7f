import type { StatementSummary } from "./statementSummary";

/** The key under which a statement's dependence on every import (and import statement) is kept. */
export const ALL_IMPORTS = "\0imports";

interface FactsOfName {
  /** Each statement's fact about the name, in statement order. */
  facts: string[];
  /** The statement each fact comes from. */
  owners: number[];
  widen: string[];
  joined?: string;
}

/**
 * The module's facts (statement summaries) indexed by the name they are about, so a statement's
 * kept findings can be checked against only the names it reads. What a name means to statement
 * `i` is every statement's fact about it, in order, plus how many of those come before `i` (a
 * module variable bound before or after it).
 */
export class NameFacts {
  private readonly byName = new Map<string, FactsOfName>();
  private imports: string | undefined;

  constructor(private readonly summaries: readonly StatementSummary[]) {
    summaries.forEach((summary, i) => {
      for (const { name, fact, widen } of summary.contributions) {
        let entry = this.byName.get(name);
        if (!entry) this.byName.set(name, (entry = { facts: [], owners: [], widen: [] }));
        entry.facts.push(fact);
        entry.owners.push(i);
        entry.widen.push(...widen);
      }
    });
  }

  /** The names a statement's findings may depend on: those it mentions, widened through class bases and module variables' values. */
  closure(mentions: Iterable<string>): Set<string> {
    const names = new Set<string>();
    const pending = [...mentions];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (names.has(name)) continue;
      names.add(name);
      for (const next of this.byName.get(name)?.widen ?? []) if (!names.has(next)) pending.push(next);
    }
    return names;
  }

  /** What the module says about `name`, as statement `statement` sees it. */
  valueFor(name: string, statement: number): string {
    if (name === ALL_IMPORTS) return this.allImports();
    const entry = this.byName.get(name);
    if (!entry) return "";
    entry.joined ??= entry.facts.join("\u0001");
    let before = 0;
    while (before < entry.owners.length && entry.owners[before] < statement) before++;
    return `${before}\u0002${entry.joined}`;
  }

  /** Every import and import statement: what the fix that adds an import reads. */
  private allImports(): string {
    if (this.imports === undefined) {
      const parts: string[] = [];
      const locals = new Set<string>();
      this.summaries.forEach((summary, i) => {
        if (summary.imports.length === 0 && !summary.facts.startsWith('["import') && !summary.facts.startsWith('["future_import')) return;
        parts.push(`${i}:${summary.facts}`);
        for (const [local] of summary.imports) locals.add(local);
      });
      // Whether each imported name is still bound, and by what else.
      for (const local of [...locals].sort()) parts.push(`${local}=${this.valueFor(local, 0)}`);
      this.imports = parts.join("\u0003");
    }
    return this.imports;
  }
}
