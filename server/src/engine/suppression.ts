import { ruleByAlias, ruleByCode } from "./catalogue";
import type { Finding, Range } from "./types";

/** A suppression comment: which codes it silences (null: all) on which line, or in the whole file. */
export interface Suppression {
  /** 0-based line the directive applies to; ignored for file-wide directives. */
  line: number;
  codes: string[] | null;
  scope: "line" | "file";
  /** Where the directive's text is, for hints and fixes about it. */
  range: Range;
}

/**
 * Reads `asynclint: ignore[AL101, AL102]` (or bare `asynclint: ignore`) out of a Python comment's
 * text. Returns the codes (null: all), or undefined when the comment holds no directive.
 */
export function parsePythonDirective(comment: string): { codes: string[] | null; scope: "line" | "file" } | undefined {
  const match = /#\s*asynclint:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/.exec(comment);
  if (!match) return undefined;
  return { codes: match[2] === undefined ? null : normalizeCodes(match[2]), scope: match[1] === "ignore-file" ? "file" : "line" };
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
  if (suppressions.length === 0) return findings;
  return findings.filter((finding) => !suppressions.some((directive) => silences(directive, finding)));
}
