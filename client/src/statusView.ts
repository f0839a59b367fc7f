import * as path from "node:path";
import { t } from "./l10n";

/**
 * What the language status item shows, decided from the server's state and the configuration
 * problems it reported. Kept free of VS Code so the unit tests can check every state; the
 * extension copies the view onto the item. Something wrong always wins over "running": a server
 * that gave up is an error (open the output), and so is a configuration file that cannot be used
 * (open that file, at the line the problem names), since its settings are then ignored.
 */
export type ServerState =
  | { kind: "starting" }
  | { kind: "running"; version?: string }
  | { kind: "failed"; failure: "start" | "crashes" };

export interface ConfigProblem {
  file: string;
  /** 1-based, when the problem names a line. */
  line?: number;
  message: string;
}

export interface StatusView {
  text: string;
  detail: string;
  severity: "information" | "warning" | "error";
  busy: boolean;
  command: { title: string; command: string; tooltip: string; arguments?: unknown[] };
}

export const SHOW_OUTPUT_COMMAND = "asynclint.showOutput";
export const OPEN_CONFIG_PROBLEM_COMMAND = "asynclint.openConfigProblem";

export function statusView(server: ServerState, configProblems: readonly ConfigProblem[], extensionVersion: string): StatusView {
  const showOutput = (tooltip: string) => ({ title: t("Show Output"), command: SHOW_OUTPUT_COMMAND, tooltip });
  if (server.kind === "failed") {
    return {
      text: t("asynclint: stopped"),
      detail: server.failure === "start" ? t("the server could not start") : t("the server stopped too often"),
      severity: "error",
      busy: false,
      command: showOutput(t("asynclint {0}: files are not checked. Restart with \"asynclint: Restart Server\".", extensionVersion)),
    };
  }
  if (configProblems.length > 0) {
    const [first] = configProblems;
    const files = [...new Set(configProblems.map((problem) => problem.file))];
    return {
      text: t("asynclint: configuration error"),
      detail: files.length === 1 ? t("{0} is invalid; defaults are used", path.basename(first.file)) : t("{0} configuration files are invalid; defaults are used", files.length),
      severity: "error",
      busy: false,
      command: { title: t("Open File"), command: OPEN_CONFIG_PROBLEM_COMMAND, tooltip: first.message, arguments: [first.file, first.line ?? 1] },
    };
  }
  if (server.kind === "starting") {
    return { text: "asynclint", detail: t("starting…"), severity: "information", busy: true, command: showOutput(t("asynclint {0}", extensionVersion)) };
  }
  const version = server.version ?? extensionVersion;
  return { text: "asynclint", detail: t("{0}, running", version), severity: "information", busy: false, command: showOutput(t("asynclint {0}: the server is running", version)) };
}
