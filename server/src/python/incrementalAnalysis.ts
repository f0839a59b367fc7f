import type { Node, Tree } from "web-tree-sitter";
import { finalizeFindings, skipReason, type RawFinding } from "../engine/analyze";
import { t } from "../engine/l10n";
import { LineIndex } from "../engine/lineIndex";
import type { Settings } from "../engine/settings";
import type { AnalysisResult, Fix, Position, Range, TextEdit } from "../engine/types";
import { analyzePython, runPythonRules } from "./analyzePython";
import { PYTHON_RULES } from "./rules";
import { addDefinition } from "./coroutineFunctions";
import { decideEventLoop } from "./eventLoopLibrary";
import { buildModuleModel, emptyModuleModel, makeScope, rebaseOnto, type ClassInfo, type ImportBinding, type ModuleModel, type Scope, type TypedBindingSite } from "./moduleModel";
import { unanalyzableTree } from "./treeLimits";
import { unterminatedStringRegions } from "./unterminatedStrings";
import { ALL_IMPORTS, NameFacts } from "./nameFacts";
import { commentsAt, moduleBindingsAt, summarizeStatement, type StatementSummary } from "./statementSummary";
import { placeRelatedInModule } from "./relatedInModule";
import { pythonSuppressions, type CommentText } from "./suppressionComments";
import type { PythonWorkspace } from "./workspace";

export interface IncrementalOptions {
  settings: Settings;
  filePath?: string;
  workspace?: PythonWorkspace;
  /** Changes whenever other modules may answer differently (a file changed on disk, another open file was edited). */
  workspaceKey: string;
}

/** A statement's raw findings as computed at `line`, in one module context. */
interface StatementResult {
  bindingsBefore: number;
  line: number;
  findings: RawFinding[];
  /** The module's path, workspace, line ends and head when computed. */
  base: string;
  /** What the facts said then about each name the findings may depend on (see NameFacts). */
  names: Map<string, string>;
}

interface StatementEntry {
  summary: StatementSummary;
  /** By module context: a typo that changes the module's facts and its correction return to the earlier context. */
  results: Map<number, StatementResult>;
}

/** How many module contexts' results are kept. */
const CONTEXTS_KEPT = 4;

