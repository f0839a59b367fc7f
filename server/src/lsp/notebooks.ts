import {
  CodeActionKind,
  NotebookCellKind,
  NotebookDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type NotebookDocument,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { initEngine, skipReason } from "../engine/analyze";
import { t } from "../engine/l10n";
import { LineIndex } from "../engine/lineIndex";
import { minimalEdit } from "../engine/minimalEdit";
import type { Settings } from "../engine/settings";
import type { Finding, Notice } from "../engine/types";
import { analyzeNotebookProgram, fixAllNotebook, toCellFindings, type CellFinding } from "../notebook/analyzeNotebook";
import { maskMagics } from "../notebook/magics";
import { NotebookProgram } from "../notebook/notebookProgram";
import { disableFileEdit, disableLineEdit } from "../python/disableComment";
import { parsePython } from "../python/parser";
import type { PythonWorkspace } from "../python/workspace";
import { FIX_ALL_KIND, fileActions, fixActions, lineActions, NOTEBOOK_FIX_ALL_KIND } from "./codeActions";
import { noticeDiagnostic, SOURCE, toDiagnostic } from "./diagnostics";
import { filePath } from "./filePath";
import { contentKeyOf } from "./pythonDocument";

/** What the server asks the client to sync: the Python cells of Jupyter notebooks. */
export const NOTEBOOK_SYNC = {
  notebookSelector: [{ notebook: { notebookType: "jupyter-notebook" }, cells: [{ language: "python" }] }],
};

/** A fix of a cell's finding as a diagnostic carries it: edits by cell URI (`import asyncio` may go to another cell). */
interface CellFixData {
  title: string;
  safe: boolean;
  changes: Record<string, LspTextEdit[]>;
}

/** `Diagnostic.data` of a cell's diagnostic: the fixes, valid only for the notebook state `key` describes. */
interface CellDiagnosticData {
  fixes: [];
  version: number;
  notebook: { key: string; fixes: CellFixData[] };
}

interface NotebookAnalysis {
  key: string;
  /** The analyzed cells' URIs, in program order. */
  cells: string[];
  program: NotebookProgram;
  findings: CellFinding[];
  notices: Notice[];
}

export interface NotebookHost {
  connection: Connection;
  settings(uri: string): Promise<Settings>;
  settingsGeneration(): number;
  workspace(): PythonWorkspace;
  pullDiagnostics(): boolean;
  reportError(what: string, error: unknown): void;
  /** Whether the error is the parser's wasm failing (it is then restarted); the notice replaces the findings. */
  parserFailed(error: unknown): boolean;
  parserFailureNotice(): Notice;
}

/**
 * Open Jupyter notebooks (LSP notebook document sync). The Python cells of a notebook are
 * analyzed as one program, in order; each finding lands on its cell's URI, in the cell's lines.
 */
export class OpenNotebooks {
  private readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly analyses = new Map<string, NotebookAnalysis>();
  /** What each cell's last report held, to know when a change in one cell changed another's diagnostics. */
  private readonly lastPulled = new Map<string, string>();
  private readonly pushed = new Map<string, string[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly host: NotebookHost) {}

  listen(): void {
    this.notebooks.listen(this.host.connection);
    this.notebooks.onDidOpen((notebook) => this.schedule(notebook.uri, [], 0));
    this.notebooks.onDidChange((event) => {
      const edited = (event.cells?.changed.textContent ?? []).map((cell) => cell.document);
      // Adding, removing or moving cells changes what every later cell sees.
      const structural = (event.cells?.added.length ?? 0) + (event.cells?.removed.length ?? 0) > 0;
      this.schedule(event.notebookDocument.uri, structural ? [] : edited);
    });
    this.notebooks.onDidClose((notebook) => {
      clearTimeout(this.timers.get(notebook.uri));
      this.analyses.delete(notebook.uri);
      for (const cell of notebook.cells) this.lastPulled.delete(cell.document);
      if (!this.host.pullDiagnostics()) {
        for (const uri of this.pushed.get(notebook.uri) ?? []) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      this.pushed.delete(notebook.uri);
    });
  }

  isCell(uri: string): boolean {
    return this.notebooks.findNotebookDocumentForCell(uri) !== undefined;
  }

  /** After settings or other modules changed: push again (pull clients are asked to refresh by the caller). */
  refresh(): void {
    this.analyses.clear();
    if (!this.host.pullDiagnostics()) for (const uri of this.pushed.keys()) this.schedule(uri, [], 0);
  }

  async diagnostics(cellUri: string): Promise<Diagnostic[]> {
    const notebook = this.notebooks.findNotebookDocumentForCell(cellUri);
    if (!notebook) return [];
    const analysis = await this.analysisOf(notebook);
    const diagnostics = this.cellDiagnostics(analysis, cellUri);
    this.lastPulled.set(cellUri, signature(diagnostics));
    return diagnostics;
  }

  /** The findings of one cell, in its coordinates (for hovers). */
  async findings(cellUri: string): Promise<Finding[]> {
    const notebook = this.notebooks.findNotebookDocumentForCell(cellUri);
    if (!notebook) return [];
    const analysis = await this.analysisOf(notebook);
    const index = analysis.cells.indexOf(cellUri);
    return analysis.findings.filter((f) => f.cell === index).map((f) => ({ code: f.code, range: f.range, message: f.message, severity: f.severity, fixes: [] }));
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    const cell = this.notebooks.cellTextDocuments.get(uri);
    if (!notebook || !cell) return [];
    const analysis = await this.analysisOf(notebook);
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const actions: CodeAction[] = [];
    // The notebook's kind (asked on save by `notebook.codeActionsOnSave`) and the editor's: the same edit of every cell.
    const fixAllKinds = [FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND].filter((kind) => only?.some((requested) => kind === requested || kind.startsWith(`${requested}.`)) ?? kind === FIX_ALL_KIND);
    if (fixAllKinds.length > 0) {
      const fixAll = await this.fixAllAction(notebook, analysis);
      if (fixAll) actions.push(...fixAllKinds.map((kind) => ({ ...fixAll, kind })));
      if (only) return actions;
    }
    if (!wants(CodeActionKind.QuickFix)) return actions;
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === "string");
    actions.push(
      ...fixActions(
        ours.map((diagnostic) => {
          const data = (diagnostic.data as Partial<CellDiagnosticData> | undefined)?.notebook;
          // Fixes computed for other cell texts would land in the wrong place.
          return { diagnostic, fixes: data && data.key === analysis.key ? data.fixes : [] };
        }),
      ),
    );
    actions.push(...(await this.ruleFixAllActions(notebook, analysis, ours)));
    const text = cell.getText();
    // A cell over the size cap is not parsed to place a comment (masking magics parses too).
    if (ours.length === 0 || skipReason(text, await this.host.settings(notebook.uri))) return actions;
    actions.push(...this.disableForNotebookActions(analysis, ours));
    const masked = maskMagics(text).text;
    const lines = new LineIndex(masked);
    // The comment is placed with the cell's own tree; masked magics have the same length as the text.
    const tree = parsePython(masked);
    try {
      actions.push(...lineActions(ours, uri, (line, code) => disableLineEdit(tree, lines, line, code)));
    } finally {
      tree.delete();
    }
    return actions;
  }

  /** "Fix all ALxxx problems" over every cell, for each code under the cursor with fixes fix-all may apply in two or more places. */
  private async ruleFixAllActions(notebook: NotebookDocument, analysis: NotebookAnalysis, ours: readonly Diagnostic[]): Promise<CodeAction[]> {
    const settings = await this.host.settings(notebook.uri);
    const unsafe = settings.unsafeFixes;
    const actions: CodeAction[] = [];
    for (const code of new Set(ours.map((d) => d.code as string))) {
      if (analysis.findings.filter((finding) => finding.code === code && finding.fixes.some((fix) => fix.safe || unsafe)).length < 2) continue;
      const fixed = fixAllNotebook(analysis.program, { settings, pythonWorkspace: this.host.workspace() }, filePath(notebook.uri), { unsafe, code });
      if (!fixed || fixed.applied === 0) continue;
      const changes = this.cellChanges(analysis, fixed.sources);
      if (Object.keys(changes).length > 0) {
        actions.push({ title: t("Fix all {0} problems", code), kind: CodeActionKind.QuickFix, diagnostics: ours.filter((d) => d.code === code), edit: { changes } });
      }
    }
    return actions;
  }

  /** "Disable ALxxx for this file": the `ignore-file` directive at the top of the first code cell, which starts the program. */
  private disableForNotebookActions(analysis: NotebookAnalysis, ours: readonly Diagnostic[]): CodeAction[] {
    const first = analysis.cells[0];
    const text = first === undefined ? undefined : this.notebooks.cellTextDocuments.get(first)?.getText();
    if (first === undefined || text === undefined) return [];
    const masked = maskMagics(text).text;
    const tree = parsePython(masked);
    try {
      return fileActions(ours, first, (code) => disableFileEdit(tree, new LineIndex(masked), code));
    } finally {
      tree.delete();
    }
  }

  private cellChanges(analysis: NotebookAnalysis, sources: readonly string[]): NonNullable<WorkspaceEdit["changes"]> {
    const changes: NonNullable<WorkspaceEdit["changes"]> = {};
    analysis.cells.forEach((uri, index) => {
      const before = this.notebooks.cellTextDocuments.get(uri)?.getText();
      const edit = before === undefined ? undefined : minimalEdit(before, sources[index]);
      if (edit) changes[uri] = [edit as LspTextEdit];
    });
    return changes;
  }

  /** Debounced: analyze, then push (push clients) or ask for a refresh when cells nobody edited now read differently. */
  private schedule(notebookUri: string, edited: string[], delay = 60): void {
    clearTimeout(this.timers.get(notebookUri));
    this.timers.set(
      notebookUri,
      setTimeout(() => {
        this.timers.delete(notebookUri);
        const notebook = this.notebooks.getNotebookDocument(notebookUri);
        if (!notebook) return;
        this.analysisOf(notebook)
          .then((analysis) => {
            if (this.notebooks.getNotebookDocument(notebookUri) !== notebook) return;
            if (!this.host.pullDiagnostics()) {
              const previous = this.pushed.get(notebookUri) ?? [];
              for (const uri of previous) if (!analysis.cells.includes(uri)) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
              for (const uri of analysis.cells) void this.host.connection.sendDiagnostics({ uri, diagnostics: this.cellDiagnostics(analysis, uri) });
              this.pushed.set(notebookUri, analysis.cells);
              return;
            }
            const stale = analysis.cells.some(
              (uri) => !edited.includes(uri) && this.lastPulled.has(uri) && this.lastPulled.get(uri) !== signature(this.cellDiagnostics(analysis, uri)),
            );
            if (stale) this.host.connection.languages.diagnostics.refresh().catch(() => undefined);
          })
          .catch((error) => this.host.reportError("analyzing a notebook", error));
      }, delay),
    );
  }

  private codeCells(notebook: NotebookDocument): Array<{ uri: string; document: TextDocument }> {
    const cells: Array<{ uri: string; document: TextDocument }> = [];
    for (const cell of notebook.cells) {
      if (cell.kind !== NotebookCellKind.Code) continue;
      const document = this.notebooks.getCellTextDocument(cell);
      if (document && document.languageId === "python") cells.push({ uri: cell.document, document });
    }
    return cells;
  }

  private async analysisOf(notebook: NotebookDocument): Promise<NotebookAnalysis> {
    const settings = await this.host.settings(notebook.uri);
    const cells = this.codeCells(notebook);
    // By the cells' texts: a client may send another text under a version number it used before.
    const key = `${this.host.settingsGeneration()}|${cells.map((cell) => `${cell.uri}@${contentKeyOf(cell.document.getText())}`).join("|")}`;
    const cached = this.analyses.get(notebook.uri);
    if (cached && cached.key === key) return cached;
    await initEngine();
    const sources = cells.map((cell) => cell.document.getText());
    // Joining the cells masks their magics, which parses them: over the size cap, the notice alone.
    const skip = settings.enable ? skipReason(sources.join("\n"), settings) : undefined;
    let program = new NotebookProgram([]);
    let findings: CellFinding[] = [];
    let notices: Notice[] = skip ? [{ kind: "skipped", message: skip }] : [];
    try {
      if (!skip) {
        program = new NotebookProgram(sources);
        const result = analyzeNotebookProgram(program, { settings, pythonWorkspace: this.host.workspace() }, filePath(notebook.uri));
        findings = toCellFindings(program, result.findings);
        notices = result.notices;
      }
    } catch (error) {
      if (this.host.parserFailed(error)) notices = [this.host.parserFailureNotice()];
      else this.host.reportError(`analyzing ${notebook.uri}`, error);
    }
    const analysis = { key, cells: cells.map((cell) => cell.uri), program, findings, notices };
    this.analyses.set(notebook.uri, analysis);
    return analysis;
  }

  private cellDiagnostics(analysis: NotebookAnalysis, cellUri: string): Diagnostic[] {
    const index = analysis.cells.indexOf(cellUri);
    if (index < 0) return [];
    const version = this.notebooks.cellTextDocuments.get(cellUri)?.version ?? 0;
    // A notice (the notebook is too large…) is shown once, on the first cell.
    const notices = index === 0 ? analysis.notices.map(noticeDiagnostic) : [];
    const findings = analysis.findings
      .filter((finding) => finding.cell === index)
      .map((finding) => {
        const diagnostic = toDiagnostic({ code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, fixes: [] }, version);
        const fixes: CellFixData[] = finding.fixes.map((fix) => {
          const changes: Record<string, LspTextEdit[]> = {};
          for (const { cell, edit } of fix.edits) (changes[analysis.cells[cell]] ??= []).push(edit as LspTextEdit);
          return { title: fix.title, safe: fix.safe, changes };
        });
        diagnostic.data = { fixes: [], version, notebook: { key: analysis.key, fixes } } satisfies CellDiagnosticData;
        return diagnostic;
      });
    return [...notices, ...findings];
  }

  private async fixAllAction(notebook: NotebookDocument, analysis: NotebookAnalysis): Promise<CodeAction | undefined> {
    const settings = await this.host.settings(notebook.uri);
    if (!analysis.findings.some((finding) => finding.fixes.some((fix) => fix.safe || settings.unsafeFixes))) return undefined;
    const fixed = fixAllNotebook(analysis.program, { settings, pythonWorkspace: this.host.workspace() }, filePath(notebook.uri), { unsafe: settings.unsafeFixes });
    if (!fixed || fixed.applied === 0) return undefined;
    const changes: WorkspaceEdit["changes"] = {};
    analysis.cells.forEach((uri, index) => {
      const before = this.notebooks.cellTextDocuments.get(uri)?.getText();
      const edit = before === undefined ? undefined : minimalEdit(before, fixed.sources[index]);
      if (edit) changes[uri] = [edit as LspTextEdit];
    });
    return { title: t("Fix all asynclint problems"), kind: FIX_ALL_KIND, edit: { changes } };
  }
}

function signature(diagnostics: Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => [d.code, d.range, d.message, d.severity]));
}

