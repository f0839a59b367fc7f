import ts from "typescript";
import type { RawFinding } from "../engine/analyze";
import { LineIndex } from "../engine/lineIndex";
import type { Settings } from "../engine/settings";
import type { Suppression } from "../engine/suppression";
import type { TextEdit } from "../engine/types";
import { TS_RULES } from "./rules";
import { isJavaScriptFile, wholeFileQuestionCount } from "./syntax";
import { typeScriptSuppressions } from "./suppressions";
import type { TsRule, TsRuleContext } from "./tsRule";
import { checkerQuestions } from "./typeQuestions";
import { unitSession, type Unit } from "./unitCache";

export interface TypeScriptAnalysis {
  findings: RawFinding[];
  suppressions: Suppression[];
  /** Rules that threw on this file (a bug of ours): the message, for the log; the other rules still ran. */
  internalErrors: string[];
}

/** How many nodes are visited between two chances for the caller to pause (and to give up on stale work). */
const NODES_PER_STEP = 400;

/**
 * Runs the rules over one file of a program in a single walk. A generator: it yields every few
 * hundred nodes so the server can let other messages in and abandon work for an outdated text.
 */
export function* typeScriptRuleWalk(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  settings: Settings,
  rules: readonly TsRule[] = TS_RULES,
): Generator<void, TypeScriptAnalysis> {
  const lines = new LineIndex(sourceFile.text);
  const findings: RawFinding[] = [];
  const internalErrors: string[] = [];
  let current: TsRule | undefined;
  const context: TsRuleContext = {
    sourceFile,
    text: sourceFile.text,
    lines,
    types: checkerQuestions(program.getTypeChecker(), program),
    settings,
    isJavaScript: isJavaScriptFile(sourceFile.fileName),
    report(node, message, fixes = [], last, related) {
      const range = lines.rangeOf(node.getStart(sourceFile), (last ?? node).getEnd());
      const offered = fixes.length > 0 ? fixes.filter((fix) => !fix.edits.some((edit) => touchesSyntaxError(edit))) : fixes;
      findings.push({ code: current!.meta.code, range, message, fixes: offered, ...(related && related.length > 0 ? { related } : {}) });
    },
  };
  // Whatever a rule checked, an edit in or at the edge of code that did not parse cannot know what it rewrites: the user is mid-edit.
  let syntaxErrors: Array<[number, number]> | undefined;
  const touchesSyntaxError = (edit: TextEdit): boolean => {
    syntaxErrors ??= program.getSyntacticDiagnostics(sourceFile).map((d) => [d.start, d.start + d.length] as [number, number]);
    if (syntaxErrors.length === 0) return false;
    const start = lines.offsetAt(edit.range.start);
    const end = lines.offsetAt(edit.range.end);
    return syntaxErrors.some(([from, to]) => start <= to && end >= from);
  };
  const active = new Set(rules.filter((rule) => settings.rules[rule.meta.code] !== "off"));
  // Function bodies unchanged since the last analysis of this file keep their findings (see unitCache.ts).
  const units = unitSession(program, sourceFile, settings, (offset) => lines.positionAt(offset), lines.eol);
  const stack: Array<ts.Node | UnitEnd> = [sourceFile];
  let visited = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof UnitEnd) {
      units!.remember(node.unit, findings.slice(node.from), wholeFileQuestionCount() === node.questions);
      continue;
    }
    const unit = units?.unitOf(node);
    if (unit) {
      const kept = units!.reuse(unit);
      if (kept) {
        findings.push(...kept);
        continue;
      }
      stack.push(new UnitEnd(unit, findings.length, wholeFileQuestionCount()));
    }
    for (const rule of active) {
      current = rule;
      try {
        rule.visit(node, context);
      } catch (error) {
        active.delete(rule);
        internalErrors.push(`${rule.meta.code} failed on ${sourceFile.fileName}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    if (++visited % NODES_PER_STEP === 0) yield;
  }
  if (internalErrors.length === 0) units?.commit();
  return { findings, suppressions: typeScriptSuppressions(sourceFile, lines), internalErrors };
}

/** Marks, on the walk's stack, where a function body's subtree ends. */
class UnitEnd {
  constructor(
    readonly unit: Unit,
    /** How many findings there were when the body's walk began. */
    readonly from: number,
    readonly questions: number,
  ) {}
}

/** Runs the walk to its end at once (the CLI, tests, fix-all). */
export function runToEnd<T>(walk: Generator<void, T>): T {
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}
