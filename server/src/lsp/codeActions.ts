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
  /**
   * The client fills in a code action's edit with codeAction/resolve (`codeAction.resolveSupport`
   * lists "edit"): fix-all actions are then sent without their edit, which re-analyzes the fixed
   * text for every pass after the first, and only the one the user picks is computed.
   */
  resolveEdits?: boolean;
  /** The current text's findings when the caller has them (the diagnostics' analysis): deciding which lazy fix-all to offer then analyzes nothing. */
  currentFindings?: readonly Finding[];
}

/** What a fix-all action sent without its edit carries: what codeAction/resolve computes, and for which text. */
export interface FixAllResolveData {
  asynclintFixAll: true;
  uri: string;
  version: number;
  /** contentKeyOf the text the action was offered for (pythonDocument.ts): the edit is computed only for that text. */
  content: string;
  /** "Fix all ALxxx problems": that rule's fixes only; absent for the file-wide fix-all. */
  rule?: string;
}

export function fixAllResolveData(action: CodeAction): FixAllResolveData | undefined {
  const data = action.data as Partial<FixAllResolveData> | undefined;
  if (data?.asynclintFixAll !== true || typeof data.uri !== "string" || typeof data.version !== "number" || typeof data.content !== "string") return undefined;
  if (data.rule !== undefined && typeof data.rule !== "string") return undefined;
  return data as FixAllResolveData;
}

/** Why a fix-all action offered for `data`'s text cannot be resolved against `document`, or undefined when it can. */
export function staleFixAllReason(data: FixAllResolveData, document: OpenDocument | undefined): string | undefined {
  if (!document) return "the document is no longer open";
  if (document.outOfSync !== undefined) return "asynclint no longer knows the document's text";
  // A client may repeat a version number for another text: the content decides.
  if (document.version !== data.version || document.contentKey !== data.content) return `the document changed since the action was offered (version ${data.version}, now ${document.version})`;
  return undefined;
}

/**
 * The edit of a fix-all action sent without one, computed from the document's current text, which
 * the caller has checked is the text it was offered for (staleFixAllReason). Without anything left
 * to fix, the action comes back without an edit, so applying it changes nothing.
 */
export function resolveFixAllAction(action: CodeAction, data: FixAllResolveData, document: OpenDocument, analyze: (text: string) => Finding[], unsafe: boolean): CodeAction {
  const code = data.rule;
  const edit = fixAllEdit(document.text, code === undefined ? analyze : (text) => analyze(text).filter((finding) => finding.code === code), unsafe);
  return edit ? { ...action, edit: { changes: { [document.uri]: [edit] } } } : action;
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
  const lazy = options.resolveEdits ?? false;
  const currentFindings = () => options.currentFindings ?? analyzeOnce(document.text);
  // Offered twice in the light bulb's list (its own kind and as a quick fix): computed once.
  let fileFixAll: { action: CodeAction | undefined } | undefined;
  const fileFixAllAction = () => (fileFixAll ??= { action: lazy ? lazyFixAllAction(document, currentFindings(), unsafe) : fixAllCodeAction(document, analyzeOnce, unsafe) }).action;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  const uri = document.uri;

  if (wants(FIX_ALL_KIND)) {
    const fixAllAction = fileFixAllAction();
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
  actions.push(...(lazy ? lazyRuleFixAllActions(ours, document, currentFindings, unsafe) : ruleFixAllActions(ours, document, analyzeOnce, unsafe)));
  actions.push(
    ...lineActions(ours, uri, (line, code) => (disableLine ? disableLine(line, code) : disableLineEdit(document.pythonTree(), lines, line, code))),
  );
  actions.push(...fileActions(ours, uri, options.disableFile ?? ((code) => disableFileEdit(document.pythonTree(), lines, code))));
  if (ours.some((d) => (diagnosticData(d)?.fixes.some((f) => f.safe || unsafe) ?? false))) {
    const fixAllAction = fileFixAllAction();
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
  const before = document.text;
  for (const code of fixableCodes(ours, unsafe)) {
    const ofRule = (text: string) => analyze(text).filter((finding) => finding.code === code);
    if (!fixableTwice(ofRule(before), code, unsafe)) continue;
    const edit = fixAllEdit(before, ofRule, unsafe);
    if (!edit) continue;
    actions.push({ ...ruleFixAllAction(ours, code), edit: { changes: { [document.uri]: [edit] } } });
  }
  return actions;
}

/** "Fix all ALxxx problems" as ruleFixAllActions offers them, without their edit (the client resolves the one picked). */
function lazyRuleFixAllActions(ours: readonly Diagnostic[], document: OpenDocument, findings: () => readonly Finding[], unsafe: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const code of fixableCodes(ours, unsafe)) {
    if (!fixableTwice(findings(), code, unsafe)) continue;
    actions.push({ ...ruleFixAllAction(ours, code), data: resolveData(document, code) });
  }
  return actions;
}

/** The codes under the cursor with a fix fix-all may apply. */
function fixableCodes(ours: readonly Diagnostic[], unsafe: boolean): string[] {
  return [...new Set(ours.filter((d) => diagnosticData(d)?.fixes.some((f) => f.safe || unsafe)).map((d) => d.code as string))];
}

/** Whether fix-all may fix the code in at least two places: for one, the finding's own fix is the action. */
function fixableTwice(findings: readonly Finding[], code: string, unsafe: boolean): boolean {
  return findings.filter((finding) => finding.code === code && chosenFix(finding, unsafe)).length >= 2;
}

function ruleFixAllAction(ours: readonly Diagnostic[], code: string): CodeAction {
  return { title: t("Fix all {0} problems", code), kind: CodeActionKind.QuickFix, diagnostics: ours.filter((d) => d.code === code) };
}

function resolveData(document: OpenDocument, rule?: string): FixAllResolveData {
  return { asynclintFixAll: true, uri: document.uri, version: document.version, content: document.contentKey, ...(rule === undefined ? {} : { rule }) };
}

/** Fix-all's edit of the text (again until nothing is left), as one minimal edit; undefined when it changes nothing. */
function fixAllEdit(before: string, analyze: (text: string) => Finding[], unsafe: boolean): LspTextEdit | undefined {
  const { text, applied } = fixAll(before, analyze, { unsafe });
  const edit = minimalEdit(before, text);
  return edit && applied > 0 ? (edit as LspTextEdit) : undefined;
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
  const edit = fixAllEdit(document.text, analyze, unsafe);
  if (!edit) return undefined;
  return { title: t("Fix all asynclint problems"), kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: [edit] } } };
}

/** The file-wide fix-all without its edit, offered when a finding of the text has a fix fix-all may apply. */
function lazyFixAllAction(document: OpenDocument, findings: readonly Finding[], unsafe: boolean): CodeAction | undefined {
  if (!findings.some((finding) => chosenFix(finding, unsafe))) return undefined;
  return { title: t("Fix all asynclint problems"), kind: FIX_ALL_KIND, data: resolveData(document) };
}

export function isOurs(diagnostic: Diagnostic): boolean {
  return diagnostic.source === SOURCE;
}
