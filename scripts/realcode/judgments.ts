import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A finding on real code read by a person, in our own words. Matched to the CLI's findings by
 * project, file, line and code, so a judgment survives changes to messages and columns, and a
 * finding that moves to another line comes back as unjudged (to be read again).
 */
export interface Judgment {
  project: string;
  file: string;
  line: number;
  code: string;
  verdict: Verdict;
  /** The class of mistake (or of why the finding is useful or moot), kebab-case. */
  pattern?: string;
  reason: string;
}

export type Verdict = "useful" | "moot" | "wrong";
export const VERDICTS: readonly Verdict[] = ["useful", "moot", "wrong"];

export function judgmentKey(item: { project: string; file: string; line: number; code: string }): string {
  return `${item.project}\u0000${item.file}\u0000${item.line}\u0000${item.code}`;
}

export interface LoadedJudgments {
  byKey: Map<string, Judgment & { source: string }>;
  /** One line per malformed or duplicated entry, naming the file and line. */
  problems: string[];
}

/** Reads every `*.jsonl` file in `dir` (one judgment per line; blank lines are skipped). */
export function loadJudgments(dir: string): LoadedJudgments {
  const byKey = new Map<string, Judgment & { source: string }>();
  const problems: string[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith(".jsonl")).sort() : [];
  for (const name of files) {
    const file = path.join(dir, name);
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((text, index) => {
        if (text.trim() === "") return;
        const where = `${file}:${index + 1}`;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          problems.push(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
          return;
        }
        const problem = judgmentProblem(value);
        if (problem) {
          problems.push(`${where}: ${problem}`);
          return;
        }
        const judgment = value as Judgment;
        const key = judgmentKey(judgment);
        const earlier = byKey.get(key);
        if (earlier) {
          problems.push(`${where}: judges ${judgment.project}:${judgment.file}:${judgment.line} ${judgment.code} again (first in ${earlier.source})`);
          return;
        }
        byKey.set(key, { ...judgment, source: where });
      });
  }
  return { byKey, problems };
}

function judgmentProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected an object";
  const item = value as Record<string, unknown>;
  for (const field of ["project", "file", "code", "reason"] as const) {
    if (typeof item[field] !== "string" || item[field] === "") return `"${field}" must be a non-empty string`;
  }
  if (typeof item.line !== "number" || !Number.isInteger(item.line) || item.line < 1) return `"line" must be a positive integer`;
  if (!VERDICTS.includes(item.verdict as Verdict)) return `"verdict" must be one of ${VERDICTS.join(", ")}`;
  if (item.pattern !== undefined && typeof item.pattern !== "string") return `"pattern" must be a string`;
  return undefined;
}
