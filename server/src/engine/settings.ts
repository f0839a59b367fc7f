import { RULES, ruleByCode, ruleByName } from "./catalogue";
import { t } from "./l10n";
import type { Severity } from "./types";

/**
 * Settings shared by the editor client, the server, the CLI and project config files.
 * One definition so that a key means the same thing everywhere.
 */
export type RuleLevel = "off" | Severity;
export type RunOn = "onType" | "onSave";

export interface Settings {
  enable: boolean;
  run: RunOn;
  /** Per rule code: a level that replaces the rule's default severity. */
  rules: Record<string, RuleLevel>;
  python: {
    /** Dotted names of calls that block, added to AL102's list (`mylib.fetch`, `mylib.Client.get`). */
    extraBlockingCalls: string[];
    /** The oldest Python the code must run on, as "3.X": gates fixes (`asyncio.to_thread` needs 3.9). */
    targetVersion: string;
  };
  /** Files larger than this many bytes are not analyzed (one notice instead). */
  maxFileSize: number;
}

export const RULE_LEVELS: readonly RuleLevel[] = ["off", "hint", "information", "warning", "error"];
export const PYTHON_VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"] as const;

export function defaultSettings(): Settings {
  return {
    enable: true,
    run: "onType",
    rules: {},
    python: { extraBlockingCalls: [], targetVersion: "3.9" },
    maxFileSize: 2 * 1024 * 1024,
  };
}

export interface ValidatedSettings {
  settings: Settings;
  /** One line per rejected value, naming the setting and the value; the default is used for it. */
  problems: string[];
}

const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** Reads untrusted settings (editor, config files) field by field, keeping every valid value. */
export function validateSettings(raw: unknown, prefix = "asynclint", base: Settings = defaultSettings()): ValidatedSettings {
  const settings: Settings = structuredClone(base);
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(t("{0}: expected an object, got {1}; using defaults.", prefix, show(raw)));
    return { settings, problems };
  }
  const input = raw as Record<string, unknown>;
  const reject = (key: string, value: unknown, expected: string) =>
    problems.push(t("{0}: {1} is not valid ({2}); using the default.", `${prefix}.${key}`, show(value), expected));

  if (input.enable !== undefined) {
    if (typeof input.enable === "boolean") settings.enable = input.enable;
    else reject("enable", input.enable, t("true or false"));
  }
  if (input.run !== undefined) {
    if (input.run === "onType" || input.run === "onSave") settings.run = input.run;
    else reject("run", input.run, t("{0} or {1}", `"onType"`, `"onSave"`));
  }
  if (input.maxFileSize !== undefined) {
    const size = input.maxFileSize;
    if (typeof size === "number" && Number.isFinite(size) && size > 0) settings.maxFileSize = Math.floor(size);
    else reject("maxFileSize", size, t("a positive number of bytes"));
  }
  if (input.rules !== undefined) {
    if (typeof input.rules !== "object" || input.rules === null || Array.isArray(input.rules)) {
      reject("rules", input.rules, t("an object such as {0}", `{"AL101": "error"}`));
    } else {
      for (const [key, level] of Object.entries(input.rules as Record<string, unknown>)) {
        const rule = ruleByCode(key) ?? ruleByName(key);
        if (!rule) {
          problems.push(t("{0}: unknown rule {1} (known: {2}); ignored.", `${prefix}.rules`, show(key), RULES.map((r) => r.code).join(", ")));
        } else if (typeof level !== "string" || !RULE_LEVELS.includes(level as RuleLevel)) {
          reject(`rules.${key}`, level, RULE_LEVELS.join(" | "));
        } else {
          settings.rules[rule.code] = level as RuleLevel;
        }
      }
    }
  }
  const python = input.python;
  if (python !== undefined) {
    if (typeof python !== "object" || python === null || Array.isArray(python)) {
      reject("python", python, t("an object"));
    } else {
      const py = python as Record<string, unknown>;
      if (py.extraBlockingCalls !== undefined) {
        const names = py.extraBlockingCalls;
        if (Array.isArray(names) && names.every((n) => typeof n === "string" && DOTTED_NAME.test(n))) {
          settings.python.extraBlockingCalls = [...names] as string[];
        } else {
          reject("python.extraBlockingCalls", names, t("a list of dotted names such as {0}", `["mylib.fetch"]`));
        }
      }
      if (py.targetVersion !== undefined) {
        const version = py.targetVersion;
        if (typeof version === "string" && (PYTHON_VERSIONS as readonly string[]).includes(version)) {
          settings.python.targetVersion = version;
        } else {
          reject("python.targetVersion", version, PYTHON_VERSIONS.join(", "));
        }
      }
    }
  }
  return { settings, problems };
}

/** The severity a finding of this rule gets, or undefined when the user turned the rule off. */
export function severityFor(settings: Settings, code: string, fallback: Severity): Severity | undefined {
  const level = settings.rules[code];
  if (level === undefined) return fallback;
  return level === "off" ? undefined : level;
}

/** Compares "3.9" and "3.11" as versions. */
export function pythonAtLeast(settings: Settings, version: string): boolean {
  const [major, minor] = settings.python.targetVersion.split(".").map(Number);
  const [wantMajor, wantMinor] = version.split(".").map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
