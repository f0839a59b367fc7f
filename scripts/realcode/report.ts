import { judgmentKey, type Judgment, type Verdict } from "./judgments";
import type { ProjectFinding } from "./runCli";

export interface CodeRow {
  code: string;
  /** The most severe level any finding of this code was reported at. */
  severity: string;
  findings: number;
  useful: number;
  moot: number;
  wrong: number;
  unjudged: number;
  /** Judged findings (in the projects that were run) that are no longer reported, by verdict. */
  gone: Record<Verdict, number>;
}

export interface Targets {
  /** Per rule: wrong findings among the judged ones, at most this share. */
  maxWrongShare: number;
  /** Over all rules: findings not wrong, at least this share of the judged ones. */
  minNotWrongShare: number;
}

export const ISSUE_TARGETS: Targets = { maxWrongShare: 0.1, minNotWrongShare: 0.95 };

export interface Comparison {
  rows: CodeRow[];
  total: CodeRow;
  unjudged: ProjectFinding[];
  /** Judged findings no longer reported, with their judgment. */
  gone: Judgment[];
  /** One line per missed target, empty when all are met. */
  missed: string[];
}

const SEVERITY_ORDER = ["hint", "information", "warning", "error"];

function emptyRow(code: string): CodeRow {
  return { code, severity: "", findings: 0, useful: 0, moot: 0, wrong: 0, unjudged: 0, gone: { useful: 0, moot: 0, wrong: 0 } };
}

/** Sets the CLI's findings against the judgments, for the projects that were run. */
export function compare(findings: readonly ProjectFinding[], judgments: ReadonlyMap<string, Judgment>, projectsRun: ReadonlySet<string>, targets = ISSUE_TARGETS): Comparison {
  const rows = new Map<string, CodeRow>();
  const row = (code: string) => {
    let existing = rows.get(code);
    if (!existing) rows.set(code, (existing = emptyRow(code)));
    return existing;
  };
  const reported = new Set<string>();
  const unjudged: ProjectFinding[] = [];
  for (const finding of findings) {
    const key = judgmentKey(finding);
    // Two findings of one code on one line (two calls) share a judgment: count the line once.
    if (reported.has(key)) continue;
    reported.add(key);
    const entry = row(finding.code);
    entry.findings++;
    if (SEVERITY_ORDER.indexOf(finding.severity) > SEVERITY_ORDER.indexOf(entry.severity)) entry.severity = finding.severity;
    const judgment = judgments.get(key);
    if (judgment) entry[judgment.verdict]++;
    else {
      entry.unjudged++;
      unjudged.push(finding);
    }
  }
  const gone: Judgment[] = [];
  for (const [key, judgment] of judgments) {
    if (!projectsRun.has(judgment.project) || reported.has(key)) continue;
    row(judgment.code).gone[judgment.verdict]++;
    gone.push(judgment);
  }
  const sorted = [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
  const total = emptyRow("all");
  for (const entry of sorted) {
    for (const field of ["findings", "useful", "moot", "wrong", "unjudged"] as const) total[field] += entry[field];
    for (const verdict of ["useful", "moot", "wrong"] as const) total.gone[verdict] += entry.gone[verdict];
  }
  const missed: string[] = [];
  for (const entry of sorted) {
    const judged = entry.useful + entry.moot + entry.wrong;
    if (judged > 0 && entry.wrong / judged > targets.maxWrongShare) {
      missed.push(`${entry.code}: ${entry.wrong} wrong of ${judged} judged (more than ${formatShare(targets.maxWrongShare)})`);
    }
    if (entry.severity === "error" && entry.wrong > 0) missed.push(`${entry.code}: reported as error with ${entry.wrong} wrong finding(s)`);
  }
  const judgedTotal = total.useful + total.moot + total.wrong;
  if (judgedTotal > 0 && 1 - total.wrong / judgedTotal < targets.minNotWrongShare) {
    missed.push(`all rules: ${formatShare(1 - total.wrong / judgedTotal)} not wrong (less than ${formatShare(targets.minNotWrongShare)})`);
  }
  return { rows: sorted, total, unjudged, gone, missed };
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(share === 1 || share === 0 ? 0 : 1)}%`;
}

/** The table printed for people, with the judged share of each code. */
export function formatTable(comparison: Comparison): string {
  const header = ["code", "severity", "findings", "judged", "useful", "moot", "wrong", "wrong %", "unjudged", "gone: useful/moot/wrong"];
  const lines = [...comparison.rows, comparison.total].map((entry) => {
    const judged = entry.useful + entry.moot + entry.wrong;
    return [
      entry.code,
      entry.severity || "-",
      String(entry.findings),
      String(judged),
      String(entry.useful),
      String(entry.moot),
      String(entry.wrong),
      judged > 0 ? formatShare(entry.wrong / judged) : "-",
      String(entry.unjudged),
      `${entry.gone.useful}/${entry.gone.moot}/${entry.gone.wrong}`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [render(header), ...lines.map(render)].join("\n");
}
