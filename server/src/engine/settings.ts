import { RULES, ruleByCode, ruleByName } from "./catalogue";
import { t } from "./l10n";
import { DEFAULT_TEST_FILES, DEFAULT_TEST_RULES, isUsablePattern } from "./pathRules";
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
  typescript: {
    /** AL301 also reports thenables that are not promises (a `then` taking a callback, `PromiseLike`, a fluent query builder). */
    checkThenables: boolean;
    /** Calls whose promise may float (AL301 stays quiet): a framework's `register`, a queue's `add`. */
    safePromiseCalls: KnownSafeName[];
    /** Promise types that may float (AL301 stays quiet): a type whose rejection its library handles. */
    safePromiseTypes: KnownSafeName[];
  };
  /** Files larger than this many bytes are not analyzed (one notice instead). */
  maxFileSize: number;
  /** .gitignore-style patterns (relative to the project root) naming test code; `[]`: no file is test code. */
  testFiles: string[];
  /** Levels that replace `rules` in test code (see engine/pathRules.ts for the measured defaults). */
  testRules: Record<string, RuleLevel>;
  /** Per .gitignore-style pattern, levels that replace `rules` in the files it matches (later patterns win). */
  perFileRules: Record<string, Record<string, RuleLevel>>;
  /** .gitignore-style patterns (relative to the project root) of files never analyzed: generated code, vendored copies. */
  exclude: string[];
  /** Fix-all (editor, on save, `--fix`) applies unsafe fixes too, as Ruff's `unsafe-fixes`; off: only safe ones. */
  unsafeFixes: boolean;
}

/**
 * A function, method or type named in a known-safe list: `name` is its declared name (`register`,
 * or `FastifyInstance.register` to name the interface too), `from` the module that declares it
 * (`fastify`, `@scope/pkg`, `node:test`); without `from` the name matches whatever declares it.
 */
export interface KnownSafeName {
  name: string;
  from?: string;
}

export const RULE_LEVELS: readonly RuleLevel[] = ["off", "hint", "information", "warning", "error"];
export const PYTHON_VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"] as const;

export function defaultSettings(): Settings {
  return {
    enable: true,
    run: "onType",
    rules: {},
    python: { extraBlockingCalls: [], targetVersion: "3.9" },
    typescript: { checkThenables: false, safePromiseCalls: [], safePromiseTypes: [] },
    maxFileSize: 2 * 1024 * 1024,
    testFiles: [...DEFAULT_TEST_FILES],
    testRules: { ...DEFAULT_TEST_RULES },
    perFileRules: {},
    exclude: [],
    unsafeFixes: false,
  };
}

export interface ValidatedSettings {
  settings: Settings;
  /** One line per rejected value, naming the setting and the value; the default is used for it. */
  problems: string[];
}

const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A TS/JS name, optionally after the name of its class, interface or namespace: `register`, `FastifyInstance.register`. */
const TS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/;
/** A module as an import names it: `fastify`, `@scope/pkg`, `node:test` (no relative paths: those differ from file to file). */
const MODULE_NAME = /^(?:node:)?(?:@[\w-][\w.-]*\/)?[\w-][\w.-]*(?:\/[\w.-]+)*$/;

/** `["register", {"name": "add", "from": "bullmq"}]` -> entries, or undefined when any entry is malformed. */
function knownSafeNames(value: unknown): KnownSafeName[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names: KnownSafeName[] = [];
  for (const entry of value) {
    if (typeof entry === "string" && TS_NAME.test(entry)) {
      names.push({ name: entry });
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return undefined;
    const { name, from, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof name !== "string" || !TS_NAME.test(name)) return undefined;
    if (from !== undefined && (typeof from !== "string" || !MODULE_NAME.test(from))) return undefined;
    names.push(from === undefined ? { name } : { name, from });
  }
  return names;
}

/**
 * A table's own fields in a null-prototype object: reading `enable` or `targetVersion` never finds
 * what a prototype holds (a `__proto__` key in the input is an ordinary key, and ignored).
 */
function ownFields(table: object): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, table);
}

/** How many problems one call reports at most: a file with 20,000 bad entries gets a readable list, not 20,000 warnings. */
const MAX_PROBLEMS = 10;
/** How many unknown names a message about many of them shows. */
const NAMES_SHOWN = 5;

