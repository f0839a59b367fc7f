import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What the server tells its own client (the VS Code extension) beyond LSP: which configuration
 * files could not be used, so the status item can show an error and the notification can open
 * the file. A client asks for it with `initializationOptions.statusNotifications`; other editors
 * keep getting plain `window/showMessage` warnings.
 */
export const STATUS_NOTIFICATION = "asynclint/status";

export interface ConfigProblemReport {
  file: string;
  /** 1-based, when the problem names one (`pyproject.toml:3:5: invalid TOML …`). */
  line?: number;
  message: string;
}

export interface StatusNotificationParams {
  /** Every configuration file in use that has problems now; empty when all are fine. */
  configProblems: ConfigProblemReport[];
}

/** The extension's package.json (beside dist/ when bundled, two folders up from server/src/lsp in the repository). */
export function packageInfo(): { version: string; typescript: string } {
  for (const candidate of [path.join(__dirname, "..", "package.json"), path.join(__dirname, "..", "..", "..", "package.json")]) {
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string; dependencies?: Record<string, string> };
      if (manifest.name !== "asynclint") continue;
      return { version: manifest.version ?? "unknown", typescript: manifest.dependencies?.typescript ?? "unknown" };
    } catch {
      // not this candidate
    }
  }
  return { version: "unknown", typescript: "unknown" };
}

/**
 * The problems of each configuration file, as last read. A file's problems are the ones whose
 * message starts with its path (projectConfig.ts names the file first); the rest concern editor
 * settings. Reading a file again replaces what it had, so a fixed file clears its error.
 */
export class ConfigHealth {
  private readonly byFile = new Map<string, ConfigProblemReport[]>();

  /** Returns whether the set of problems changed. */
  record(configFile: string | undefined, problems: readonly string[]): boolean {
    if (configFile === undefined) return false;
    const mine = problems.filter((problem) => problem.startsWith(configFile)).map((message) => reportOf(configFile, message));
    const before = JSON.stringify(this.byFile.get(configFile) ?? []);
    if (mine.length === 0) this.byFile.delete(configFile);
    else this.byFile.set(configFile, mine);
    return JSON.stringify(mine) !== before;
  }

  /** A configuration file changed or went away: what it said before no longer holds. */
  forget(file: string): boolean {
    return this.byFile.delete(file);
  }

  problems(): ConfigProblemReport[] {
    return [...this.byFile.values()].flat();
  }
}

function reportOf(file: string, message: string): ConfigProblemReport {
  const position = /^:(\d+)(?::\d+)?:/.exec(message.slice(file.length));
  return position ? { file, line: Number(position[1]), message } : { file, message };
}
