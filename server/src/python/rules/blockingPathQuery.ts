import { blockingPathQuery } from "../../catalogue/AL104-blocking-path-query";
import { localizable, t } from "../../engine/l10n";
import { remediesOf } from "../eventLoopLibrary";
import { PATH_QUERY_FUNCTIONS, PATH_QUERY_METHODS } from "../fileSystemApis";
import { PathValues } from "../pathValues";
import { callsInCoroutines, calleeLabel, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { reportHandedToRunner } from "./offloaded";

const REMEDY = {
  asyncio: localizable("`await asyncio.to_thread(…)` (or `anyio.Path`)"),
  trio: "`trio.Path`",
  anyio: "`anyio.Path`",
};

/**
 * AL104: file-system metadata calls in a coroutine (`os.path.exists`, `os.stat`, `Path.mkdir()`).
 * No automatic fix: on a local disk such a call takes microseconds, less than handing it to a
 * thread; the message names the remedy for code that may meet a slow disk.
 */
export const blockingPathQueryRule: PythonRule = {
  meta: blockingPathQuery,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    const values = new PathValues(context);
    const remedy = t(REMEDY[remediesOf(context.model.eventLoop.library).module]);
    for (const site of callsInCoroutines(context)) {
      // Awaited, it is not the sync API (aiofiles.os, an async wrapper under the same name).
      if (site.node.parent?.type === "await") continue;
      const name = context.symbols.callName(site);
      let known = name !== undefined && PATH_QUERY_FUNCTIONS.has(name);
      if (!known && site.callee.type === "attribute") {
        const method = site.callee.childForFieldName("attribute")?.text ?? "";
        const receiver = site.callee.childForFieldName("object");
        known = PATH_QUERY_METHODS.has(method) && receiver !== null && values.kindOf(receiver, site.scope, site.ownerClass) === "path";
      }
      if (!known) continue;
      reports.push({
        node: site.node,
        message: t("`{0}` asks the file system in {1} and blocks the event loop until it answers: quick on a local disk, slow on a busy or network one. Where that matters, use {2}.", calleeLabel(site), scopeLabel(site.scope), remedy),
        fixes: [],
      });
    }
    return reportHandedToRunner(context, reports);
  },
};
