import * as vscode from "vscode";
import type { ConfigurationParams, Middleware } from "vscode-languageclient/node";

/** The keys of `asynclint.*` that the server reads (trace.server is the client's own). */
const KEYS = [
  "enable",
  "run",
  "rules",
  "python.extraBlockingCalls",
  "python.targetVersion",
  "typescript.checkThenables",
  "typescript.safePromiseCalls",
  "typescript.safePromiseTypes",
  "maxFileSize",
  "testFiles",
  "testRules",
  "perFileRules",
] as const;

/**
 * Only the settings the user actually set, per scope: VS Code answers `workspace/configuration`
 * with every default filled in, which would always override the project's pyproject.toml /
 * package.json / asynclint.json. A key absent here lets the project file (or the default) decide.
 */
export function explicitSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration("asynclint", scope);
  const result: Record<string, unknown> = {};
  for (const key of KEYS) {
    const inspected = configuration.inspect(key);
    if (!inspected) continue;
    const levels = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].filter((v) => v !== undefined);
    if (levels.length === 0) continue;
    // Rule levels set in user and workspace settings combine, the more specific one winning per rule.
    const value = (key === "rules" || key === "perFileRules") && levels.every((v) => typeof v === "object" && v !== null && !Array.isArray(v)) ? Object.assign({}, ...levels) : levels[levels.length - 1];
    const [head, tail] = key.split(".");
    if (tail === undefined) result[head] = value;
    else result[head] = { ...((result[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
  }
  return result;
}

/** Answers the server's requests for the `asynclint` section with the explicit settings only. */
export const explicitSettingsMiddleware: Middleware = {
  workspace: {
    configuration: async (params: ConfigurationParams, token, next) => {
      const answered = await next(params, token);
      if (!Array.isArray(answered)) return answered;
      return params.items.map((item, index) =>
        item.section === "asynclint" ? explicitSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answered[index],
      );
    },
  },
};
