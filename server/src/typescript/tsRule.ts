import type ts from "typescript";
import type { LineIndex } from "../engine/lineIndex";
import type { RuleMeta } from "../engine/rule";
import type { Settings } from "../engine/settings";
import type { Fix, RelatedLocation } from "../engine/types";
import type { TypeQuestions } from "./typeQuestions";

/** What a TypeScript rule sees: the file, the type questions, and where to report. */
export interface TsRuleContext {
  sourceFile: ts.SourceFile;
  text: string;
  lines: LineIndex;
  types: TypeQuestions;
  settings: Settings;
  /** A `.js`/`.jsx`/`.cjs`/`.mjs` file: no type annotations may be written into fixes. */
  isJavaScript: boolean;
  /**
   * Reports on `node`, or from `node` to the end of `last` when a finding covers several statements;
   * `related` are other places the finding is about (the blocking call a helper reaches).
   */
  report(node: ts.Node, message: string, fixes?: Fix[], last?: ts.Node, related?: RelatedLocation[]): void;
}

/** A rule is called once per node of the file, in one shared walk. */
export interface TsRule {
  meta: RuleMeta;
  visit(node: ts.Node, context: TsRuleContext): void;
}
