import * as vscode from "vscode";
import { t } from "./l10n";

/**
 * The `asynclint` task type: `asynclint check` run by the CLI bundled with the extension (the
 * same engine as the editor), its findings read into the Problems panel by the `$asynclint`
 * problem matcher (package.json). Colour is off: the matcher reads plain lines.
 */
export const TASK_TYPE = "asynclint";

interface CheckTaskDefinition extends vscode.TaskDefinition {
  /** Files, folders or globs to check; default: the workspace folder. */
  paths?: string[];
  /** More options for `asynclint check` (`--select AL1`, `--config ci.toml`). */
  args?: string[];
}

export function checkTaskProvider(cliPath: string): vscode.TaskProvider {
  const make = (definition: CheckTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string, source = TASK_TYPE): vscode.Task => {
    const args = [cliPath, "check", ...(definition.paths ?? []), ...(definition.args ?? [])];
    const execution = new vscode.ProcessExecution(process.execPath, args, {
      cwd: typeof scope === "object" ? scope.uri.fsPath : undefined,
      // In desktop VS Code the extension host's executable is Electron, which runs as Node with this.
      env: { ELECTRON_RUN_AS_NODE: "1", NO_COLOR: "1" },
    });
    const task = new vscode.Task(definition, scope, name, source, execution, ["$asynclint"]);
    task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  };
  return {
    provideTasks: () =>
      (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === "file").map((folder) => make({ type: TASK_TYPE }, folder, "check")),
    resolveTask: (task) => {
      const definition = task.definition as CheckTaskDefinition;
      if (definition.type !== TASK_TYPE) return undefined;
      const scope = task.scope ?? vscode.TaskScope.Workspace;
      // Keep the name and matchers the user wrote in tasks.json.
      const resolved = make(definition, scope, task.name);
      if (task.problemMatchers.length > 0) resolved.problemMatchers = task.problemMatchers;
      return resolved;
    },
  };
}
