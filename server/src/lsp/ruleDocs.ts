import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { currentLocale } from "../engine/l10n";

/**
 * Where the rule pages shipped with the extension are: docs/rules beside dist/ in the .vsix,
 * or in the repository when the server runs from source.
 */
export function ruleDocsDirectory(): string | undefined {
  for (const candidate of [path.join(__dirname, "..", "docs", "rules"), path.join(__dirname, "..", "..", "..", "docs", "rules")]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A link to a rule's page, for `Diagnostic.codeDescription`: the translated page (docs/rules/ru/) in the user's language when there is one. */
export function ruleDocUri(code: string, locale = currentLocale()): string | undefined {
  const dir = ruleDocsDirectory();
  if (!dir) return undefined;
  const translated = locale === "en" ? undefined : path.join(dir, locale, `${code}.md`);
  return pathToFileURL(translated && fs.existsSync(translated) ? translated : path.join(dir, `${code}.md`)).toString();
}
