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

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
    /** The workspace folders: path patterns (test files, per-file rules) are relative to the one holding a file. */
    private readonly roots: () => readonly string[] = () => [],
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
    if (this.canAskClient()) {
      try {
        raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: "asynclint" });
      } catch {
        raw = undefined;
      }
    }
    const file = localPath(uri);
    const { settings, problems } = file ? settingsForFile(file, raw, this.roots()) : validateSettings(raw);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      void this.connection.window.showWarningMessage(`asynclint: ${problem}`);
    }
    return settings;
  }
}

function localPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
