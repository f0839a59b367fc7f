import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocumentSyncKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzePythonSource, initEngine, skipReason } from "./engine/analyze";
import { ruleByCode } from "./engine/catalogue";
import { ruleText } from "./engine/ruleTexts";
import { isConfigFile } from "./engine/projectConfig";
import { setLocale, t } from "./engine/l10n";
import type { Settings } from "./engine/settings";
import type { AnalysisResult, Finding } from "./engine/types";
import { codeActions, FIX_ALL_KIND, fixAllResolveData, NOTEBOOK_FIX_ALL_KIND, resolveFixAllAction, staleFixAllReason } from "./lsp/codeActions";
import { noticeDiagnostic, toDiagnostic } from "./lsp/diagnostics";
import { NOTEBOOK_SYNC, OpenNotebooks } from "./lsp/notebooks";
import { OpenDocument } from "./lsp/pythonDocument";
import { ruleDocUri } from "./lsp/ruleDocs";
import { SettingsCache } from "./lsp/settingsCache";
import { configReporter } from "./lsp/configReporter";
import { packageInfo } from "./lsp/serverStatus";
import { exceedsBytes, parserRetirements, retireParserAfter } from "./python/parser";
import { concurrentRewriteForSelection } from "./python/concurrentRefactor";
import { MAX_MODULE_BYTES, PythonWorkspaceIndex, type SourceReader, diskReader } from "./python/workspaceIndex";
import { concurrentRewriteInProject } from "./typescript/concurrentRefactor";
import { disableFileEditTypeScript, disableLineEditTypeScript } from "./typescript/disableComment";
import { isTypeScriptLanguage, TypeScriptEditorFiles, typeScriptFileName } from "./typescript/editorFiles";
import { isTypeScriptFileName } from "./typescript/syntax";
import { filePath } from "./lsp/filePath";

/**
 * The language server: translates LSP to engine calls and back. No analysis logic lives here;
 * the CLI and the tests call the same engine functions.
 */
const connection = createConnection();
const documents = new Map<string, OpenDocument>();
/** The revision (pythonDocument.ts) each document had when last saved. */
const savedRevisions = new Map<string, number>();
const results = new Map<string, { key: string; result: AnalysisResult }>();
let pullDiagnostics = false;
let configurationRequests = false;
let workspaceFolderChanges = false;
/** The client shows disabled code actions with a reason: withheld fixes then say why in the light bulb. */
let disabledCodeActions = false;
/** The client fills in code actions' edits with codeAction/resolve: fix-all actions are sent without theirs (lsp/codeActions.ts). */
let resolveCodeActionEdits = false;
let roots: string[] = [];

// Which configuration file applies where, and the problems of each, for the log and the client's status item.
const configs = configReporter(connection, () => roots);
// A client that does not answer `workspace/configuration` in time gets the last settings it sent; its late answer re-analyzes.
const settings = new SettingsCache(connection, () => configurationRequests, () => roots, { onLateAnswer: () => refreshAll() }, configs);

/** Other modules are read from the editor when open (unsaved text wins), else from disk; an open one is bounded as a file on disk is. */
const openFirstReader: SourceReader = (file) => {
  for (const document of documents.values()) {
    if (filePath(document.uri) !== file) continue;
    // A document whose text asynclint lost (a change it could not apply) tells nothing about the module.
    if (document.outOfSync !== undefined) return undefined;
    return exceedsBytes(document.text, MAX_MODULE_BYTES) ? undefined : { text: document.text, stamp: `open:${document.revision}` };
  }
  return diskReader(file);
};
let workspaceIndex = new PythonWorkspaceIndex([], openFirstReader);

// TypeScript/JavaScript documents: projects, unsaved text and cooperative analyses (server/src/typescript/editorFiles.ts).
const typeScriptError = (message: string) => connection.console.error(`asynclint: ${message}`);
let typescript = new TypeScriptEditorFiles([], typeScriptError);

function typeScriptFileOf(document: OpenDocument): string | undefined {
  const languageId = document.document.languageId;
  return isTypeScriptLanguage(languageId) ? typeScriptFileName(document.uri, filePath(document.uri), languageId) : undefined;
}

// Jupyter notebooks: their Python cells are analyzed together (server/src/lsp/notebooks.ts).
const notebooks = new OpenNotebooks({
  connection,
  settings: (uri) => settings.get(uri),
  settingsGeneration: () => settings.generation,
  workspace: () => workspaceIndex,
  pullDiagnostics: () => pullDiagnostics,
  reportError,
  parserFailed,
  parserFailureNotice: () => parserFailureResult().notices[0],
});

