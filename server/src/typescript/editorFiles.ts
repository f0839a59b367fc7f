import { analyzeTypeScriptSource, analyzeTypeScriptSourceCooperatively } from "../engine/analyze";
import type { Settings } from "../engine/settings";
import type { AnalysisResult, Finding } from "../engine/types";
import { normalizeFileName, TypeScriptProjects } from "./projects";

/** The editor's language ids for the files the TypeScript side analyzes. */
export const TYPESCRIPT_LANGUAGE_IDS = ["typescript", "typescriptreact", "javascript", "javascriptreact"] as const;

export function isTypeScriptLanguage(languageId: string): boolean {
  return (TYPESCRIPT_LANGUAGE_IDS as readonly string[]).includes(languageId);
}

const EXTENSION_OF_LANGUAGE: Record<string, string> = { typescript: ".ts", typescriptreact: ".tsx", javascript: ".js", javascriptreact: ".jsx" };

/** A file name for a document: its path, or for an unsaved (untitled) one a made-up path with the extension its language needs. */
export function typeScriptFileName(uri: string, path: string | undefined, languageId: string): string {
  if (path) return normalizeFileName(path);
  const safe = uri.replace(/[^A-Za-z0-9_-]+/g, "_");
  return `/__asynclint_untitled__/${safe}${EXTENSION_OF_LANGUAGE[languageId] ?? ".ts"}`;
}

/** What the server knows of an open document: its current text and version. */
export interface OpenText {
  readonly text: string;
  readonly version: number;
}

/** How long after the last keystroke an analysis starts: a burst of typing costs one program update. */
const QUIET_MS = 20;

/**
 * The TypeScript side of the editor, without LSP: open documents as an overlay over the disk,
 * the projects built from them, and analyses that always describe the newest text. An analysis
 * runs in slices; when the text changes meanwhile it is dropped and the newest text analyzed.
 */
export class TypeScriptEditorFiles {
  readonly projects: TypeScriptProjects;
  private readonly open = new Map<string, () => OpenText>();
  private readonly lastChange = new Map<string, number>();
  /** Text a fix-all pass asks about, for one file, while it runs. */
  private hypothetical: { fileName: string; text: string; version: string } | undefined;
  private hypotheticalCount = 0;

  constructor(roots: readonly string[], private readonly onInternalError: (message: string) => void = () => undefined) {
    this.projects = new TypeScriptProjects((fileName) => {
      if (this.hypothetical?.fileName === fileName) return this.hypothetical;
      return this.open.get(fileName)?.();
    }, roots);
  }

  opened(fileName: string, current: () => OpenText): void {
    this.open.set(fileName, current);
    this.projects.documentChanged();
  }

  changed(fileName: string): void {
    this.lastChange.set(fileName, performance.now());
    this.projects.documentChanged();
  }

  closed(fileName: string): void {
    this.open.delete(fileName);
    this.lastChange.delete(fileName);
    this.projects.forget(fileName);
    this.projects.documentChanged();
  }

  diskChanged(fileName: string, kind: "changed" | "created" | "deleted"): void {
    this.projects.fileChanged(fileName, kind);
  }

  /**
   * Analyzes the newest text of an open file. Waits for a short quiet moment after typing, lets
   * other messages in between slices, and restarts on the newest text when an edit arrives.
   */
  async analyze(fileName: string, settings: Settings): Promise<{ result: AnalysisResult; version: number } | undefined> {
    for (;;) {
      const current = this.open.get(fileName);
      if (!current) return undefined;
      const sinceChange = performance.now() - (this.lastChange.get(fileName) ?? 0);
      if (sinceChange < QUIET_MS) {
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS - sinceChange));
        continue;
      }
      const version = current().version;
      const isStale = () => this.open.get(fileName) !== current || current().version !== version;
      const result = await analyzeTypeScriptSourceCooperatively(fileName, { settings, projects: this.projects, onInternalError: this.onInternalError }, isStale);
      if (result && !isStale()) return { result, version };
    }
  }

  /** Findings for a text the file does not have (yet): fix-all asks this after each pass. */
  findingsForText(fileName: string, text: string, settings: Settings): Finding[] {
    if (this.open.get(fileName)?.().text === text) {
      return analyzeTypeScriptSource(fileName, { settings, projects: this.projects, onInternalError: this.onInternalError }).findings;
    }
    this.hypothetical = { fileName, text, version: `fix:${++this.hypotheticalCount}` };
    this.projects.documentChanged();
    try {
      return analyzeTypeScriptSource(fileName, { settings, projects: this.projects, onInternalError: this.onInternalError }).findings;
    } finally {
      this.hypothetical = undefined;
      this.projects.documentChanged();
    }
  }

  dispose(): void {
    this.projects.dispose();
  }
}
