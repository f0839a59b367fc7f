import type { Tree } from "web-tree-sitter";
import { analyzePython } from "../python/analyzePython";
import type { ModuleModel } from "../python/moduleModel";
import { unanalyzableTree } from "../python/treeLimits";
import { loadPython, parsePython } from "../python/parser";
import type { PythonWorkspace } from "../python/workspace";
import { ruleByCode } from "./catalogue";
import { LineIndex } from "./lineIndex";
import type { Language } from "./rule";
import { severityFor, type Settings } from "./settings";
import { partitionBySuppression, type Suppression } from "./suppression";
import { UNUSED_SUPPRESSION_CODE, unusedSuppressionFindings } from "./unusedSuppressions";
import type { AnalysisResult, Finding, Fix, Notice, Range, RelatedLocation, WithheldFix } from "./types";
import { t } from "./l10n";
import { runToEnd, typeScriptRuleWalk } from "../typescript/analyzeTypeScript";
import { normalizeFileName, type TypeScriptProjects } from "../typescript/projects";
import { isTypeScriptFileName } from "../typescript/syntax";

export interface SourceInput {
  text: string;
  /** File system path, when there is one: used to resolve imports and for messages. */
  path?: string;
  /** The tree for exactly this text (or a way to get it), kept by the caller: the server re-parses incrementally. */
  pythonTree?: Tree | (() => Tree);
  /** The module model of that tree, when the caller built it already (the CLI, to summarize the module for an import). */
  pythonModel?: (tree: Tree) => ModuleModel | undefined;
  /** A Jupyter notebook's cells joined: top-level `await` is valid and a loop is running. */
  notebook?: boolean;
}

export interface EngineOptions {
  settings: Settings;
  pythonWorkspace?: PythonWorkspace;
  /** Given the module model the Python rules read (the CLI's workspace index summarizes the file from it instead of parsing it again). */
  onPythonModel?: (model: ModuleModel) => void;
}

/** Loads the parsers. Call once before analyzing; later calls return at once. */
export async function initEngine(): Promise<void> {
  await loadPython();
}

const PYTHON_EXTENSIONS = [".py", ".pyi", ".pyw"];

export function isPythonPath(path: string): boolean {
  const lower = path.toLowerCase();
  return PYTHON_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Why a text is not analyzed at all, if it is not. */
export function skipReason(text: string, settings: Settings): string | undefined {
  // A UTF-16 unit encodes to at most 3 bytes: only measure when the cap may be passed.
  if (text.length * 3 > settings.maxFileSize) {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > settings.maxFileSize) {
      return t("not analyzed: the file is {0}, larger than asynclint.maxFileSize ({1}). Raise the setting to analyze it.", formatBytes(bytes), formatBytes(settings.maxFileSize));
    }
  }
  if (text.slice(0, 8192).includes("\u0000")) return t("not analyzed: the file looks binary (it contains NUL bytes).");
  return undefined;
}

export interface RawFinding {
  code: string;
  range: Range;
  message: string;
  fixes: Fix[];
  withheld?: WithheldFix[];
  related?: RelatedLocation[];
  /** Python: places in the module itself, found again in the final text (the incremental analysis keeps findings while other statements move). */
  relatedInModule?: RelatedInModule[];
}

/** A call in a helper of the analyzed module: the `nth` call written `call` in the body of `helper` (`f`, `Cls.m`). */
export interface RelatedInModule {
  helper: string;
  call: string;
  nth: number;
  message: string;
}

/** Gives raw rule output its severity, drops what is turned off or suppressed, and sorts by position. */
export function finalizeFindings(raw: readonly RawFinding[], suppressions: readonly Suppression[], language: Language, settings: Settings): Finding[] {
  const withSeverity = (items: readonly RawFinding[]): Finding[] => {
    const findings: Finding[] = [];
    for (const item of items) {
      const meta = ruleByCode(item.code);
      if (!meta) continue;
      const severity = severityFor(settings, item.code, meta.defaultSeverity[language]);
      if (!severity) continue;
      findings.push({ code: item.code, range: item.range, message: item.message, severity, fixes: item.fixes, ...(item.withheld ? { withheld: item.withheld } : {}), ...(item.related ? { related: item.related } : {}) });
    }
    return findings;
  };
  const { kept, used } = partitionBySuppression(withSeverity(raw), suppressions);
  // Directives that silenced nothing (AL900), unless a directive names AL900 itself for that line or file.
  const unused = withSeverity(unusedSuppressionFindings(suppressions, used, settings));
  const namingUnused = suppressions.filter((directive) => directive.codes?.includes(UNUSED_SUPPRESSION_CODE));
  return [...kept, ...partitionBySuppression(unused, namingUnused).kept].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}

