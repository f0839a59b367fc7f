import { analyzeTypeScriptSource, isTypeScriptPath } from "../engine/analyze";
import type { Settings } from "../engine/settings";
import type { AnalysisResult } from "../engine/types";
import { emptyOutcome, type FileOutcome, type RunContext } from "../cli/fileOutcome";
import type { LoadedSource, PerFileLanguage, ProjectLanguage } from "../cli/languages";
import type { CachedRunReport, CacheOptions } from "../cli/cachedRun";
import { TypeScriptCache } from "../cli/typeScriptCache";
import { processFile } from "../cli/processFile";
import { decodeSource, readSource, type ReadResult } from "../cli/readSource";
import { normalizeFileName, noticeKey, TypeScriptProjects } from "./projects";

function plainSource(read: Extract<ReadResult, { ok: true }>): LoadedSource {
  return {
    text: read.text,
    snapshot: read.snapshot,
    serialize(text) {
      if (read.encoding !== "utf-8") return { ok: false, reason: `fixes are only written to UTF-8 files, and this one is ${read.encoding}` };
      return { ok: true, bytes: Buffer.from((read.bom ? "\ufeff" : "") + text, "utf8") };
    },
  };
}

/** One file, whatever happens: a failure in TypeScript or a rule is reported against the file and the run goes on. */
function checkOne(file: string, language: PerFileLanguage, context: RunContext, content: Buffer | undefined): FileOutcome {
  try {
    return processFile(file, language, context, content);
  } catch (error) {
    const outcome = emptyOutcome(file);
    outcome.messages.push({ level: "error", text: `internal error while checking this file: ${error instanceof Error ? error.message : String(error)}` });
    return outcome;
  }
}

/**
 * `asynclint check` for TypeScript and JavaScript: the files are placed in their projects (nearest
 * tsconfig.json/jsconfig.json, else the inferred project) before any program is built, so each
 * project is built once and serves all its files. Fixing (--fix/--diff) reuses the CLI's per-file
 * steps; a fixed text is shown to the program as unsaved text of that one file.
 */
export const typescript: ProjectLanguage = {
  kind: "project",
  name: "typescript",
  accepts: isTypeScriptPath,
  async analyzeFiles(files: readonly string[], context: RunContext, given?: ReadonlyMap<string, Buffer>): Promise<FileOutcome[]> {
    return checkProjects(files, context, given).outcomes;
  },
  async analyzeThroughCache(files: readonly string[], context: RunContext, cache: CacheOptions): Promise<CachedRunReport> {
    return checkProjects(files, context, undefined, cache);
  },
};

/** The files' outcomes, project by project; with a cache, the projects whose input is unchanged are taken from it (see typeScriptCache.ts). */
function checkProjects(files: readonly string[], context: RunContext, given?: ReadonlyMap<string, Buffer>, cacheOptions?: CacheOptions): CachedRunReport {
  const unsaved = new Map<string, { text: string; version: number }>();
  let edits = 0;
  const projects = new TypeScriptProjects((fileName) => unsaved.get(fileName), [context.cwd]);
  const shownConfigNotices = new Set<string>();
  let cache: TypeScriptCache | undefined;

  const analyzeText = (text: string, file: string, settings: Settings): AnalysisResult => {
    const fileName = normalizeFileName(file);
    // The text on disk needs no overlay: every file of the project keeps sharing one program.
    if (text !== (unsaved.get(fileName)?.text ?? projects.textOf(fileName))) {
      unsaved.set(fileName, { text, version: ++edits });
      projects.documentChanged();
    }
    const result = analyzeTypeScriptSource(fileName, { settings, projects });
    // Files the program refused (too large, not regular files): one notice, said once in the run, whatever program it came from.
    if (result.notices.some((notice) => notice.kind === "config" && notice.subject === undefined)) cache?.uncacheable(fileName);
    // A broken tsconfig is said once, on the first file it governs.
    const notices = result.notices.filter((notice) => notice.kind !== "config" || !shownConfigNotices.has(noticeKey(notice)));
    for (const notice of notices) if (notice.kind === "config") shownConfigNotices.add(noticeKey(notice));
    return { findings: result.findings, notices };
  };
  const language: PerFileLanguage = {
    kind: "per-file",
    name: "typescript",
    accepts: isTypeScriptPath,
    init: async () => undefined,
    load(file, settings, bytes) {
      const read = bytes ? decodeSource(bytes) : readSource(file, settings.maxFileSize);
      return read.ok ? { ok: true, source: plainSource(read) } : read;
    },
    analyze: (text, file, settings) => analyzeText(text, file, settings),
  };

  try {
    projects.assign(files);
    cache = cacheOptions ? new TypeScriptCache(files, projects, context, cacheOptions) : undefined;
    const toCheck = cache ? cache.toCheck : files;
    const outcomes: FileOutcome[] = [];
    // Project by project, so one program (and its type checker) is warm for all of its files.
    const ordered = [...toCheck].sort((a, b) => (projects.nearestConfig(a) ?? "").localeCompare(projects.nearestConfig(b) ?? ""));
    for (const file of ordered) {
      cache?.starting(file);
      outcomes.push(checkOne(file, language, context, given?.get(file)));
      const fileName = normalizeFileName(file);
      // After --fix the disk holds the fixed text: read it again from there.
      if (unsaved.delete(fileName)) projects.fileChanged(fileName);
    }
    cache?.finish(outcomes);
    return { outcomes: cache ? [...outcomes, ...cache.fromCache] : outcomes, checked: [...toCheck] };
  } finally {
    projects.dispose();
  }
}
