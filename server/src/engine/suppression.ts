import { ruleByAlias, ruleByCode } from "./catalogue";
import type { Finding, Range } from "./types";

/**
 * A suppression comment: which codes it silences (null: all) on which line, or in the whole file.
 * Python and TS/JS produce the same objects; the optional fields let the engine report an unused
 * directive precisely (AL900) and offer the edit that removes it.
 */
export interface Suppression {
  /** 0-based line the directive applies to; ignored for file-wide directives. */
  line: number;
  /** Our codes (aliases already mapped: ASYNC251 -> AL101); unknown codes are kept upper-cased. */
  codes: string[] | null;
  scope: "line" | "file";
  /** Where the directive's text is, for hints and fixes about it. */
  range: Range;
  /**
   * Whose directive it is. "asynclint" (the default) is judged whole: every code in it must silence
   * something. "other" (`# noqa`, `eslint-disable`) belongs to another tool as well, so only the codes
   * written as our own `ALxxx` are judged; `# noqa: ASYNC251` is Ruff's to judge (its RUF100).
   */
  owner?: "asynclint" | "other";
  /** The codes as written, in the same order as `codes` (`ASYNC251`, `E501`). */
  written?: string[];
  /** The span of the written code list (first code's start to last code's end), rewritten when only some codes are unused. */
  listRange?: Range;
  /** What to delete to remove the whole directive (its comment and the whitespace before it, or its whole line); `range` by default. */
  removal?: Range;
  /** Set when the directive has no effect where it is (an ignore-file below the first statement): why, for the AL900 message. */
  inert?: string;
  /** Set when the directive sits in or against code that failed to parse: AL900 still reports it, but offers no fix there. */
  inSyntaxError?: boolean;
}

/** `AL101, ASYNC251` -> our codes; unknown codes are kept so they can be reported as unused. */
export function normalizeCodes(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .filter((code) => code.length > 0)
    .map((code) => ruleByCode(code)?.code ?? ruleByAlias(code)?.code ?? code.toUpperCase());
}

function silences(directive: Suppression, finding: Finding): boolean {
  if (directive.scope === "line" && directive.line !== finding.range.start.line) return false;
  return directive.codes === null || directive.codes.includes(finding.code);
}

/** Drops findings silenced by a directive. */
export function applySuppressions(findings: Finding[], suppressions: readonly Suppression[]): Finding[] {
  return partitionBySuppression(findings, suppressions).kept;
}

export interface SuppressionOutcome {
  kept: Finding[];
  /** For each directive that silenced something: the codes it silenced. */
  used: Map<Suppression, Set<string>>;
}

/** Drops findings silenced by a directive and remembers which directive silenced which codes (for AL900). */
export function partitionBySuppression(findings: Finding[], suppressions: readonly Suppression[]): SuppressionOutcome {
  const used = new Map<Suppression, Set<string>>();
  if (suppressions.length === 0) return { kept: findings, used };
  const active = suppressions.filter((directive) => directive.inert === undefined);
  const kept = findings.filter((finding) => {
    let silenced = false;
    // Every directive that covers the finding counts as used, so that two overlapping ones are both kept.
    for (const directive of active) {
      if (!silences(directive, finding)) continue;
      silenced = true;
      let codes = used.get(directive);
      if (!codes) used.set(directive, (codes = new Set()));
      codes.add(finding.code);
    }
    return !silenced;
  });
  return { kept, used };
}
