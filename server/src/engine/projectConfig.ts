import * as path from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { t } from "./l10n";
import { projectRootFor, withPathRules } from "./pathRules";
import { readRegularFile } from "./readBounded";

/** Far beyond any real configuration file (a monorepo's package.json included). */
const MAX_CONFIG_FILE_BYTES = 8 * 1024 * 1024;
import { defaultSettings, firstNames, validateSettings, type Settings } from "./settings";

/**
 * Project configuration shared by the CLI and the language server, so that a team's choices
 * travel with the repository:
 *
 * - `asynclint.json` (the whole file is the configuration),
 * - `[tool.asynclint]` in `pyproject.toml`,
 * - an `"asynclint"` key in `package.json`.
 *
 * The keys are those of the editor settings without the `asynclint.` prefix (`run`, `rules`,
 * `python.targetVersion`, ...). For a file, the nearest directory (walking up from the file)
 * that holds one of these wins; within one directory the dedicated `asynclint.json` comes
 * first, then `pyproject.toml`, then `package.json`. A `pyproject.toml` without a
 * `[tool.asynclint]` table or a `package.json` without an `"asynclint"` key does not count, so the
 * search goes on upward (as Ruff does for `[tool.ruff]`). Editor settings override the file.
 *
 * A file that cannot be read or parsed gives one problem naming the file and line; the defaults
 * are used and nothing else breaks. Invalid values name the key; the default replaces just that value.
 */

export interface ConfiguredSettings {
  settings: Settings;
  /** One line per problem, each naming the file (and line or key); shown once by the caller. */
  problems: string[];
  /** The configuration file that applies, if any. */
  configFile?: string;
  /** `cacheDir` of that file (the CLI's result cache), absolute: relative to the file's folder. */
  cacheDir?: string;
}

/** The file names that may hold configuration; a change to any of them should call `invalidateProjectConfig`. */
export const CONFIG_FILE_NAMES = ["asynclint.json", "pyproject.toml", "package.json"] as const;

/** Whether a changed file may hold project settings (installed packages' manifests do not). */
export function isConfigFile(file: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file)) && !file.split(/[\\/]/).includes("node_modules");
}

type Loaded =
  /** The file holds configuration: its raw (unvalidated) object, or a problem that made it unusable. */
  | { kind: "config"; raw: unknown; problem?: string }
  /** The file exists but says nothing about asynclint (a pyproject.toml without [tool.asynclint]). */
  | { kind: "none" };

interface DirectoryLookup {
  configFile?: string;
  settings: Settings;
  problems: string[];
  cacheDir?: string;
}

const byDirectory = new Map<string, DirectoryLookup>();