function log(message: string): void {
  connection.console.log(message);
}

function reportError(what: string, error: unknown): void {
  if (parserFailed(error)) return;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  connection.console.error(`asynclint: ${what} failed: ${detail}`);
}

let reportedRetirements = 0;

/**
 * Whether the error is tree-sitter's wasm failing (it aborts on a text too large for its memory).
 * The parser is then retired and the next analysis loads a fresh one, so later Python files are
 * analyzed again; the log says so once per failure.
 */
function parserFailed(error: unknown): boolean {
  if (!retireParserAfter(error)) return false;
  if (parserRetirements() !== reportedRetirements) {
    reportedRetirements = parserRetirements();
    connection.console.warn(`asynclint: the Python parser failed (${error instanceof Error ? error.message : String(error)}), most likely out of memory on a very large text; it is restarted for the next analysis.`);
  }
  return true;
}

/** What a document shows once a change to it could not be applied: no findings for a text the client may not have. */
function outOfSyncResult(): AnalysisResult {
  return {
    findings: [],
    notices: [{ kind: "skipped", message: t("not analyzed: a change to this document could not be applied, so asynclint no longer knows its text. Close and reopen the file to analyze it again.") }],
  };
}

/**
 * A didChange could not be applied whole, so none of it was (pythonDocument.ts): said once in the
 * log, and the client is told to drop the document's diagnostics (they are replaced by the notice).
 */
function lostSync(document: OpenDocument, reason: string): void {
  connection.console.warn(`asynclint: a change to ${document.uri} could not be applied (${reason}); none of that notification was applied, and the document is not analyzed until it is reopened or its whole text is sent.`);
  results.delete(document.uri);
  if (pullDiagnostics) connection.languages.diagnostics.refresh().catch(() => undefined);
  else schedulePush(document.uri, 0);
}

/** What a Python file whose analysis made the parser fail shows instead of findings. */
function parserFailureResult(): AnalysisResult {
  return { findings: [], notices: [{ kind: "skipped", message: t("not analyzed: the Python parser ran out of memory on this text (it was restarted for other files).") }] };
}

connection.onInitialize((params): InitializeResult => {
  // Messages follow the editor's display language.
  setLocale(params.locale);
  const options = params.initializationOptions as { statusNotifications?: unknown } | undefined;
  configs.notifyClient = options?.statusNotifications === true;
  const versions = packageInfo();
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  configurationRequests = capabilities.workspace?.configuration === true;
  workspaceFolderChanges = capabilities.workspace?.workspaceFolders === true;
  disabledCodeActions = capabilities.textDocument?.codeAction?.disabledSupport === true;
  resolveCodeActionEdits = capabilities.textDocument?.codeAction?.resolveSupport?.properties?.includes("edit") === true;
  roots = (params.workspaceFolders ?? []).map((folder) => filePath(folder.uri)).filter((p): p is string => p !== undefined);
  if (roots.length === 0 && params.rootUri) {
    const root = filePath(params.rootUri);
    if (root) roots = [root];
  }
  useRoots();
  connection.console.info(`asynclint ${versions.version} server: Node ${process.version}, TypeScript ${versions.typescript} (loaded on the first TypeScript/JavaScript file), workspace folders: ${roots.join(", ") || "none"}`);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      notebookDocumentSync: NOTEBOOK_SYNC,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND], resolveProvider: true },
      hoverProvider: true,
      diagnosticProvider: pullDiagnostics ? { identifier: "asynclint", interFileDependencies: true, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "asynclint", version: versions.version },
  };
});

/**
 * The workspace folders as roots: where absolute Python imports start, which TypeScript project a
 * loose file joins, and what path patterns (testFiles, perFileRules) are relative to.
 */
function useRoots(): void {
  workspaceIndex = new PythonWorkspaceIndex(roots, openFirstReader);
  typescript.dispose();
  typescript = new TypeScriptEditorFiles(roots, typeScriptError);
  for (const document of documents.values()) {
    const typeScriptFile = typeScriptFileOf(document);
    if (typeScriptFile) typescript.opened(typeScriptFile, () => ({ text: document.text, version: document.revision }));
  }
}

