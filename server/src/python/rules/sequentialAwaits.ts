import { sequentialAwaits } from "../../catalogue/AL201-sequential-awaits";
import { t } from "../../engine/l10n";
import { callLabel, gatherFix, sequentialAwaitRuns } from "../concurrentAwaits";
import { IndependenceFacts } from "../independence";
import { givesAsyncioAdvice } from "../eventLoopLibrary";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";

/** AL201: consecutive awaits that do not depend on each other, run one after another. */
export const sequentialAwaitsRule: PythonRule = {
  meta: sequentialAwaits,
  check(context: PythonRuleContext): PythonReport[] {
    // gather is asyncio's: code driven by trio or anyio gets none of it.
    if (!givesAsyncioAdvice(context.model.eventLoop)) return [];
    const facts = new IndependenceFacts(context.model, context.symbols);
    return sequentialAwaitRuns(facts, context.notebook).map((run) => {
      const fix = gatherFix(run, facts, context.lines, t("Run them together with `asyncio.gather` (changes the order the calls start and finish; unsafe)"));
      return {
        node: run[0].statement,
        last: run[run.length - 1].statement,
        message: t(
          "These {0} awaits do not depend on each other, yet each waits for the one before it: {1}. Run them together with `asyncio.gather`.",
          String(run.length),
          run.map((u) => `\`${callLabel(u.call)}\``).join(", "),
        ),
        fixes: fix ? [fix] : [],
      };
    });
  },
};
