import { awaitInLoop } from "../../catalogue/AL202-await-in-loop";
import { t } from "../../engine/l10n";
import { callLabel } from "../concurrentAwaits";
import { IndependenceFacts } from "../independence";
import { givesAsyncioAdvice } from "../eventLoopLibrary";
import { independentLoop, loopGatherFix } from "../loopIterations";
import { insideError } from "../moduleModel";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";

/** AL202: a `for` loop whose iterations each await independent work, one after another. */
export const awaitInLoopRule: PythonRule = {
  meta: awaitInLoop,
  check(context: PythonRuleContext): PythonReport[] {
    // gather is asyncio's: code driven by trio or anyio gets none of it.
    if (!givesAsyncioAdvice(context.model.eventLoop)) return [];
    const facts = new IndependenceFacts(context.model, context.symbols);
    const reports: PythonReport[] = [];
    for (const loop of context.model.parts.flatMap((part) => part.descendantsOfType("for_statement"))) {
      if (!loop || insideError(context.model, loop.startIndex, loop.endIndex)) continue;
      const found = independentLoop(loop, facts, context.notebook);
      if (!found) continue;
      const title = t("Run the iterations together with `asyncio.gather` (starts every call at once and changes the order they finish; unsafe)");
      const rewrite = loopGatherFix(found, facts, context.lines, title);
      reports.push({
        node: loop,
        last: loop.childForFieldName("right") ?? loop,
        message: t(
          "Each iteration waits for `{0}` before the next one starts, though the iterations do not depend on each other. Run them together with `asyncio.gather`.",
          callLabel(found.awaited.call),
        ),
        fixes: rewrite && "fix" in rewrite ? [rewrite.fix] : [],
        ...(rewrite && "withheld" in rewrite ? { withheld: [{ title, reason: rewrite.withheld }] } : {}),
      });
    }
    return reports;
  },
};
