import * as path from "node:path";
import type { Connection } from "vscode-languageserver";
import { filePath } from "./filePath";
import type { SettingsObserver } from "./settingsCache";
import { ConfigHealth, STATUS_NOTIFICATION, type StatusNotificationParams } from "./serverStatus";

export interface ConfigReporter extends SettingsObserver {
  /** The client asked for `asynclint/status` (the VS Code extension does); others get warnings. */
  notifyClient: boolean;
  forget(file: string): void;
}

/**
 * Says in the log which configuration file applies to the files of which workspace folder (once
 * per pair), logs each configuration problem once, and keeps the client's status item current
 * with the problems of every configuration file in use.
 */
export function configReporter(connection: Connection, roots: () => readonly string[]): ConfigReporter {
  const health = new ConfigHealth();
  const logged = new Set<string>();
  const notify = (reporter: ConfigReporter) => {
    if (reporter.notifyClient) void connection.sendNotification(STATUS_NOTIFICATION, { configProblems: health.problems() } satisfies StatusNotificationParams);
  };
  const reporter: ConfigReporter = {
    notifyClient: false,
    settingsRead(uri, configFile, problems) {
      const file = filePath(uri);
      const folder = file ? roots().find((root) => file === root || file.startsWith(root + path.sep)) : undefined;
      const pair = `${folder ?? ""}\0${configFile ?? ""}`;
      if (file && !logged.has(pair)) {
        logged.add(pair);
        const where = folder ? `workspace folder ${folder}` : `${path.dirname(file)} (outside the workspace folders)`;
        connection.console.info(configFile ? `asynclint: settings for ${where} come from ${configFile}, with the editor's settings on top` : `asynclint: no configuration file for ${where}; the editor's settings and the defaults apply`);
      }
      for (const problem of problems) {
        if (logged.has(problem)) continue;
        logged.add(problem);
        connection.console.warn(`asynclint: ${problem}`);
      }
      if (health.record(configFile, problems)) notify(reporter);
      return reporter.notifyClient && configFile ? problems.filter((problem) => problem.startsWith(configFile)) : [];
    },
    forget(file) {
      if (health.forget(file)) notify(reporter);
    },
  };
  return reporter;
}
