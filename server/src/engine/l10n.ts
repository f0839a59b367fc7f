import * as fs from "node:fs";
import * as path from "node:path";
import * as l10n from "@vscode/l10n";

/**
 * Localized text for everything the engine says (messages, fix titles, rule summaries).
 * English strings are the keys; `l10n/bundle.l10n.<locale>.json` holds the translations.
 */
export const t = l10n.t;

let current = "en";

function bundleDirectory(): string | undefined {
  // Beside dist/ in the .vsix and the npm package; at the repository root when run from source.
  for (const candidate of [path.join(__dirname, "..", "l10n"), path.join(__dirname, "..", "..", "..", "l10n")]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The locales a bundle exists for, besides English. */
export function availableLocales(): string[] {
  const dir = bundleDirectory();
  if (!dir) return [];
  return fs
    .readdirSync(dir)
    .map((name) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(name)?.[1])
    .filter((locale): locale is string => locale !== undefined);
}

/**
 * Switches the language of messages: "ru", "ru-RU", "ru_RU.UTF-8" all select Russian; anything
 * without a bundle falls back to English.
 */
export function setLocale(locale: string | undefined): string {
  // split, not /[_.].*$/: that pattern is quadratic on a long run of "_" (LANG comes from the environment).
  const wanted = (locale ?? "en").toLowerCase().split(/[_.]/)[0].split("-")[0];
  const dir = bundleDirectory();
  const file = dir ? path.join(dir, `bundle.l10n.${wanted}.json`) : undefined;
  if (wanted !== "en" && file && fs.existsSync(file)) {
    l10n.config({ contents: JSON.parse(fs.readFileSync(file, "utf8")) });
    current = wanted;
  } else {
    l10n.config({ contents: {} });
    current = "en";
  }
  return current;
}

export function currentLocale(): string {
  return current;
}

/** The locale a command-line run asks for: LC_ALL, LC_MESSAGES, then LANG, as gettext reads them. */
export function localeFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}

/**
 * Marks a string defined ahead of time (a table entry) as translatable; it is translated where it
 * is shown, with `t(value)`. Lets the key check find it.
 */
export function localizable(message: string): string {
  return message;
}
