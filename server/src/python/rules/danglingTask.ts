import { danglingTask } from "../../catalogue/AL302-dangling-task";
import { givesAsyncioAdvice } from "../eventLoopLibrary";
import { TASK_SPAWNERS } from "../knownApis";
import { calleeLabel, valueUse, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { t } from "../../engine/l10n";

/** AL302: a task whose only reference is dropped. */
export const danglingTaskRule: PythonRule = {
  meta: danglingTask,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    // Tasks and their weak references are asyncio's; trio and anyio start work in nurseries and task groups.
    if (!givesAsyncioAdvice(context.model.eventLoop)) return reports;
    for (const site of context.model.calls) {
      const name = context.symbols.callName(site);
      if (!name || !TASK_SPAWNERS.has(name)) continue;
      const use = valueUse(context, site);
      if (use === "used") continue;
      reports.push({
        node: site.node,
        message: t(
          "The task from `{0}(…)` is not kept: the event loop holds tasks weakly, so it can be garbage-collected mid-flight and its exception is lost. Keep a reference (a set of tasks, or `asyncio.TaskGroup`) and await it.",
          calleeLabel(site),
        ),
        fixes: [],
      });
    }
    return reports;
  },
};
