/** Positions are 0-based, characters counted in UTF-16 code units (as LSP and JS strings do). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** A safe fix keeps the program's meaning apart from repairing the mistake; fix-all applies only these. */
  safe: boolean;
}

/** A fix the rule knows but does not offer here, and why: shown disabled in the light bulb, so the user learns why there is none. */
export interface WithheldFix {
  title: string;
  reason: string;
}

export type Severity = "error" | "warning" | "information" | "hint";

/** Another place that explains a finding (the blocking call a helper reaches): the editor shows it under the diagnostic, SARIF and JSON carry it. */
export interface RelatedLocation {
  /** The file, absolute; absent for the finding's own file. */
  file?: string;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  range: Range;
  message: string;
  severity: Severity;
  fixes: Fix[];
  /** Fixes not offered for this finding, with the reason (absent: none withheld). */
  withheld?: WithheldFix[];
  /** Places that explain the finding (absent: none). */
  related?: RelatedLocation[];
  /**
   * In a Jupyter notebook, `range` is in the program its cells make; this is where the user sees
   * the finding: the cell (1-based, as editors number cells) and the range inside it.
   */
  notebookCell?: { cell: number; range: Range };
}

/** Something the user must know about a file that is not a finding: skipped because too large, binary, … */
export interface Notice {
  message: string;
  kind: "skipped" | "config";
  /**
   * The file the notice is about when it is not the one analyzed (a broken tsconfig), as it is
   * shown: relative to the workspace root holding it. The message then reads after this name.
   */
  subject?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  notices: Notice[];
}