/** Analyzes one Python source. Never throws for any input text: problems become notices. */
export function analyzePythonSource(input: SourceInput, options: EngineOptions): AnalysisResult {
  const { settings } = options;
  const notices: Notice[] = [];
  if (!settings.enable) return { findings: [], notices };
  const skip = skipReason(input.text, settings);
  if (skip) return { findings: [], notices: [{ kind: "skipped", message: skip }] };
  const ownsTree = !input.pythonTree;
  const tree = typeof input.pythonTree === "function" ? input.pythonTree() : (input.pythonTree ?? parsePython(input.text));
  try {
    const unanalyzable = unanalyzableTree(tree);
    if (unanalyzable) return { findings: [], notices: [{ kind: "skipped", message: unanalyzable }] };
    const lines = new LineIndex(input.text);
    const analysis = analyzePython(tree, input.text, { settings, filePath: input.path, workspace: options.pythonWorkspace, notebook: input.notebook }, lines, input.pythonModel?.(tree));
    options.onPythonModel?.(analysis.model);
    return { findings: finalizeFindings(analysis.findings, analysis.suppressions, "python", settings), notices };
  } finally {
    if (ownsTree) tree.delete();
  }
}

/** `.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs`, `.cjs`, but not declaration files (`.d.ts`). */
export function isTypeScriptPath(path: string): boolean {
  return isTypeScriptFileName(path);
}

export interface TypeScriptEngineOptions extends EngineOptions {
  /** The projects the file is looked up in; they hold the programs and the open documents' text. */
  projects: TypeScriptProjects;
  /** Called with a description when a rule failed on the file (the other rules still ran). */
  onInternalError?: (message: string) => void;
}

function* typeScriptAnalysis(path: string, options: TypeScriptEngineOptions): Generator<void, AnalysisResult> {
  const { settings } = options;
  if (!settings.enable) return { findings: [], notices: [] };
  // Checked before the file joins a project: TypeScript would parse all of a 50 MB file first.
  const text = options.projects.textOf(normalizeFileName(path));
  const early = text === undefined ? undefined : skipReason(text, settings);
  if (early) return { findings: [], notices: [{ kind: "skipped", message: early }] };
  let located: ReturnType<TypeScriptProjects["locate"]>;
  try {
    located = options.projects.locate(path);
  } catch (error) {
    // TypeScript's recursive parser overflows the stack on code nested a few thousand levels deep.
    options.onInternalError?.(`TypeScript failed on ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return { findings: [], notices: [{ kind: "skipped", message: t("not analyzed: TypeScript itself failed on this file ({0}).", error instanceof Error ? error.message : String(error)) }] };
  }
  if (!located) return { findings: [], notices: [{ kind: "skipped", message: t("not analyzed: TypeScript could not load this file.") }] };
  const notices: Notice[] = [located.notice, located.readNotice].filter((notice): notice is Notice => notice !== undefined);
  const skip = skipReason(located.sourceFile.text, settings);
  if (skip) return { findings: [], notices: [...notices, { kind: "skipped", message: skip }] };
  const analysis = yield* typeScriptRuleWalk(located.program, located.sourceFile, settings);
  for (const error of analysis.internalErrors) options.onInternalError?.(error);
  return { findings: finalizeFindings(analysis.findings, analysis.suppressions, "typescript", settings), notices };
}

/**
 * Analyzes one TypeScript or JavaScript file with the type checker, from the newest program of its
 * project (open documents' unsaved text included). Never throws for any file text: problems become notices.
 */
export function analyzeTypeScriptSource(path: string, options: TypeScriptEngineOptions): AnalysisResult {
  return runToEnd(typeScriptAnalysis(path, options));
}

/**
 * The same analysis in slices of about `sliceMs`, letting other work run in between. Resolves to
 * undefined as soon as `isStale()` says the result is no longer wanted (a newer text arrived).
 */
export async function analyzeTypeScriptSourceCooperatively(
  path: string,
  options: TypeScriptEngineOptions,
  isStale: () => boolean,
  sliceMs = 15,
): Promise<AnalysisResult | undefined> {
  const walk = typeScriptAnalysis(path, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (isStale()) return undefined;
    sliceStart = performance.now();
  }
}
