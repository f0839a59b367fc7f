import { fileURLToPath } from "node:url";
import type { Connection } from "vscode-languageserver";
import { invalidateProjectConfig, settingsForFile } from "../engine/projectConfig";
import { validateSettings, type Settings } from "../engine/settings";

/**
 * Settings per document: the project configuration nearest to the file (pyproject.toml,
 * package.json, asynclint.json), then the editor's settings read through `workspace/configuration`
 * (resource scope) on top. Validated, and cached until the client says settings or a config file
 * changed. Each distinct problem is shown once.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  /** Bumped on every change, so cached analyses made under old settings are not reused. */
  generation = 0;
  /** The client's last answer, per document and overall: what stands in when it does not answer. */
  private readonly lastAnswers = new Map<string, unknown>();
  private lastAnswer: { raw: unknown } | undefined;
  private silenceLogged = false;

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
    /** The workspace folders: path patterns (test files, per-file rules) are relative to the one holding a file. */
    private readonly roots: () => readonly string[] = () => [],
    private readonly unanswered: UnansweredRequests = {},
    private readonly observer?: SettingsObserver,
  ) {}

  get(uri: string): Promise<Settings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.lastAnswers.delete(uri);
  }

  changed(): void {
    this.byUri.clear();
    this.generation++;
  }

  /** A configuration file changed on disk: forget what it may have decided. */
  configFileChanged(file: string): void {
    invalidateProjectConfig(file);
    this.changed();
  }

  private async fetch(uri: string): Promise<Settings> {
    let raw: unknown;
    if (this.canAskClient()) raw = await this.ask(uri);
    return this.settingsFrom(uri, raw);
  }

  /**
   * The client's `asynclint` section for the document. A client that never answers must not hold
   * up every pull and hover: after a few seconds its last answer (or nothing: the defaults) is
   * used, said once in the log, and a late answer replaces it (the caller re-analyzes).
   */
  private async ask(uri: string): Promise<unknown> {
    const generation = this.generation;
    const request = this.connection.workspace.getConfiguration({ scopeUri: uri, section: "asynclint" }).then(
      (raw: unknown) => {
        this.lastAnswers.set(uri, raw);
        this.lastAnswer = { raw };
        return { raw };
      },
      () => ({ raw: undefined }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.unanswered.timeoutMs ?? CONFIGURATION_TIMEOUT_MS)));
    const answer = await Promise.race([request, timeout]);
    clearTimeout(timer);
    if (answer) return answer.raw;
    if (!this.silenceLogged) {
      this.silenceLogged = true;
      const seconds = (this.unanswered.timeoutMs ?? CONFIGURATION_TIMEOUT_MS) / 1000;
      this.connection.console.warn(
        `asynclint: the editor did not answer a workspace/configuration request within ${seconds} s; using the settings it last sent (or the defaults) until it answers.`,
      );
    }
    void request.then(({ raw }) => {
      // Unless settings changed meanwhile (a newer request was made), the answer replaces the stand-in.
      if (this.generation !== generation || !this.byUri.has(uri)) return;
      this.byUri.set(uri, Promise.resolve(this.settingsFrom(uri, raw)));
      this.generation++;
      this.unanswered.onLateAnswer?.();
    });
    return this.lastAnswers.has(uri) ? this.lastAnswers.get(uri) : this.lastAnswer?.raw;
  }

  private settingsFrom(uri: string, raw: unknown): Settings {
    const file = localPath(uri);
    const { settings, problems, configFile } = file ? settingsForFile(file, raw, this.roots()) : { ...validateSettings(raw), configFile: undefined };
    const reportedElsewhere = new Set(this.observer?.settingsRead(uri, configFile, problems) ?? []);
    for (const problem of problems) {
      if (this.reported.has(problem) || reportedElsewhere.has(problem)) continue;
      this.reported.add(problem);
      void this.connection.window.showWarningMessage(`asynclint: ${problem}`);
    }
    return settings;
  }
}

/** How long a `workspace/configuration` request may go unanswered before the last known settings stand in. */
export const CONFIGURATION_TIMEOUT_MS = 3000;

/** Told of every settings read: which configuration file applied and its problems. */
export interface SettingsObserver {
  /** Returns the problems it reports itself, which the cache then does not show as warnings. */
  settingsRead(uri: string, configFile: string | undefined, problems: readonly string[]): readonly string[];
}

export interface UnansweredRequests {
  timeoutMs?: number;
  /** A late answer replaced settings already handed out: analyses made with them are stale. */
  onLateAnswer?: () => void;
}

function localPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
