import ts from "typescript";
import { sequentialAwaits as meta } from "../../catalogue/AL201-sequential-awaits";
import { t } from "../../engine/l10n";
import { promiseAllFix, tsAwaitRuns } from "../independentAwaits";
import type { TsRule } from "../tsRule";

function label(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  const text = call.expression.getText(sourceFile).replace(/\s+/g, "");
  return `\`${text.length > 40 ? text.slice(0, 37) + "…" : text}(…)\``;
}

/** AL201 for TypeScript/JavaScript: consecutive independent awaits -> `Promise.all`. */
export const sequentialAwaits: TsRule = {
  meta,
  visit(node, context) {
    if (!ts.isBlock(node)) return;
    for (const run of tsAwaitRuns(node, context)) {
      const fix = promiseAllFix(run, context, t("Run them together with `Promise.all` (changes the order the calls start and finish; unsafe)"));
      context.report(
        run[0].statement,
        t(
          "These {0} awaits do not depend on each other, yet each waits for the one before it: {1}. Run them together with `Promise.all`.",
          String(run.length),
          run.map((u) => label(u.call, context.sourceFile)).join(", "),
        ),
        fix ? [fix] : [],
        run[run.length - 1].statement,
      );
    }
  },
};
