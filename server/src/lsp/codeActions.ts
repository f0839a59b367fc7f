import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { ruleByCode } from "../engine/catalogue";
import { chosenFix, fixAll } from "../engine/fixAll";
import { LineIndex } from "../engine/lineIndex";
import { minimalEdit } from "../engine/minimalEdit";
import type { Finding, Fix, Range, TextEdit } from "../engine/types";
import { disableFileEdit, disableLineEdit } from "../python/disableComment";
import { concurrentRewriteForSelection } from "../python/concurrentRefactor";
import { diagnosticData, SOURCE } from "./diagnostics";
import type { OpenDocument } from "./pythonDocument";
import { t } from "../engine/l10n";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;
/** Fix-all of a whole notebook, as VS Code's `notebook.codeActionsOnSave` asks for it (Ruff's is `notebook.source.fixAll.ruff`). */
export const NOTEBOOK_FIX_ALL_KIND = `notebook.${FIX_ALL_KIND}`;
export const SHOW_DOCS_COMMAND = "asynclint.showRuleDocumentation";

/** The edit that silences one code on one line, in the document's own comment syntax. */
export type DisableLineEdit = (line: number, code: string) => TextEdit | undefined;

/** The "Run these awaits concurrently" rewrite for a selection, for languages other than Python. */
export type SelectionRewrite = (selection: Range) => Fix | undefined;

/** The edit that silences one code in the whole file (`ignore-file`), in the document's own comment syntax. */
export type DisableFileEdit = (code: string) => TextEdit | undefined;

export interface CodeActionOptions {
  /** Fix-all (on save too) and "Fix all ALxxx problems" apply unsafe fixes as well (the `unsafeFixes` setting). */
  unsafeFixes?: boolean;
  /** Writes the `ignore-file` directive; by default Python's, placed with the document's tree. */
  disableFile?: DisableFileEdit;
  /** The client shows disabled code actions with their reason (`codeAction.disabledSupport`): then withheld fixes say why. */
  disabledSupport?: boolean;
}

/**
 * Quick fixes, "disable for this line", "show documentation" and fix-all for one request.
 * `disableLine` writes the comment and `rewriteSelection` the refactor when the caller decides them
 * (other languages; a Python text over the size cap, which gets neither); by default Python's.
 */
export function codeActions(
  params: CodeActionParams,
  document: OpenDocument,
  analyze: (text: string) => Finding[],
  disableLine?: DisableLineEdit,
  rewriteSelection?: SelectionRewrite,
  options: CodeActionOptions = {},
): CodeAction[] {
  const unsafe = options.unsafeFixes ?? false;
  // The document's own findings, analyzed at most once per request (fix-all and "Fix all ALxxx problems" start from them).
  let current: Finding[] | undefined;
  const analyzeOnce = (text: string) => (text === document.text ? (current ??= analyze(text)) : analyze(text));
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  const uri = document.uri;

  if (wants(FIX_ALL_KIND)) {
    const fixAllAction = fixAllCodeAction(document, analyzeOnce, unsafe);
    if (fixAllAction) actions.push(fixAllAction);
    if (only) return actions;
  }
  // Offered on a selection of consecutive awaits whenever they are provably independent, reported or not.
  const rewriteOf = rewriteSelection ?? (document.document.languageId === "python" ? (range: Range) => concurrentRewriteForSelection(document.text, range) : undefined);
  if (wants(CodeActionKind.RefactorRewrite) && rewriteOf) {
    const rewrite = rewriteOf(params.range);
    if (rewrite) actions.push({ title: rewrite.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: rewrite.edits as LspTextEdit[] } } });
  }
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === "string");
  // VS Code lists disabled actions only when a kind is asked for (the Refactor… menu, a keybinding with a kind), never in Ctrl+.'s plain list:
  // a withheld rewrite is offered greyed out in the Refactor… menu too, where it is one.
  if (options.disabledSupport && only && wants(CodeActionKind.RefactorRewrite) && !wants(CodeActionKind.QuickFix)) {
    actions.push(...withheldActions(ours, document.contentKey, CodeActionKind.RefactorRewrite));
  }
  if (!wants(CodeActionKind.QuickFix)) return actions;

  const lines = new LineIndex(document.text);
  actions.push(
    ...fixActions(
      ours.map((diagnostic) => {
        const data = diagnosticData(diagnostic);
        // Fixes made for another text would land in the wrong place; a version number cannot tell (a client may repeat one).
        const fixes = data && data.content === document.contentKey ? data.fixes : [];
        return { diagnostic, fixes: fixes.map((fix) => ({ title: fix.title, safe: fix.safe, changes: { [uri]: fix.edits as LspTextEdit[] } })) };
      }),
    ),
  );
  if (options.disabledSupport) actions.push(...withheldActions(ours, document.contentKey));
  actions.push(...ruleFixAllActions(ours, document, analyzeOnce, unsafe));
  actions.push(
    ...lineActions(ours, uri, (line, code) => (disableLine ? disableLine(line, code) : disableLineEdit(document.pythonTree(), lines, line, code))),
  );
  actions.push(...fileActions(ours, uri, options.disableFile ?? ((code) => disableFileEdit(document.pythonTree(), lines, code))));
  if (ours.some((d) => (diagnosticData(d)?.fixes.some((f) => f.safe || unsafe) ?? false))) {
    const fixAllAction = fixAllCodeAction(document, analyzeOnce, unsafe);
    if (fixAllAction) actions.push({ ...fixAllAction, kind: CodeActionKind.QuickFix });
  }
  return actions;
}

