import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { displayPath, type CheckReport } from "./report";

/** The fixes as one unified diff (`a/` and `b/` prefixes, so `git apply` takes it), files in order. */
export function formatDiff(report: CheckReport): string {
  return report.outcomes
    .filter((outcome) => outcome.diff)
    .map((outcome) => {
      const file = displayPath(outcome.file, report.cwd);
      return createTwoFilesPatch(`a/${file}`, `b/${file}`, outcome.diff!.before, outcome.diff!.after, undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      });
    })
    .join("");
}
