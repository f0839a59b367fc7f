import type { Connection } from "vscode-languageserver";
import { defaultSettings, validateSettings, type Settings } from "../engine/settings";

/**
 * Settings per document, read through `workspace/configuration` (resource scope), validated,
 * and cached until the client says they changed. Each distinct problem is shown once.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  /** Bumped on every change, so cached analyses made under old settings are not reused. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
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

  private async fetch(uri: string): Promise<Settings> {
    if (!this.canAskClient()) return defaultSettings();
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: "asynclint" });
    } catch {
      return defaultSettings();
    }
    const { settings, problems } = validateSettings(raw);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      void this.connection.window.showWarningMessage(`asynclint: ${problem}`);
    }
    return settings;
  }
}