/** Fix edits outside their statement: the import a fix adds at the top, placed by the module's head alone. */
const headEdits = new WeakSet<TextEdit>();

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function within(range: Range, start: Position, end: Position): boolean {
  return before(start, range.start) && before(range.end, end);
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function shiftFindings(findings: readonly RawFinding[], lines: number): RawFinding[] {
  const shiftEdit = (edit: TextEdit): TextEdit => (headEdits.has(edit) ? edit : { range: shiftRange(edit.range, lines), newText: edit.newText });
  const shiftFix = (fix: Fix): Fix => ({ ...fix, edits: fix.edits.map(shiftEdit) });
  return findings.map((finding) => ({ ...finding, range: shiftRange(finding.range, lines), fixes: finding.fixes.map(shiftFix) }));
}

function mergeImport(imports: Map<string, ImportBinding | null>, local: string, binding: ImportBinding | null): void {
  // As the model builder binds one import after another: a name imported from two places is unknown.
  const previous = imports.get(local);
  const same = previous && binding && previous.module === binding.module && previous.level === binding.level && previous.name === binding.name;
  imports.set(local, previous === undefined || same ? binding : null);
}

/** Where the fix that adds an import writes: up to the end of the line of the first statement that is not the docstring or a `__future__` import. */
function headEnd(statements: readonly Node[], lines: LineIndex): number {
  const children = statements.filter((c) => c.type !== "comment");
  let i = 0;
  if (children[0]?.type === "expression_statement" && children[0].namedChildren[0]?.type === "string") i++;
  while (children[i]?.type === "future_import_statement") i++;
  const next = children[i];
  return next ? lines.lineEnd(lines.positionAt(next.startIndex).line) : lines.text.length;
}

/**
 * Python analysis of one open document that re-reads only the top-level statements an edit
 * touched. Each statement's findings are kept with what it contributes to the module (imports,
 * definitions, module variables: its summary); while those facts, the module's head (where fixes
 * add imports), the settings and the workspace stay the same, an unchanged statement's findings
 * only move with it. When the facts change, they are still kept if nothing changed about the names
 * the statement reads (see NameFacts). Gives exactly what a fresh `analyzePythonSource` gives; where it cannot be
 * sure of that (errors running across statements, findings spanning them) it analyzes the whole text.
 */
export class IncrementalPythonAnalysis {
  private entries = new Map<string, StatementEntry>();
  /** Recent module contexts (facts, head, workspace) by their key, oldest first. */
  private contexts = new Map<string, number>();
  private nextContext = 0;
  private settings: Settings | undefined;
  private workspace: PythonWorkspace | undefined;
  /** How many top-level statements the last analysis ran the rules on (all of them when it read the whole text): what tests watch reuse by. */
  lastReanalyzed = 0;

  analyze(tree: Tree, text: string, options: IncrementalOptions): AnalysisResult {
    const { settings } = options;
    if (!settings.enable) return { findings: [], notices: [] };
    const skip = skipReason(text, settings);
    if (skip) return { findings: [], notices: [{ kind: "skipped", message: skip }] };
    const unanalyzable = unanalyzableTree(tree);
    if (unanalyzable) return { findings: [], notices: [{ kind: "skipped", message: unanalyzable }] };
    const lines = new LineIndex(text);
    let findings;
    try {
      findings = this.byStatement(tree, text, lines, options);
    } catch {
      // A shape the statement-wise analysis did not foresee: the whole module is always right.
      findings = undefined;
    }
    if (!findings) {
      findings = this.whole(tree, text, lines, options);
      this.lastReanalyzed = tree.rootNode.namedChildCount;
    }
    return { findings, notices: [] };
  }

  /** Forgets every kept result (the next analysis reads the whole module). */
  clear(): void {
    this.entries.clear();
    this.contexts.clear();
  }

  private whole(tree: Tree, text: string, lines: LineIndex, options: IncrementalOptions) {
    // The kept results stay: each holds for its statement's text in its context whatever this text is, and the edit that fixes the error returns to them.
    const analysis = analyzePython(tree, text, { settings: options.settings, filePath: options.filePath, workspace: options.workspace }, lines);
    return finalizeFindings(analysis.findings, analysis.suppressions, "python", options.settings);
  }

  private byStatement(tree: Tree, text: string, lines: LineIndex, options: IncrementalOptions) {
    const rules = options.settings.rules;
    // A rule whose findings read every statement cannot be kept per statement.
    if (PYTHON_RULES.some((rule) => rule.readsWholeModule && (rules[rule.meta.code] ?? rule.meta.defaultSeverity.python) !== "off")) return undefined;
    const root = tree.rootNode;
    // Tokens straight under the module (not inside a statement) would belong to no statement.
    if (root.childCount !== root.namedChildCount) return undefined;
    // A string that never closes makes the statements after it text: no statement stands alone.
    if (unterminatedStringRegions(tree, text).length > 0) return undefined;
    const statements = root.namedChildren.filter((n): n is Node => n !== null);
    const starts = statements.map((s) => s.startIndex);
    const ends = statements.map((s) => s.endIndex);
    // An error region touching the next statement makes fixes there depend on both.
    for (let i = 0; i + 1 < statements.length; i++) {
      if (ends[i] >= starts[i + 1] && (statements[i].hasError || statements[i + 1].hasError)) return undefined;
    }
    const positions = starts.map((start) => lines.positionAt(start));
    const keys = statements.map((s, i) => `${s.type}\0${positions[i].character}\0${s.descendantCount}\0${text.slice(starts[i], ends[i])}`);
    const parts = new Map<number, ModuleModel>();
    const used = new Set<StatementEntry>();
    const entries: StatementEntry[] = statements.map((statement, i) => {
      let entry = this.entries.get(keys[i]);
      // Two equal statements share a summary, not a result: each sees the module variables before it.
      if (entry && used.has(entry)) entry = { summary: entry.summary, results: new Map() };
      if (!entry) {
        const part = buildModuleModel(tree, text, statement);
        parts.set(i, part);
        entry = { summary: summarizeStatement(statement, part, text), results: new Map() };
      }
      used.add(entry);
      return entry;
    });

    const head = headEnd(statements, lines);
    const base = [options.filePath ?? "", options.workspaceKey, lines.eol, text.slice(0, head)].join("\0");
    const contextKey = [base, ...entries.map((e) => e.summary.facts)].join("\0");
    if (this.settings !== options.settings || this.workspace !== options.workspace) {
      this.clear();
      this.settings = options.settings;
      this.workspace = options.workspace;
    }
    const context = this.contexts.get(contextKey) ?? this.nextContext++;
    this.contexts.delete(contextKey);
    this.contexts.set(contextKey, context);
    if (this.contexts.size > CONTEXTS_KEPT) this.contexts.delete(this.contexts.keys().next().value!);
    const bindingsBefore: number[] = [];
    let bindings = 0;
    for (const entry of entries) {
      bindingsBefore.push(bindings);
      bindings += entry.summary.moduleBindings.length;
    }
    const nameFacts = new NameFacts(entries.map((e) => e.summary));
    const live = new Set(this.contexts.values());
    const stale = (i: number) => {
      const kept = entries[i].results;
      const result = kept.get(context);
      if (result && result.bindingsBefore === bindingsBefore[i]) return false;
      // The facts changed: a result from another context still holds if nothing it depends on did.
      for (const id of kept.keys()) if (!live.has(id)) kept.delete(id);
      for (const other of kept.values()) {
        if (other.base !== base) continue;
        let same = true;
        for (const [name, value] of other.names) {
          if (nameFacts.valueFor(name, i) !== value) {
            same = false;
            break;
          }
        }
        if (!same) continue;
        kept.set(context, { ...other, bindingsBefore: bindingsBefore[i] });
        return false;
      }
      return true;
    };
    const toAnalyze = statements.map((_, i) => i).filter(stale);
    this.lastReanalyzed = toAnalyze.length;
    const current = entries.map((entry) => entry.results.get(context));

    if (toAnalyze.length > 0) {
      for (const i of toAnalyze) if (!parts.has(i)) parts.set(i, buildModuleModel(tree, text, statements[i]));
      const model = this.mergedModel(tree, text, statements, entries, parts);
      if (!model) return undefined;
        const raw = runPythonRules(model, { settings: options.settings, filePath: options.filePath, workspace: options.workspace }, lines);
      const ownFindings = new Map<number, RawFinding[]>(toAnalyze.map((i) => [i, []]));
      const endPositions = new Map(toAnalyze.map((i) => [i, lines.positionAt(ends[i])]));
      const headPosition = lines.positionAt(head);
      for (const finding of raw) {
        const owner = toAnalyze.find((i) => within(finding.range, positions[i], endPositions.get(i)!));
        if (owner === undefined) return undefined;
        ownFindings.get(owner)!.push(finding);
      }
      for (const i of toAnalyze) {
        const findings = ownFindings.get(i)!;
        let keep = true;
        for (const fix of findings.flatMap((f) => f.fixes)) {
          for (const edit of fix.edits) {
            if (within(edit.range, positions[i], endPositions.get(i)!)) continue;
            if (before(edit.range.end, headPosition)) headEdits.add(edit);
            else keep = false;
          }
        }
        // A fix may reuse or add an import, which reads every import of the module.
        const mentions = findings.some((f) => f.fixes.length > 0) ? [...entries[i].summary.mentions, ALL_IMPORTS] : entries[i].summary.mentions;
        const names = new Map([...nameFacts.closure(mentions)].map((name) => [name, nameFacts.valueFor(name, i)]));
        const result = { bindingsBefore: bindingsBefore[i], line: positions[i].line, findings, base, names };
        current[i] = result;
        const kept = entries[i].results;
        for (const id of kept.keys()) if (!live.has(id)) kept.delete(id);
        // Findings whose fixes reach beyond the statement and the head are not kept.
        if (keep) kept.set(context, result);
        else kept.delete(context);
      }
    }

    const raw: RawFinding[] = [];
    const comments: CommentText[] = [];
    for (let i = 0; i < statements.length; i++) {
      const entry = entries[i];
      const result = current[i]!;
      if (result.line !== positions[i].line) {
        result.findings = shiftFindings(result.findings, positions[i].line - result.line);
        result.line = positions[i].line;
      }
      raw.push(...result.findings);
      if (entry.summary.comments.length > 0) comments.push(...commentsAt(entry.summary, starts[i]));
    }
    this.entries = new Map(keys.map((key, i) => [key, entries[i]]));
    return finalizeFindings(placeRelatedInModule(raw, tree, lines), pythonSuppressions(tree, comments, lines), "python", options.settings);
  }

  /** One model over the statements to re-read, with the module as all statements make it. */
  private mergedModel(tree: Tree, text: string, statements: readonly Node[], entries: readonly StatementEntry[], parts: ReadonlyMap<number, ModuleModel>): ModuleModel | undefined {
    const root = tree.rootNode;
    const model = emptyModuleModel(tree, text, []);
    const moduleScope = model.moduleScope;
    const otherClass: ClassInfo = { name: "", scope: makeScope("class", root, root, moduleScope), asyncMethods: new Set(), syncMethods: new Set(), methods: new Map(), assigned: new Set(), bases: [] };
    const sortedParts = [...parts.keys()].sort((a, b) => a - b);
    for (const i of sortedParts) rebaseOnto(parts.get(i)!, moduleScope);
    for (let i = 0; i < statements.length; i++) {
      const { summary } = entries[i];
      const part = parts.get(i);
      for (const name of summary.bound) moduleScope.bound.add(name);
      for (const [local, binding] of summary.imports) mergeImport(model.imports, local, binding);
      for (const name of summary.asyncFunctions) model.asyncFunctions.add(name);
      for (const name of summary.syncFunctions) model.syncFunctions.add(name);
      for (const [name, definitions] of summary.functions) for (const facts of definitions) addDefinition(model.functions, name, facts);
      for (const evidence of summary.eventLoopEvidence) model.eventLoopEvidence.add(evidence);
      for (const info of summary.classes) {
        model.classes.set(
          info.name,
          part?.classes.get(info.name) ?? {
            name: info.name,
            scope: otherClass.scope,
            asyncMethods: new Set(info.asyncMethods),
            syncMethods: new Set(info.syncMethods),
            methods: new Map(info.methods),
            assigned: new Set(info.assigned),
            bases: info.bases,
          },
        );
      }
      if (part) {
        model.parts.push(statements[i]);
        model.calls.push(...part.calls);
        model.typedBindings.push(...part.typedBindings);
        model.comments.push(...part.comments);
        model.errorRanges.push(...part.errorRanges);
      } else if (summary.moduleBindings.length > 0) {
        const sites: TypedBindingSite[] | undefined = moduleBindingsAt(statements[i], summary, moduleScope, otherClass);
        if (!sites) return undefined;
        model.typedBindings.push(...sites);
      }
    }
    model.eventLoop = decideEventLoop(model.eventLoopEvidence);
    return model;
  }
}