/** Forgets cached lookups: all of them, or those that a change to `changedFile` may affect. */
export function invalidateProjectConfig(changedFile?: string): void {
  if (changedFile === undefined) {
    byDirectory.clear();
    return;
  }
  const changedDir = path.dirname(path.resolve(changedFile));
  for (const dir of byDirectory.keys()) {
    // A config file affects its own directory and everything below it.
    if (dir === changedDir || isInside(dir, changedDir)) byDirectory.delete(dir);
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Settings for one source file: the nearest project configuration, then `overrides` (raw editor
 * settings, validated here) on top. Lookups are cached per directory until invalidated.
 */
export function settingsForFile(file: string, overrides?: unknown, roots: readonly string[] = []): ConfiguredSettings {
  const project = lookupDirectory(path.dirname(path.resolve(file)));
  const root = projectRootFor(file, project.configFile, roots);
  const cacheDir = project.cacheDir ? { cacheDir: project.cacheDir } : {};
  if (overrides === undefined) return { settings: withPathRules(structuredClone(project.settings), file, root), problems: [...project.problems], configFile: project.configFile, ...cacheDir };
  const editor = validateSettings(overrides, "asynclint", project.settings);
  return { settings: withPathRules(editor.settings, file, root), problems: [...project.problems, ...editor.problems], configFile: project.configFile, ...cacheDir };
}

/** Reads one configuration file named explicitly (`asynclint check --config FILE`). */
export function readConfigFile(file: string): ConfiguredSettings {
  const absolute = path.resolve(file);
  const loaded = loadConfigFile(absolute, true);
  return settingsFrom(absolute, loaded);
}

/** The settings of an explicitly named configuration file for one source file, with its path's rule levels. */
export function settingsOfConfigFor(configured: ConfiguredSettings, file: string, roots: readonly string[] = []): ConfiguredSettings {
  const root = projectRootFor(file, configured.configFile, roots);
  return { ...configured, settings: withPathRules(configured.settings, file, root) };
}

function lookupDirectory(dir: string): DirectoryLookup {
  const cached = byDirectory.get(dir);
  if (cached) return cached;
  let lookup: DirectoryLookup | undefined;
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    const loaded = loadConfigFile(candidate, false);
    if (loaded?.kind === "config") {
      lookup = settingsFrom(candidate, loaded);
      break;
    }
  }
  if (!lookup) {
    const parent = path.dirname(dir);
    lookup = parent === dir ? { settings: defaultSettings(), problems: [] } : lookupDirectory(parent);
  }
  byDirectory.set(dir, lookup);
  return lookup;
}

function settingsFrom(file: string, loaded: Loaded | undefined): ConfiguredSettings {
  if (!loaded) return { settings: defaultSettings(), problems: [t("{0}: the file does not exist; using defaults.", file)], configFile: file };
  if (loaded.kind === "none") {
    return { settings: defaultSettings(), problems: [t("{0}: no asynclint configuration in this file ({1}); using defaults.", file, sectionName(file))], configFile: file };
  }
  if (loaded.problem) return { settings: defaultSettings(), problems: [loaded.problem], configFile: file };
  const where = `${file}: ${keyPrefix(file)}`;
  const raw = normalizeKeys(loaded.raw);
  const problems = unknownKeys(raw, where);
  const validated = validateSettings(raw, where);
  // Not a setting of each source: where the CLI keeps its results, read for the folder it runs in.
  const cacheDir = isPlainObject(raw) ? raw.cacheDir : undefined;
  if (cacheDir !== undefined && (typeof cacheDir !== "string" || cacheDir === "")) problems.push(t("{0}: {1} is not valid ({2}); using the default.", `${where}.cacheDir`, JSON.stringify(cacheDir), "a folder path"));
  const cacheFolder = typeof cacheDir === "string" && cacheDir !== "" ? path.resolve(path.dirname(file), cacheDir) : undefined;
  return { settings: validated.settings, problems: [...problems, ...validated.problems], configFile: file, ...(cacheFolder ? { cacheDir: cacheFolder } : {}) };
}

/** How a key is spelt in messages: `tool.asynclint.run` in pyproject.toml, `asynclint.run` elsewhere. */
function keyPrefix(file: string): string {
  return path.basename(file) === "pyproject.toml" ? "tool.asynclint" : "asynclint";
}

function sectionName(file: string): string {
  switch (path.basename(file)) {
    case "pyproject.toml":
      return "[tool.asynclint]";
    case "package.json":
      return `"asynclint"`;
    default:
      return "asynclint";
  }
}

/**
 * Reads a file and extracts its asynclint section. Returns undefined when the file is absent
 * (or, when `explicit` is false, unreadable as a regular file).
 */
function loadConfigFile(file: string, explicit: boolean): Loaded | undefined {
  // Bounded, regular files only (see readBounded.ts): a FIFO or a link to /dev/zero on the search path must not hang the lookup.
  const read = readRegularFile(file, MAX_CONFIG_FILE_BYTES);
  if (!read.ok) {
    if (read.problem === "missing") return undefined;
    if (read.problem === "directory" && !explicit) return undefined;
    return { kind: "config", raw: undefined, problem: t("{0}: cannot be read ({1}); using defaults.", file, read.code ?? read.message) };
  }
  let text = read.bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const base = path.basename(file);
  if (base === "pyproject.toml" || (explicit && file.toLowerCase().endsWith(".toml"))) {
    // A pyproject.toml that never mentions us is not parsed: another tool's file (even a broken one) is not our business.
    if (!explicit && !text.includes("asynclint")) return { kind: "none" };
    let document: Record<string, unknown>;
    try {
      document = parseToml(text) as Record<string, unknown>;
    } catch (error) {
      return { kind: "config", raw: undefined, problem: tomlProblem(file, error) };
    }
    const tool = document.tool as Record<string, unknown> | undefined;
    if (base !== "pyproject.toml" && explicit && !(tool && typeof tool === "object" && "asynclint" in tool)) {
      // A TOML file given with --config may be the bare table (the keys at top level).
      return { kind: "config", raw: document };
    }
    if (!tool || typeof tool !== "object" || !("asynclint" in tool)) return { kind: "none" };
    return { kind: "config", raw: tool.asynclint };
  }
  if (base === "package.json") {
    // A package.json without our key is common and not ours to judge, even when malformed.
    if (!explicit && !text.includes(`"asynclint"`)) return { kind: "none" };
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { kind: "config", raw: undefined, problem: jsonProblem(file, text, error) };
    }
    if (!document || typeof document !== "object" || Array.isArray(document) || !("asynclint" in document)) return { kind: "none" };
    return { kind: "config", raw: (document as Record<string, unknown>).asynclint };
  }
  // asynclint.json, or any other file given with --config: the whole document is the configuration.
  try {
    return { kind: "config", raw: JSON.parse(text) };
  } catch (error) {
    return { kind: "config", raw: undefined, problem: jsonProblem(file, text, error) };
  }
}

