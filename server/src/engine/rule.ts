import type { Severity } from "./types";

export type Language = "python" | "typescript";

export interface RuleExample {
  language: Language;
  /** Code that triggers the rule. */
  bad: string;
  /** The same code written correctly. */
  good: string;
}

/**
 * The public definition of a rule: its code, name and documentation. One source feeds the
 * generated docs/rules/ALxxx.md, hover text, diagnostic links and the CLI's JSON/SARIF.
 */
export interface RuleMeta {
  code: string;
  name: string;
  defaultSeverity: Record<Language, Severity>;
  /** One line, shown in hovers and listings. */
  summary: string;
  whatItDoes: string;
  whyIsThisBad: string;
  examples: RuleExample[];
  /** What the quick fix does and when it is offered. */
  fix?: string;
  /** Equivalent codes of other linters, honoured in their suppression comments. */
  aliases?: string[];
}