/** Folders added to the workspace become roots, removed ones stop being roots; every open file is analyzed again. */
function workspaceFoldersChanged(event: WorkspaceFoldersChangeEvent): void {
  const paths = (folders: readonly WorkspaceFolder[]) => folders.map((folder) => filePath(folder.uri)).filter((p): p is string => p !== undefined);
  const removed = new Set(paths(event.removed));
  roots = [...new Set([...roots.filter((root) => !removed.has(root)), ...paths(event.added)])];
  useRoots();
  settings.changed();
  watchedFileChanges++;
  refreshAll();
}

connection.onInitialized(() => {
  if (configurationRequests) void connection.client.register(DidChangeConfigurationNotification.type, { section: "asynclint" });
  // Advertised as `changeNotifications: true`, so the client sends them unasked.
  if (workspaceFolderChanges) connection.workspace.onDidChangeWorkspaceFolders(workspaceFoldersChanged);
  initEngine().catch((error) => reportError("loading the Python parser", error));
});

/**
 * What other modules may answer: bumped when files change on disk, plus the edits made to other
 * open documents (whose unsaved text the workspace index reads). A document's own edits do not count.
 */
let watchedFileChanges = 0;
let openDocumentEdits = 0;
const ownEdits = new Map<string, number>();

function workspaceKeyFor(document: OpenDocument): string {
  return `${watchedFileChanges}:${openDocumentEdits - (ownEdits.get(document.uri) ?? 0)}`;
}

async function analysisOf(document: OpenDocument): Promise<AnalysisResult> {
  if (document.outOfSync !== undefined) return outOfSyncResult();
  const documentSettings = await settings.get(document.uri);
  const typeScriptFile = typeScriptFileOf(document);
  if (typeScriptFile) return typeScriptAnalysisOf(document, typeScriptFile, documentSettings);
  await initEngine();
  // By revision, not the client's version number: a repeated version with another text is another text.
  const key = `${document.revision}:${settings.generation}`;
  const cached = results.get(document.uri);
  if (cached && cached.key === key) return cached.result;
  let result: AnalysisResult;
  try {
    // A text over the size cap is never parsed: the notice alone, before tree-sitter reads 50 MB.
    const skip = documentSettings.enable ? skipReason(document.text, documentSettings) : undefined;
    // Only the top-level statements an edit touched are re-read (server/src/python/incrementalAnalysis.ts).
    result = skip
      ? { findings: [], notices: [{ kind: "skipped", message: skip }] }
      : document.analysis.analyze(document.pythonTree(), document.text, {
          settings: documentSettings,
          filePath: filePath(document.uri),
          workspace: workspaceIndex,
          workspaceKey: workspaceKeyFor(document),
        });
  } catch (error) {
    if (parserFailed(error)) {
      result = parserFailureResult();
    } else {
      reportError(`analyzing ${document.uri}`, error);
      result = { findings: [], notices: [] };
    }
  }
  logEnvironmentReads();
  // The document may have changed while settings were awaited; only keep results for the version they describe.
  if (documents.get(document.uri) === document) results.set(document.uri, { key, result });
  return result;
}

/** What was said last of the virtual environments imports read: which index, and how many modules, in powers of ten. */
let environmentsLogged: { index: PythonWorkspaceIndex; reads: number } | undefined;

/** Says in the output which virtual environments installed packages are read from, once per workspace, then how many of their modules were read (1, 10, 100, …). */
function logEnvironmentReads(): void {
  const index = workspaceIndex;
  const environments = index.environments;
  if (environments.length === 0) return;
  if (environmentsLogged?.index !== index) {
    environmentsLogged = { index, reads: 0 };
    for (const environment of environments) connection.console.info(`asynclint: installed packages are read (never run) from ${environment.folder}: ${environment.sitePackages.join(", ")}`);
  }
  const reads = index.modulesReadFromEnvironments;
  if (reads > 0 && reads >= Math.max(1, environmentsLogged.reads * 10)) {
    environmentsLogged.reads = reads;
    connection.console.info(`asynclint: ${reads} module${reads === 1 ? "" : "s"} of installed packages read so far`);
  }
}

/**
 * TypeScript answers from the newest program: when the text changes during the analysis, the
 * newest text is analyzed instead, so the result may describe a later version than was asked for.
 * Cached per version, settings and project state (another open file's edit can change types here).
 */
