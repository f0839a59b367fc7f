import { RULES } from "../engine/catalogue";
import { levelWhenSelected, offByDefault } from "../engine/rule";
import { readConfigFile, settingsForFile, settingsOfConfigFor, type ConfiguredSettings } from "../engine/projectConfig";

/** How the command line shapes each file's settings. Plain data: worker threads receive it as it is. */
export interface SettingsOptions {
  /** `--config FILE`: this file for every source instead of the nearest project config. */
  configFile?: string;
  /** `--select`: only these codes are checked (and fixed); undefined: every rule the config leaves on. */
  select?: string[];
  /** `--ignore`: these codes are neither checked nor fixed. */
  ignore: string[];
}

/**
 * Settings for each source file: the project configuration that applies to it (or the one named
 * with --config), then --select/--ignore on top. Turning a rule off in the settings, rather than
 * hiding its findings afterwards, keeps --fix from touching code the user did not select.
 */
export function createSettingsResolver(options: SettingsOptions): (file: string) => ConfiguredSettings {
  let explicit: ConfiguredSettings | undefined;
  // Asked several times per file in a run (the result cache, the check); the same file gets the same settings.
  const known = new Map<string, ConfiguredSettings>();
  return (file) => {
    const cached = known.get(file);
    if (cached) return cached;
    // Path patterns without a configuration file are relative to the folder the command runs in.
    const roots = [process.cwd()];
    const configured = options.configFile ? settingsOfConfigFor((explicit ??= readConfigFile(options.configFile)), file, roots) : settingsForFile(file, undefined, roots);
    // settingsForFile gives a fresh copy per call; the explicit file's settings are shared by every file.
    const settings = options.configFile ? structuredClone(configured.settings) : configured.settings;
    const selected = options.select ? new Set(options.select) : undefined;
    const ignored = new Set(options.ignore);
    for (const rule of RULES) {
      const { code } = rule;
      if (ignored.has(code) || (selected && !selected.has(code))) settings.rules[code] = "off";
      // Selecting a rule by name on the command line means checking it, even if the config turned it off or it is off by default.
      else if (selected?.has(code)) {
        if (settings.rules[code] === "off") delete settings.rules[code];
        if (settings.rules[code] === undefined && offByDefault(rule)) settings.rules[code] = levelWhenSelected(rule);
      }
    }
    const resolved = { ...configured, settings };
    known.set(file, resolved);
    return resolved;
  };
}

export class InvalidCodeError extends Error {}

/**
 * Reads a --select/--ignore list: full codes (`AL101`), prefixes (`AL1` is every AL1xx rule),
 * rule names (`blocking-sleep`) or `ALL`, separated by commas. Unknown entries throw, naming them.
 */
export function parseCodeList(option: string, values: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const entry of values.flatMap((value) => value.split(",")).map((item) => item.trim()).filter(Boolean)) {
    const upper = entry.toUpperCase();
    const isPrefix = /^AL\d{0,3}$/.test(upper);
    const matching = upper === "ALL" ? RULES : RULES.filter((rule) => (isPrefix && rule.code.startsWith(upper)) || rule.name === entry.toLowerCase());
    if (matching.length === 0) {
      throw new InvalidCodeError(`${option}: unknown rule code '${entry}' (known: ${RULES.map((rule) => rule.code).join(", ")}, a prefix such as AL1, or ALL)`);
    }
    for (const rule of matching) codes.add(rule.code);
  }
  return [...codes].sort();
}