/**
 * "Fix all ALxxx problems" for each code under the cursor that has fixes fix-all may apply (safe,
 * or any with `unsafe`) in at least two places of the file: that rule's fixes only, applied as fix-all
 * applies them (again until none is left), as vscode-eslint offers "Fix all <rule> problems".
 */
function ruleFixAllActions(ours: readonly Diagnostic[], document: OpenDocument, analyze: (text: string) => Finding[], unsafe: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  const codes = [...new Set(ours.filter((d) => diagnosticData(d)?.fixes.some((f) => f.safe || unsafe)).map((d) => d.code as string))];
  if (codes.length === 0) return actions;
  const before = document.text;
  for (const code of codes) {
    const ofRule = (text: string) => analyze(text).filter((finding) => finding.code === code);
    if (ofRule(before).filter((finding) => chosenFix(finding, unsafe)).length < 2) continue;
    const { text, applied } = fixAll(before, ofRule, { unsafe });
    const edit = minimalEdit(before, text);
    if (!edit || applied === 0) continue;
    actions.push({
      title: t("Fix all {0} problems", code),
      kind: CodeActionKind.QuickFix,
      diagnostics: ours.filter((d) => d.code === code),
      edit: { changes: { [document.uri]: [edit as LspTextEdit] } },
    });
  }
  return actions;
}

/**
 * A fix the rule knows but does not offer here, as a disabled action whose reason the light bulb
 * shows ("`device` is read after the loop…"): the user learns why there is no fix, instead of guessing.
 */
export function withheldActions(diagnostics: readonly Diagnostic[], contentKey: string, kind: string = CodeActionKind.QuickFix): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnosticData(diagnostic);
    if (!data?.withheld || data.content !== contentKey) continue;
    for (const { title, reason } of data.withheld) actions.push({ title, kind, diagnostics: [diagnostic], disabled: { reason } });
  }
  return actions;
}

/** "Disable ALxxx for this file" once per code, where the directive can be written (or extended). */
export function fileActions(diagnostics: readonly Diagnostic[], uri: string, disableFile: DisableFileEdit): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const code of new Set(diagnostics.map((d) => d.code as string))) {
    const edit = disableFile(code);
    if (!edit) continue;
    actions.push({
      title: t("Disable {0} for this file", code),
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.filter((d) => d.code === code),
      edit: { changes: { [uri]: [edit as LspTextEdit] } },
    });
  }
  return actions;
}

export interface OfferedFix {
  title: string;
  safe: boolean;
  changes: WorkspaceEdit["changes"];
}

/** Each diagnostic's fixes as quick fixes; the first safe one of the request is the preferred one. */
export function fixActions(items: ReadonlyArray<{ diagnostic: Diagnostic; fixes: readonly OfferedFix[] }>): CodeAction[] {
  const actions: CodeAction[] = [];
  let preferredGiven = false;
  for (const { diagnostic, fixes } of items) {
    for (const fix of fixes) {
      actions.push({
        title: fix.safe ? fix.title : t("{0} (unsafe)", fix.title),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safe && !preferredGiven ? (preferredGiven = true) : undefined,
        edit: { changes: fix.changes },
      });
    }
  }
  return actions;
}

/** "Disable ALxxx for this line" for each diagnostic where a comment can go, and "Show documentation" once per code. */
export function lineActions(diagnostics: readonly Diagnostic[], uri: string, disableEdit: DisableLineEdit): CodeAction[] {
  const actions: CodeAction[] = [];
  const seenCodes = new Set<string>();
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code as string;
    const disable = disableEdit(diagnostic.range.start.line, code);
    if (disable) {
      actions.push({
        title: t("Disable {0} for this line", code),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [disable as LspTextEdit] } },
      });
    }
    const rule = ruleByCode(code);
    if (rule && !seenCodes.has(code)) {
      seenCodes.add(code);
      actions.push({
        title: t("Show documentation for {0} ({1})", code, rule.name),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: t("Show documentation for {0}", code), command: SHOW_DOCS_COMMAND, arguments: [code] },
      });
    }
  }
  return actions;
}

function fixAllCodeAction(document: OpenDocument, analyze: (text: string) => Finding[], unsafe: boolean): CodeAction | undefined {
  const before = document.text;
  const { text, applied } = fixAll(before, analyze, { unsafe });
  const edit = minimalEdit(before, text);
  if (!edit || applied === 0) return undefined;
  return {
    title: t("Fix all asynclint problems"),
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: [edit as LspTextEdit] } },
  };
}

export function isOurs(diagnostic: Diagnostic): boolean {
  return diagnostic.source === SOURCE;
}
