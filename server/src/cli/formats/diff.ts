import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { printable } from "./printable";
import { displayPath, type CheckReport } from "./report";

/** The fixes as one unified diff (`a/` and `b/` prefixes, so `git apply` takes it), files in order. */
export function formatDiff(report: CheckReport): string {
  return report.outcomes
    .filter((outcome) => outcome.diff)
    .map((outcome) => {
      // The header names the file; its content lines are the file's own text, as they must be for `git apply`.
      const file = printable(displayPath(outcome.file, report.cwd));
      return createTwoFilesPatch(`a/${file}`, `b/${file}`, outcome.diff!.before, outcome.diff!.after, undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      });
    })
    .join("");
}
