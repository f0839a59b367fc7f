import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, fixtureUri, waitFor } from "./helpers";

/**
 * `asynclint check` as a VS Code task: the extension's task type runs the bundled CLI in a
 * workspace folder, and the `$asynclint` problem matcher reads its text output into the Problems
 * panel. backup.py is never opened, so no diagnostic for it can come from the language server.
 */
describe("the asynclint task", () => {
  it("runs asynclint check and fills the Problems panel through $asynclint", async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: "asynclint" });
    const inFolder = tasks.filter((candidate) => typeof candidate.scope === "object" && candidate.scope.name === "check-task");
    const names = tasks.map((t) => `${t.name}@${typeof t.scope === "object" ? t.scope.name : t.scope}`).join(", ");
    // The one the extension offers in every folder, and the one this folder's tasks.json defines with the type.
    const provided = inFolder.find((candidate) => candidate.name === "check");
    assert.ok(provided, `no provided asynclint task for the check-task folder: ${names}`);
    assert.deepEqual(provided.problemMatchers, ["$asynclint"]);
    const task = inFolder.find((candidate) => candidate.name === "check backup.py");
    assert.ok(task, `the tasks.json task is missing: ${names}`);

    let ended = false;
    const exitCode = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type !== "asynclint") return;
        ended = true;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    const execution = await vscode.tasks.executeTask(task);
    try {
      assert.equal(await exitCode, 1, "asynclint check exits 1 when it finds problems");
      const uri = fixtureUri("check-task", "backup.py");
      const problems = await waitFor("the task's problems for backup.py", () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "asynclint");
        return found.length >= 2 ? found : undefined;
      });
      const seen = problems.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
      assert.deepEqual(seen, ["AL101@7:5", "AL102@8:5"]);
      const sleep = problems.find((d) => codeOf(d) === "AL101")!;
      assert.match(sleep.message, /`time\.sleep` blocks the event loop in `async def backup_router`/);
      assert.equal(sleep.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      if (!ended) execution.terminate();
    }
  });
});