async function typeScriptAnalysisOf(document: OpenDocument, fileName: string, documentSettings: Settings): Promise<AnalysisResult> {
  const key = () => `${document.revision}:${settings.generation}:${typescript.projects.changeCount}`;
  const cached = results.get(document.uri);
  if (cached && cached.key === key()) return cached.result;
  const editorFiles = typescript;
  try {
    const analyzed = await editorFiles.analyze(fileName, documentSettings);
    if (!analyzed) return { findings: [], notices: [] };
    // Not kept when the workspace folders changed meanwhile: it came from projects of the old roots.
    if (typescript === editorFiles && documents.get(document.uri) === document && analyzed.version === document.revision) results.set(document.uri, { key: key(), result: analyzed.result });
    return analyzed.result;
  } catch (error) {
    reportError(`analyzing ${document.uri}`, error);
    return { findings: [], notices: [] };
  }
}

/** The diagnostics of the document's current text (whose analysis `result` is), its fixes marked with that text's hash. */
/** Notices (a file skipped, a broken tsconfig) go to the log too, once each, where the output is read for what went wrong. */
const loggedNotices = new Set<string>();

function logNotices(uri: string, result: AnalysisResult): void {
  for (const notice of result.notices) {
    const line = `asynclint: ${uri}: ${notice.subject ? `${notice.subject}: ` : ""}${notice.message}`;
    if (loggedNotices.has(line)) continue;
    // Bounded: a workspace of many skipped files must not grow the set without end.
    if (loggedNotices.size >= 1000) loggedNotices.clear();
    loggedNotices.add(line);
    connection.console.info(line);
  }
}

function diagnosticsOf(result: AnalysisResult, document: OpenDocument): Diagnostic[] {
  logNotices(document.uri, result);
  const content = result.findings.length > 0 ? document.contentKey : "";
  return [...result.notices.map(noticeDiagnostic), ...result.findings.map((finding) => toDiagnostic(finding, document.version, content, document.uri))];
}

function isPython(document: TextDocument): boolean {
  return document.languageId === "python";
}

// Push diagnostics for clients without pull support, debounced per document.
const pushTimers = new Map<string, NodeJS.Timeout>();

function schedulePush(uri: string, delay = 60): void {
  if (pullDiagnostics) return;
  clearTimeout(pushTimers.get(uri));
  pushTimers.set(
    uri,
    setTimeout(() => {
      pushTimers.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      analysisOf(document)
        .then((result) => {
          if (documents.get(uri) === document) void connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnosticsOf(result, document) });
        })
        .catch((error) => reportError("publishing diagnostics", error));
    }, delay),
  );
}

function refreshAll(): void {
  results.clear();
  notebooks.refresh();
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  else for (const uri of documents.keys()) schedulePush(uri, 0);
}

connection.onDidOpenTextDocument(({ textDocument }) => {
  const document = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
  if (!isPython(document) && !isTypeScriptLanguage(document.languageId)) return;
  documents.get(textDocument.uri)?.dispose();
  const opened = new OpenDocument(document);
  documents.set(textDocument.uri, opened);
  const typeScriptFile = typeScriptFileOf(opened);
  // TypeScript's programs know a text by its version: the revision, which changes with every text.
  if (typeScriptFile) typescript.opened(typeScriptFile, () => ({ text: opened.text, version: opened.revision }));
  savedRevisions.set(textDocument.uri, opened.revision);
  watchedFileChanges++;
  schedulePush(textDocument.uri, 0);
});

connection.onDidChangeTextDocument(async ({ textDocument, contentChanges }) => {
  const document = documents.get(textDocument.uri);
  if (!document) return;
  const wasInSync = document.outOfSync === undefined;
  let notApplied: string | undefined;
  try {
    notApplied = document.applyChanges(contentChanges, textDocument.version);
  } catch (error) {
    notApplied = error instanceof Error ? error.message : String(error);
    document.loseSync(notApplied);
  }
  if (notApplied !== undefined) {
    if (wasInSync) lostSync(document, notApplied);
    return;
  }
  const typeScriptFile = typeScriptFileOf(document);
  if (typeScriptFile) typescript.changed(typeScriptFile);
  openDocumentEdits++;
  ownEdits.set(textDocument.uri, (ownEdits.get(textDocument.uri) ?? 0) + 1);
  const documentSettings = await settings.get(textDocument.uri);
  if (documentSettings.run === "onType") schedulePush(textDocument.uri);
});

