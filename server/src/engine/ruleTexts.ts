import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { currentLocale } from "./l10n";
import type { RuleMeta } from "./rule";

/**
 * The rule documentation in the user's language: the hover's explanation, the rule pages
 * (docs/rules/<locale>/), anything that shows `whatItDoes`, `whyIsThisBad` or `fix`. The English
 * text in server/src/catalogue is the source; `l10n/rules.<locale>.json` holds, per rule and field,
 * the translation and a hash of the English it translates. A translation whose English has changed
 * since is stale: English is shown instead (never an outdated explanation), and the tests fail
 * until it is translated again.
 */
export type RuleTextField = "whatItDoes" | "whyIsThisBad" | "throughHelpers" | "fix";
export const RULE_TEXT_FIELDS: readonly RuleTextField[] = ["whatItDoes", "whyIsThisBad", "throughHelpers", "fix"];

export interface RuleTranslation {
  /** `englishHash` of the text translated. */
  source: string;
  text: string;
}

export type RuleTranslations = Record<string, Partial<Record<RuleTextField, RuleTranslation>>>;

/** A short hash of an English text, to notice when it changed after it was translated. */
export function englishHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

function translationsFile(locale: string): string | undefined {
  // Beside dist/ in the .vsix and the npm package; at the repository root when run from source.
  for (const dir of [path.join(__dirname, "..", "l10n"), path.join(__dirname, "..", "..", "..", "l10n")]) {
    const file = path.join(dir, `rules.${locale}.json`);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

const loaded = new Map<string, RuleTranslations>();

/** The translations of one locale (empty for English or a locale without a file). */
export function ruleTranslations(locale: string): RuleTranslations {
  let translations = loaded.get(locale);
  if (!translations) {
    const file = locale === "en" ? undefined : translationsFile(locale);
    translations = file ? (JSON.parse(fs.readFileSync(file, "utf8")) as RuleTranslations) : {};
    loaded.set(locale, translations);
  }
  return translations;
}

/** The field in `locale` (default: the current one) when translated from the English of today, else the English. */
export function ruleText(rule: RuleMeta, field: RuleTextField, locale = currentLocale()): string {
  const english = rule[field] ?? "";
  if (locale === "en" || english === "") return english;
  const translation = ruleTranslations(locale)[rule.code]?.[field];
  return translation && translation.source === englishHash(english) ? translation.text : english;
}
