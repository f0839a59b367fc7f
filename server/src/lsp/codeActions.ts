import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { ruleByCode } from "../engine/catalogue";
import { fixAll } from "../engine/fixAll";
import { LineIndex } from "../engine/lineIndex";
import { minimalEdit } from "../engine/minimalEdit";
import type { Finding, Fix, Range, TextEdit } from "../engine/types";
import { disableLineEdit } from "../python/disableComment";
import { concurrentRewriteForSelection } from "../python/concurrentRefactor";
import { diagnosticData, SOURCE } from "./diagnostics";
import type { OpenDocument } from "./pythonDocument";
import { t } from "../engine/l10n";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;
export const SHOW_DOCS_COMMAND = "asynclint.showRuleDocumentation";

/** The edit that silences one code on one line, in the document's own comment syntax. */
export type DisableLineEdit = (line: number, code: string) => TextEdit | undefined;

/** The "Run these awaits concurrently" rewrite for a selection, for languages other than Python. */
export type SelectionRewrite = (selection: Range) => Fix | undefined;

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
): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  const uri = document.uri;

  if (wants(FIX_ALL_KIND)) {
    const fixAllAction = fixAllCodeAction(document, analyze);
    if (fixAllAction) actions.push(fixAllAction);
    if (only) return actions;
  }
  // Offered on a selection of consecutive awaits whenever they are provably independent, reported or not.
  const rewriteOf = rewriteSelection ?? (document.document.languageId === "python" ? (range: Range) => concurrentRewriteForSelection(document.text, range) : undefined);
  if (wants(CodeActionKind.RefactorRewrite) && rewriteOf) {
    const rewrite = rewriteOf(params.range);
    if (rewrite) actions.push({ title: rewrite.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: rewrite.edits as LspTextEdit[] } } });
  }
  if (!wants(CodeActionKind.QuickFix)) return actions;

  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === "string");
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
  actions.push(
    ...lineActions(ours, uri, (line, code) => (disableLine ? disableLine(line, code) : disableLineEdit(document.pythonTree(), lines, line, code))),
  );
  if (ours.some((d) => (diagnosticData(d)?.fixes.some((f) => f.safe) ?? false))) {
    const fixAllAction = fixAllCodeAction(document, analyze);
    if (fixAllAction) actions.push({ ...fixAllAction, kind: CodeActionKind.QuickFix });
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

function fixAllCodeAction(document: OpenDocument, analyze: (text: string) => Finding[]): CodeAction | undefined {
  const before = document.text;
  const { text, applied } = fixAll(before, analyze);
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