/** The first few of many names, for a message that counts them all. */
export function firstNames(names: readonly string[]): string {
  return names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(", ")}, …` : names.join(", ");
}

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
  const input = ownFields(raw);
  const reject = (key: string, value: unknown, expected: string) =>
    problems.push(t("{0}: {1} is not valid ({2}); using the default.", `${prefix}.${key}`, show(value), expected));
  /** Unknown rule names of every levels table (`rules`, `testRules`, each `perFileRules` pattern), reported in one message. */
  const unknownRules: Array<{ key: string; name: string }> = [];

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
  /** Reads `{code or name: level}` into `into`, keeping every valid entry. */
  const readLevels = (key: string, value: unknown, into: Record<string, RuleLevel>): boolean => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      reject(key, value, t("an object such as {0}", `{"AL101": "error"}`));
      return false;
    }
    for (const [name, level] of Object.entries(value as Record<string, unknown>)) {
      const rule = ruleByCode(name) ?? ruleByName(name);
      if (!rule) {
        unknownRules.push({ key, name });
      } else if (typeof level !== "string" || !RULE_LEVELS.includes(level as RuleLevel)) {
        reject(`${key}.${name}`, level, RULE_LEVELS.join(" | "));
      } else {
        into[rule.code] = level as RuleLevel;
      }
    }
    return true;
  };
  if (input.rules !== undefined) readLevels("rules", input.rules, settings.rules);
  if (input.testFiles !== undefined) {
    const patterns = input.testFiles;
    if (Array.isArray(patterns) && patterns.every(isUsablePattern)) settings.testFiles = [...patterns] as string[];
    else reject("testFiles", patterns, t("a list of .gitignore-style patterns such as {0}", `["tests/", "test_*.py"]`));
  }
  if (input.exclude !== undefined) {
    const patterns = input.exclude;
    if (Array.isArray(patterns) && patterns.every(isUsablePattern)) settings.exclude = [...patterns] as string[];
    else reject("exclude", patterns, t("a list of .gitignore-style patterns such as {0}", `["generated/", "*_pb2.py"]`));
  }
  if (input.unsafeFixes !== undefined) {
    if (typeof input.unsafeFixes === "boolean") settings.unsafeFixes = input.unsafeFixes;
    else reject("unsafeFixes", input.unsafeFixes, t("true or false"));
  }
  if (input.testRules !== undefined) {
    // The user's table replaces the defaults whole, so a rule they leave out is reported in tests.
    const levels: Record<string, RuleLevel> = {};
    if (readLevels("testRules", input.testRules, levels)) settings.testRules = levels;
  }
  if (input.perFileRules !== undefined) {
    const table = input.perFileRules;
    if (typeof table !== "object" || table === null || Array.isArray(table)) {
      reject("perFileRules", table, t("an object such as {0}", `{"scripts/": {"AL102": "off"}}`));
    } else {
      for (const [pattern, levels] of Object.entries(table as Record<string, unknown>)) {
        if (!isUsablePattern(pattern)) {
          reject("perFileRules", pattern, t("a list of .gitignore-style patterns such as {0}", `["tests/", "test_*.py"]`));
          continue;
        }
        const read: Record<string, RuleLevel> = {};
        // Defined, not assigned: a pattern `__proto__` is an entry, not the table's prototype.
        if (readLevels(`perFileRules.${pattern}`, levels, read)) Object.defineProperty(settings.perFileRules, pattern, { value: read, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  const python = input.python;
  if (python !== undefined) {
    if (typeof python !== "object" || python === null || Array.isArray(python)) {
      reject("python", python, t("an object"));
    } else {
      const py = ownFields(python);
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
  const typescript = input.typescript;
  if (typescript !== undefined) {
    if (typeof typescript !== "object" || typescript === null || Array.isArray(typescript)) {
      reject("typescript", typescript, t("an object"));
    } else {
      const tsInput = ownFields(typescript);
      if (tsInput.checkThenables !== undefined) {
        if (typeof tsInput.checkThenables === "boolean") settings.typescript.checkThenables = tsInput.checkThenables;
        else reject("typescript.checkThenables", tsInput.checkThenables, t("true or false"));
      }
      for (const key of ["safePromiseCalls", "safePromiseTypes"] as const) {
        if (tsInput[key] === undefined) continue;
        const names = knownSafeNames(tsInput[key]);
        if (names) settings.typescript[key] = names;
        else reject(`typescript.${key}`, tsInput[key], t("a list of names such as {0}", `["register", {"name": "register", "from": "fastify"}]`));
      }
    }
  }
  // First, so that the cap below never hides it.
  const known = RULES.map((r) => r.code).join(", ");
  if (unknownRules.length === 1) {
    problems.unshift(t("{0}: unknown rule {1} (known: {2}); ignored.", `${prefix}.${unknownRules[0].key}`, show(unknownRules[0].name), known));
  } else if (unknownRules.length > 1) {
    const names = unknownRules.slice(0, NAMES_SHOWN + 1).map(({ key, name }) => `${key}.${show(name)}`);
    problems.unshift(t("{0}: {1} unknown rules ({2}); ignored (known: {3}).", prefix, unknownRules.length.toLocaleString("en-US"), firstNames(names), known));
  }
  if (problems.length > MAX_PROBLEMS) {
    const hidden = problems.length - (MAX_PROBLEMS - 1);
    problems.splice(MAX_PROBLEMS - 1, hidden, t("{0}: {1} more problems like these, not shown.", prefix, hidden.toLocaleString("en-US")));
  }
  return { settings, problems };
}

/** The severity a finding of this rule gets, or undefined when the rule is off (turned off by the user, or off by default and not turned on). */
export function severityFor(settings: Settings, code: string, fallback: RuleLevel): Severity | undefined {
  const level = settings.rules[code] ?? fallback;
  return level === "off" ? undefined : level;
}

/** Compares "3.9" and "3.11" as versions. */
export function pythonAtLeast(settings: Settings, version: string): boolean {
  const [major, minor] = settings.python.targetVersion.split(".").map(Number);
  const [wantMajor, wantMinor] = version.split(".").map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
