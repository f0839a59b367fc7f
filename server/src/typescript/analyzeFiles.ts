import { analyzeTypeScriptSource } from "../engine/analyze";
import type { Settings } from "../engine/settings";
import type { AnalysisResult } from "../engine/types";
import { normalizeFileName, noticeKey, TypeScriptProjects } from "./projects";

export interface TypeScriptFilesOptions {
  settings: Settings;
  /** Where loose files (outside any tsconfig) share an inferred project; the current directory by default. */
  roots?: readonly string[];
  /** Settings for one file, when they differ by place (project config files); `settings` otherwise. */
  settingsFor?: (file: string) => Settings;
  onInternalError?: (message: string) => void;
}

/**
 * Analyzes TypeScript/JavaScript files from disk for the CLI: each file goes to the project of
 * its nearest tsconfig.json (or the inferred project), each project is built once, and the files
 * are analyzed project by project so one program serves all of its files. A broken tsconfig is
 * reported once (on the first file it governs), not on every file.
 */
export function analyzeTypeScriptFiles(files: readonly string[], options: TypeScriptFilesOptions): Map<string, AnalysisResult> {
  const projects = new TypeScriptProjects(undefined, options.roots ?? [process.cwd()]);
  const results = new Map<string, AnalysisResult>();
  const byConfig = new Map<string, string[]>();
  for (const file of files) {
    const key = projects.nearestConfig(file) ?? "";
    let group = byConfig.get(key);
    if (!group) byConfig.set(key, (group = []));
    group.push(file);
  }
  const reported = new Set<string>();
  try {
    for (const group of byConfig.values()) {
      // Loose files join the inferred project before its program is first built, so it is built once.
      projects.assign(group);
      for (const file of group) {
        const settings = options.settingsFor?.(file) ?? options.settings;
        let result: AnalysisResult;
        try {
          result = analyzeTypeScriptSource(normalizeFileName(file), { settings, projects, onInternalError: options.onInternalError });
        } catch (error) {
          options.onInternalError?.(`analyzing ${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          result = { findings: [], notices: [] };
        }
        const notices = result.notices.filter((notice) => notice.kind !== "config" || !reported.has(noticeKey(notice)));
        for (const notice of notices) if (notice.kind === "config") reported.add(noticeKey(notice));
        results.set(file, { findings: result.findings, notices });
      }
    }
  } finally {
    projects.dispose();
  }
  return results;
}
