import type { RuleLevel } from "./settings";
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
  /** `off` for a rule that reports only where the user turns it on (a style rule). */
  defaultSeverity: Record<Language, RuleLevel>;
  /** One line, shown in hovers and listings. */
  summary: string;
  whatItDoes: string;
  whyIsThisBad: string;
  /** For rules that follow calls into helpers: what "through a helper" means for this rule, with an example. */
  throughHelpers?: string;
  examples: RuleExample[];
  /** What the quick fix does and when it is offered. */
  fix?: string;
  /** Equivalent codes of other linters, honoured in their suppression comments. */
  aliases?: string[];
}

/** A rule that reports only where the user turns it on: off by default in every language. */
export function offByDefault(rule: RuleMeta): boolean {
  return Object.values(rule.defaultSeverity).every((level) => level === "off");
}

/** The level a rule reports at when the user selects it by name (`--select`) without giving one: its default, `warning` for a rule off by default. */
export function levelWhenSelected(rule: RuleMeta): Severity {
  const level = rule.defaultSeverity.python;
  return level === "off" ? "warning" : level;
}
