import ts from "typescript";
import type { RawFinding } from "../engine/analyze";
import type { Position } from "../engine/types";
import type { Settings } from "../engine/settings";
import { isJavaScriptFile } from "./syntax";

/**
 * Findings of function bodies kept from the previous analysis of a file, so that after an edit in
 * one body the editor re-runs the rules (and the type questions) only there.
 *
 * A body's findings depend on its own text, on what it can see of the rest of the program, and on
 * a few whole-file facts. The cache is used only when all of that is provably unchanged:
 * - every other file of the program is the same SourceFile object and the options are the same;
 * - the file outside the bodies (imports, types, signatures, class members' declarations, top-level
 *   code) is the same text, so every declaration a body refers to has the same type, except that
 * - a body that did change belongs to a function whose type does not depend on it: an explicit
 *   return type, or a constructor/setter (inferred return types would flow into the other bodies);
 * - the file has no module-level `let`/`var` (narrowing of those can depend on assignments in any
 *   body), and is not JavaScript (where assignments in bodies declare properties); a class property
 *   with neither type nor value is typed by the constructor's assignments, so that constructor
 *   counts as a function whose type depends on its body;
 * - a reused body asked no whole-file question (fixes that add an import check the file's names)
 *   and its fixes edit only inside itself.
 * Anything else analyzes the whole file, as before.
 */

/** A function body whose findings may be kept: a top-level function's or a top-level class member's. */
export interface Unit {
  body: ts.Block;
  /** Whether the function's type is independent of its body. */
  typeIgnoresBody: boolean;
}

interface CachedUnit {
  text: string;
  start: Position;
  findings: RawFinding[];
}

interface FileEntry {
  settings: Settings;
  options: ts.CompilerOptions;
  others: readonly ts.SourceFile[];
  eol: string;
  surface: string;
  /** By position among the file's units: with the same surface, the same functions in the same order. */
  units: Array<CachedUnit | undefined>;
}

/** The files analyzed last (the editor's open files); a CLI run walks many files once each, so few are kept. */
const MAX_FILES = 8;
const entries = new Map<string, FileEntry>();

function unitsOf(sourceFile: ts.SourceFile): Unit[] | undefined {
  const units: Unit[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && !(statement.declarationList.flags & ts.NodeFlags.Const)) return undefined;
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      units.push({ body: statement.body, typeIgnoresBody: statement.type !== undefined && !statement.asteriskToken });
    } else if (ts.isClassDeclaration(statement)) {
      // A property with neither type nor value takes its type from the constructor's assignments.
      const typedByConstructor = statement.members.some((member) => ts.isPropertyDeclaration(member) && !member.type && !member.initializer);
      for (const member of statement.members) {
        if (ts.isConstructorDeclaration(member)) {
          if (member.body) units.push({ body: member.body, typeIgnoresBody: !typedByConstructor });
        } else if (ts.isSetAccessorDeclaration(member)) {
          if (member.body) units.push({ body: member.body, typeIgnoresBody: true });
        } else if ((ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) && member.body) {
          const generator = ts.isMethodDeclaration(member) && member.asteriskToken !== undefined;
          units.push({ body: member.body, typeIgnoresBody: member.type !== undefined && !generator });
        }
      }
    }
  }
  return units;
}

function surfaceOf(text: string, units: readonly Unit[]): string {
  let surface = "";
  let at = 0;
  for (const unit of units) {
    surface += text.slice(at, unit.body.pos) + "\u0000";
    at = unit.body.end;
  }
  return surface + text.slice(at);
}

function relocate(position: Position, from: Position, to: Position): Position {
  if (position.line === from.line) return { line: to.line, character: to.character + position.character - from.character };
  return { line: position.line + to.line - from.line, character: position.character };
}

function within(position: Position, start: Position, end: Position): boolean {
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

/** One analysis of a file: which bodies can keep their findings, and what to remember for the next one. */
export interface UnitSession {
  /** The unit whose body this node is, when it is one. */
  unitOf(node: ts.Node): Unit | undefined;
  /** The kept findings of a body (moved to where it now starts), or undefined when it must be walked. */
  reuse(unit: Unit): RawFinding[] | undefined;
  /** Findings a walk of a body produced; `selfContained` is false when the body asked whole-file questions. */
  remember(unit: Unit, findings: RawFinding[], selfContained: boolean): void;
  /** Keeps what was remembered for the next analysis (not called when a rule failed). */
  commit(): void;
}

export function unitSession(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  settings: Settings,
  positionAt: (offset: number) => Position,
  eol: string,
): UnitSession | undefined {
  if (isJavaScriptFile(sourceFile.fileName)) return undefined;
  const units = unitsOf(sourceFile);
  if (!units || units.length === 0) {
    entries.delete(sourceFile.fileName);
    return undefined;
  }
  const byBody = new Map(units.map((unit) => [unit.body as ts.Node, unit]));
  const text = sourceFile.text;
  const others = program.getSourceFiles().filter((file) => file !== sourceFile);
  const surface = surfaceOf(text, units);
  const previous = entries.get(sourceFile.fileName);
  let usable =
    previous !== undefined &&
    previous.settings === settings &&
    previous.options === program.getCompilerOptions() &&
    previous.eol === eol &&
    previous.surface === surface &&
    previous.others.length === others.length &&
    previous.others.every((file, i) => file === others[i]);
  const bodyText = (unit: Unit) => text.slice(unit.body.pos, unit.body.end);
  const index = new Map(units.map((unit, i) => [unit, i]));
  if (usable) {
    // A changed body must not change its function's type: other bodies' findings depend on it.
    usable = units.every((unit, i) => unit.typeIgnoresBody || previous!.units[i]?.text === bodyText(unit));
  }
  const next: Array<CachedUnit | undefined> = new Array(units.length);
  return {
    unitOf: (node) => byBody.get(node),
    reuse(unit) {
      const i = index.get(unit)!;
      const cached = usable ? previous!.units[i] : undefined;
      if (!cached || cached.text !== bodyText(unit)) return undefined;
      const start = positionAt(unit.body.pos);
      const moved = (position: Position) => relocate(position, cached.start, start);
      const findings = cached.findings.map((finding) => ({
        ...finding,
        range: { start: moved(finding.range.start), end: moved(finding.range.end) },
        fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: { start: moved(edit.range.start), end: moved(edit.range.end) } })) })),
      }));
      next[i] = { text: cached.text, start, findings };
      return findings;
    },
    remember(unit, findings, selfContained) {
      if (!selfContained) return;
      const start = positionAt(unit.body.pos);
      const end = positionAt(unit.body.end);
      const inside = findings.every((finding) => within(finding.range.start, start, end) && within(finding.range.end, start, end) && finding.fixes.every((fix) => fix.edits.every((edit) => within(edit.range.start, start, end) && within(edit.range.end, start, end))));
      if (!inside) return;
      next[index.get(unit)!] = { text: bodyText(unit), start, findings };
    },
    commit() {
      entries.delete(sourceFile.fileName);
      entries.set(sourceFile.fileName, { settings, options: program.getCompilerOptions(), others, eol, surface, units: next });
      while (entries.size > MAX_FILES) entries.delete(entries.keys().next().value!);
    },
  };
}
