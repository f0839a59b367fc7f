import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

/**
 * Shared by every e2e test file: locating fixture workspaces, waiting for the editor
 * (always by polling with a deadline, never a fixed sleep), and talking to the runner.
 */

export const EXTENSION_ID = "asynclint.asynclint";

/** How long the editor gets to do one thing (start the server, re-analyze after an edit). */
export const DEFAULT_DEADLINE_MS = 20_000;
const POLL_MS = 50;

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, deadlineMs = DEFAULT_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "asynclint");
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === "object" && code !== null) return String(code.value);
  return String(code);
}

/** Codes of asynclint's diagnostics, in document order. */
export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start)).map(codeOf);
}

/**
 * Polls until asynclint's diagnostics for `uri` satisfy `accept`, then returns them.
 * On timeout the error shows what was there last, which is what a failing test needs to say.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what = "diagnostics",
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    return await waitFor(
      what,
      () => {
        last = ourDiagnostics(uri);
        return accept(last) ? last : undefined;
      },
      deadlineMs,
    );
  } catch (error) {
    const seen = last.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(", ") || "none";
    throw new Error(`${(error as Error).message}; last seen for ${path.basename(uri.fsPath)}: ${seen}`);
  }
}

/** Waits until the diagnostics carry exactly these codes (document order). */
export function waitForCodes(uri: vscode.Uri, codes: string[], deadlineMs = DEFAULT_DEADLINE_MS): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify(codes);
  return waitForDiagnostics(uri, (d) => JSON.stringify(codesOf(d)) === want, `asynclint codes ${want}`, deadlineMs);
}

export function workspaceFolder(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!folder) {
    const names = (vscode.workspace.workspaceFolders ?? []).map((f) => f.name).join(", ");
    throw new Error(`the e2e workspace has no folder "${name}" (it has: ${names || "none"}); open test/e2e/workspaces/e2e.code-workspace`);
  }
  return folder;
}

export function fixtureUri(folder: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(folder).uri, file);
}

export async function openFixture(folder: string, file: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(folder, file));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Range of the `occurrence`-th (0-based) match of `needle` in the document. */
export function rangeOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) is not in ${path.basename(document.uri.fsPath)}`);
  }
  return new vscode.Range(document.positionAt(at), document.positionAt(at + needle.length));
}

/** Puts the file back as it was on disk, so one test's edits never leak into the next. */
export async function revertAndClose(editor: vscode.TextEditor | undefined): Promise<void> {
  if (!editor) return;
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
}

/** More actions than any test lists: `vscode.executeCodeActionProvider` resolves that many of them. */
const RESOLVE_ALL = 100;

/** Applies a code action's edit (or runs its command) the way the light bulb menu does. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const applied = await vscode.workspace.applyEdit(action.edit);
    if (!applied) throw new Error(`the editor refused the edit of "${action.title}"`);
  }
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Code actions at the range, each resolved as VS Code resolves the one picked (fix-all actions come without their edit until then). */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>("vscode.executeCodeActionProvider", uri, range, kind, RESOLVE_ALL);
  // A bare Command (its `command` is a string) is not a code action; asynclint sends none.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== "string");
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * The offline runner watches a folder for requests it can answer from outside the extension
 * host (take a screenshot, read the notifications on screen). Under other runners the folder
 * is not set and such tests are skipped.
 */
export function runnerChannel(): string | undefined {
  const dir = process.env.ASYNCLINT_E2E_CHANNEL;
  return dir && fs.existsSync(dir) ? dir : undefined;
}

let requestCounter = 0;

export async function askRunner<T = unknown>(question: Record<string, unknown>, deadlineMs = DEFAULT_DEADLINE_MS): Promise<T> {
  const dir = runnerChannel();
  if (!dir) throw new Error("no runner channel (ASYNCLINT_E2E_CHANNEL) in this run");
  const id = `${process.pid}-${Date.now()}-${++requestCounter}`;
  const request = path.join(dir, `request-${id}.json`);
  const answer = path.join(dir, `answer-${id}.json`);
  // Written under another name first so the runner never reads half a request.
  fs.writeFileSync(`${request}.part`, JSON.stringify(question));
  fs.renameSync(`${request}.part`, request);
  const reply = await waitFor(`the runner's answer to ${JSON.stringify(question)}`, () => (fs.existsSync(answer) ? readJson(answer) : undefined), deadlineMs);
  const { error, value } = reply as { error?: string; value?: T };
  if (error) throw new Error(`the runner could not answer ${JSON.stringify(question)}: ${error}`);
  return value as T;
}