connection.onDidSaveTextDocument(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  if (!document) return;
  savedRevisions.set(textDocument.uri, document.revision);
  schedulePush(textDocument.uri, 0);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  const closing = documents.get(textDocument.uri);
  const typeScriptFile = closing && typeScriptFileOf(closing);
  if (typeScriptFile) typescript.closed(typeScriptFile);
  documents.get(textDocument.uri)?.dispose();
  documents.delete(textDocument.uri);
  savedRevisions.delete(textDocument.uri);
  results.delete(textDocument.uri);
  ownEdits.delete(textDocument.uri);
  watchedFileChanges++;
  settings.forget(textDocument.uri);
  clearTimeout(pushTimers.get(textDocument.uri));
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(() => {
  settings.changed();
  refreshAll();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    const file = filePath(change.uri);
    if (!file) continue;
    // pyproject.toml / package.json / asynclint.json may hold project settings.
    if (isConfigFile(file)) {
      settings.configFileChanged(file);
      if (change.type === FileChangeType.Deleted) configs.forget(file);
    }
    else workspaceIndex.invalidate(file);
    if (isTypeScriptFileName(file) || /[jt]sconfig\.json$/.test(file)) {
      typescript.diskChanged(file, change.type === FileChangeType.Created ? "created" : change.type === FileChangeType.Deleted ? "deleted" : "changed");
    }
  }
  // Another module's `async def`s may have changed what this file's calls are.
  watchedFileChanges++;
  refreshAll();
});

const lastReports = new Map<string, string>();

connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
  const uri = params.textDocument.uri;
  if (notebooks.isCell(uri)) {
    const items = await notebooks.diagnostics(uri).catch((error) => (reportError("computing diagnostics", error), []));
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }
  const document = documents.get(uri);
  if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  try {
    const documentSettings = await settings.get(uri);
    const previous = lastReports.get(uri);
    // With `run: onSave`, unsaved edits keep the report of the last saved text.
    if (documentSettings.run === "onSave" && savedRevisions.get(uri) !== document.revision && previous && params.previousResultId === previous) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: previous };
    }
    const result = await analysisOf(document);
    const resultId = `${document.revision}:${settings.generation}`;
    lastReports.set(uri, resultId);
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnosticsOf(result, document) };
  } catch (error) {
    reportError("computing diagnostics", error);
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
});

/** What fix-all and its passes analyze a text of the document with (any text: each pass analyzes the fixed one). */
async function fixAllAnalyzer(document: OpenDocument, documentSettings: Settings): Promise<(text: string) => Finding[]> {
  const typeScriptFile = typeScriptFileOf(document);
  if (typeScriptFile) return (text) => typescript.findingsForText(typeScriptFile, text, documentSettings);
  // Right after start the parser may still be loading.
  await initEngine();
  return (text) => analyzePythonSource({ text, path: filePath(document.uri) }, { settings: documentSettings, pythonWorkspace: workspaceIndex }).findings;
}

/**
 * The findings of the document's current text from the diagnostics' analysis (cached for the
 * revision): with resolved edits, deciding which fix-all to offer then analyzes nothing. Undefined
 * when the text changed meanwhile.
 */
async function currentFindingsOf(document: OpenDocument): Promise<readonly Finding[] | undefined> {
  const revision = document.revision;
  const result = await analysisOf(document);
  return document.revision === revision && documents.get(document.uri) === document ? result.findings : undefined;
}

connection.onCodeAction(async (params) => {
  if (notebooks.isCell(params.textDocument.uri)) return notebooks.codeActions(params).catch((error) => (reportError("computing code actions", error), []));
  const document = documents.get(params.textDocument.uri);
  if (!document || document.outOfSync !== undefined) return [];
  try {
    const documentSettings = await settings.get(document.uri);
    const analyze = await fixAllAnalyzer(document, documentSettings);
    // Awaited last: nothing runs between it and the actions, which are computed for the same text.
    const currentFindings = resolveCodeActionEdits ? await currentFindingsOf(document) : undefined;
    const lazy = { resolveEdits: resolveCodeActionEdits, currentFindings };
    const typeScriptFile = typeScriptFileOf(document);
    if (typeScriptFile) {
      return codeActions(
        params,
        document,
        analyze,
        (line, code) => disableLineEditTypeScript(document.text, typeScriptFile, line, code),
        // A file over the size cap is never loaded into a program for the refactor either.
        (range) => (skipReason(document.text, documentSettings) ? undefined : concurrentRewriteInProject(typescript.projects, typeScriptFile, range)),
        { unsafeFixes: documentSettings.unsafeFixes, disableFile: (code) => disableFileEditTypeScript(document.text, code), disabledSupport: disabledCodeActions, ...lazy },
      );
    }
    // A text over the size cap is parsed for no action: neither the refactor nor a "disable" comment.
    const tooLarge = skipReason(document.text, documentSettings) !== undefined;
    return codeActions(
      params,
      document,
      analyze,
      tooLarge ? () => undefined : undefined,
      (range) => (tooLarge ? undefined : concurrentRewriteForSelection(document.text, range, { maxFileSize: documentSettings.maxFileSize })),
      { unsafeFixes: documentSettings.unsafeFixes, disableFile: tooLarge ? () => undefined : undefined, disabledSupport: disabledCodeActions, ...lazy },
    );
  } catch (error) {
    reportError("computing code actions", error);
    return [];
  }
});

