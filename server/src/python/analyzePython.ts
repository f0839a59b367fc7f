import type { Tree } from "web-tree-sitter";
import { LineIndex } from "../engine/lineIndex";
import type { Settings } from "../engine/settings";
import type { Suppression } from "../engine/suppression";
import type { RawFinding } from "../engine/analyze";
import { buildModuleModel, type ModuleModel } from "./moduleModel";
import type { PythonRule, PythonRuleContext } from "./pythonRule";
import { placeRelatedInModule } from "./relatedInModule";
import { pythonSuppressions } from "./suppressionComments";
import { PYTHON_RULES } from "./rules";
import { SymbolResolver } from "./symbols";
import { overlapsRegion } from "./unterminatedStrings";
import type { PythonWorkspace } from "./workspace";

export interface PythonAnalysisOptions {
  settings: Settings;
  filePath?: string;
  workspace?: PythonWorkspace;
  notebook?: boolean;
  /** Rules to run; all by default. */
  rules?: readonly PythonRule[];
}

export interface PythonAnalysis {
  findings: RawFinding[];
  suppressions: Suppression[];
  model: ModuleModel;
}

/** Runs the Python rules over a parsed module (and its model, when the caller built it already). Severity and suppression are the engine's business. */
export function analyzePython(tree: Tree, text: string, options: PythonAnalysisOptions, lines = new LineIndex(text), model = buildModuleModel(tree, text)): PythonAnalysis {
  const findings = placeRelatedInModule(runPythonRules(model, options, lines), tree, lines);
  return { findings, suppressions: pythonSuppressions(tree, model.comments, lines), model };
}

/** The rules' raw findings on a model: a whole module's, or the merged parts the incremental analysis re-reads. */
export function runPythonRules(model: ModuleModel, options: PythonAnalysisOptions, lines: LineIndex): RawFinding[] {
  const context: PythonRuleContext = {
    model,
    symbols: new SymbolResolver(model, options.filePath, options.workspace),
    lines,
    settings: options.settings,
    notebook: options.notebook ?? false,
    filePath: options.filePath,
    workspace: options.workspace,
  };
  const findings: RawFinding[] = [];
  for (const rule of options.rules ?? PYTHON_RULES) {
    if ((options.settings.rules[rule.meta.code] ?? rule.meta.defaultSeverity.python) === "off") continue;
    for (const report of rule.check(context)) {
      const start = report.node.startIndex;
      const end = (report.last ?? report.node).endIndex;
      // Python reads that text as a string: a rule that walks the tree itself may still have seen code there.
      if (model.unterminatedStrings.length > 0 && overlapsRegion(model.unterminatedStrings, start, end)) continue;
      findings.push({
        code: rule.meta.code,
        range: lines.rangeOf(start, end),
        message: report.message,
        fixes: report.fixes,
        ...(report.withheld ? { withheld: report.withheld } : {}),
        ...(report.related ? { related: report.related } : {}),
        ...(report.relatedInModule ? { relatedInModule: report.relatedInModule } : {}),
      });
    }
  }
  return findings;
}