function tomlProblem(file: string, error: unknown): string {
  if (error instanceof TomlError) {
    const firstLine = error.message.split("\n")[0].replace(/^Invalid TOML document:\s*/i, "");
    return t("{0}: invalid TOML: {1}; using defaults.", `${file}:${error.line}:${error.column}`, firstLine);
  }
  return t("{0}: invalid TOML: {1}; using defaults.", file, (error as Error).message);
}

/** The text before the first match of `pattern`, without the spaces before it; all of it when there is none. */
function cutFrom(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return at < 0 ? text : text.slice(0, at).trimEnd();
}

function jsonProblem(file: string, text: string, error: unknown): string {
  const message = (error as Error).message;
  const position = /at position (\d+)/.exec(message);
  // Cut, then trim: a pattern starting with an unanchored \s* is quadratic on long runs of spaces.
  const reason = cutFrom(cutFrom(message, /in JSON at position \d/), /\(line \d+ column \d+\)$/);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    return t("{0}: invalid JSON: {1}; using defaults.", `${file}:${line}:${column}`, reason);
  }
  if (/Unexpected end of JSON input/.test(message)) {
    const line = text.split("\n").length;
    return t("{0}: invalid JSON: the file ends too early; using defaults.", `${file}:${line}`);
  }
  return t("{0}: invalid JSON: {1}; using defaults.", file, reason);
}

/** By name, in a map: an object's `in` would also find `constructor`, `toString` or `__proto__`. */
const KNOWN_KEYS = new Map<string, readonly string[] | null>([
  ["enable", null],
  ["run", null],
  ["rules", null],
  ["maxFileSize", null],
  ["testFiles", null],
  ["testRules", null],
  ["perFileRules", null],
  ["exclude", null],
  ["unsafeFixes", null],
  // The CLI's result cache folder (see server/src/cli/resultCache.ts).
  ["cacheDir", null],
  ["python", ["extraBlockingCalls", "targetVersion"]],
  ["typescript", ["checkThenables", "safePromiseCalls", "safePromiseTypes"]],
  // Editor-only, harmless when copied into a file.
  ["trace", null],
]);

/**
 * `{"python.targetVersion": "3.11"}` (as settings.json spells it) -> `{python: {targetVersion: "3.11"}}`.
 * Into null-prototype objects: a key `__proto__` is a key like any other, not the object's prototype.
 */
function normalizeKeys(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const result: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const dotted = key.startsWith("asynclint.") ? key.slice("asynclint.".length) : key;
    const [head, ...rest] = dotted.split(".");
    if (rest.length === 0) {
      result[head] =
        Object.hasOwn(result, head) && isPlainObject(result[head]) && isPlainObject(value) ? Object.assign(Object.create(null), result[head], value) : value;
    } else {
      const inner = isPlainObject(result[head]) ? (result[head] as Record<string, unknown>) : Object.create(null);
      inner[rest.join(".")] = value;
      result[head] = inner;
    }
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A misspelt key would otherwise be ignored in silence. Many unknown keys make one message, with their count. */
function unknownKeys(raw: unknown, where: string): string[] {
  if (!isPlainObject(raw)) return [];
  const topLevel = [...KNOWN_KEYS.keys()].filter((k) => k !== "trace").join(", ");
  const unknown: Array<{ key: string; known: string }> = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      unknown.push({ key, known: topLevel });
      continue;
    }
    const nested = KNOWN_KEYS.get(key);
    if (nested && isPlainObject(value)) {
      for (const inner of Object.keys(value)) {
        if (!nested.includes(inner)) unknown.push({ key: `${key}.${inner}`, known: nested.map((n) => `${key}.${n}`).join(", ") });
      }
    }
  }
  if (unknown.length === 0) return [];
  if (unknown.length === 1) return [t("{0}: unknown key {1} (known: {2}); ignored.", where, JSON.stringify(unknown[0].key), unknown[0].known)];
  const names = unknown.slice(0, 6).map(({ key }) => JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key));
  return [t("{0}: {1} unknown keys ({2}); ignored (known: {3}).", where, unknown.length.toLocaleString("en-US"), firstNames(names), topLevel)];
}