/** Stale resolves already logged, by document and version: the log says why once, not on every retry. */
const loggedStaleResolves = new Set<string>();

/**
 * Fills in the edit of a fix-all action sent without one, from the document's current text. An
 * action offered for another text comes back without an edit: an edit computed for this text would
 * be applied where the user asked for another's. Any other action comes back as it was.
 */
connection.onCodeActionResolve(async (action) => {
  const data = fixAllResolveData(action);
  if (!data) return action;
  const notResolved = (why: string) => {
    const key = `${data.uri}@${data.version}`;
    if (!loggedStaleResolves.has(key)) {
      if (loggedStaleResolves.size >= 1000) loggedStaleResolves.clear();
      loggedStaleResolves.add(key);
      connection.console.debug(`asynclint: "${action.title}" in ${data.uri} was not computed: ${why}; it is returned without an edit.`);
    }
    return action;
  };
  try {
    const offered = documents.get(data.uri);
    const stale = staleFixAllReason(data, offered);
    if (stale !== undefined || !offered) return notResolved(stale ?? "the document is no longer open");
    const documentSettings = await settings.get(offered.uri);
    const analyze = await fixAllAnalyzer(offered, documentSettings);
    // Settings were awaited meanwhile: the text must still be the one the action was offered for.
    const document = documents.get(data.uri);
    const changed = staleFixAllReason(data, document);
    if (changed !== undefined || !document) return notResolved(changed ?? "the document is no longer open");
    return resolveFixAllAction(action, data, document, analyze, documentSettings.unsafeFixes);
  } catch (error) {
    reportError("resolving a code action", error);
    return action;
  }
});

connection.onHover(async (params): Promise<Hover | null> => {
  const document = documents.get(params.textDocument.uri);
  const inNotebook = notebooks.isCell(params.textDocument.uri);
  if (!document && !inNotebook) return null;
  try {
    const result = document ? await analysisOf(document) : { findings: await notebooks.findings(params.textDocument.uri) };
    const { line, character } = params.position;
    const contains = (f: Finding) =>
      (f.range.start.line < line || (f.range.start.line === line && f.range.start.character <= character)) &&
      (f.range.end.line > line || (f.range.end.line === line && f.range.end.character >= character));
    const hits = result.findings.filter(contains);
    if (hits.length === 0) return null;
    const sections = [...new Set(hits.map((f) => f.code))].map((code) => {
      const rule = ruleByCode(code)!;
      const link = ruleDocUri(code);
      // Where the rule knows a fix but withholds it, the hover says why: VS Code's plain light bulb lists no disabled action.
      const withheld = [...new Set(hits.filter((f) => f.code === code).flatMap((f) => f.withheld ?? []).map((w) => w.reason))];
      const why = withheld.map((reason) => `\n\n${t("No automatic fix here: {0}.", reason)}`).join("");
      return `**${rule.code} ${rule.name}**: ${t(rule.summary)}\n\n${ruleText(rule, "whyIsThisBad")}${why}${link ? `\n\n[${t("Documentation")}](${link})` : ""}`;
    });
    return { contents: { kind: "markdown", value: sections.join("\n\n---\n\n") } };
  } catch (error) {
    reportError("computing a hover", error);
    return null;
  }
});

process.on("uncaughtException", (error) => reportError("the server (uncaught)", error));
process.on("unhandledRejection", (error) => reportError("the server (unhandled rejection)", error));

notebooks.listen();

log("asynclint server starting");
connection.listen();
