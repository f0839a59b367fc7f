import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

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

/** A link to a rule's page, for `Diagnostic.codeDescription`. */
export function ruleDocUri(code: string): string | undefined {
  const dir = ruleDocsDirectory();
  return dir ? pathToFileURL(path.join(dir, `${code}.md`)).toString() : undefined;
}
