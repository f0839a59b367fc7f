import type { RuleMeta } from "../engine/rule";

export const unusedSuppression: RuleMeta = {
  code: "AL900",
  name: "unused-suppression",
  defaultSeverity: { python: "hint", typescript: "hint" },
  summary: "A suppression comment silences nothing: the code it names is not reported there (or is unknown).",
  whatItDoes:
    "Flags an asynclint suppression that silenced no finding in this analysis: `# asynclint: ignore[…]` and `# asynclint: ignore` " +
    "with nothing reported on their line, `# asynclint: ignore-file[…]` with nothing reported in the file, codes that are not asynclint's, " +
    "an `ignore-file` below the first statement (where it has no effect), and our own `ALxxx` codes in `# noqa` or `eslint-disable` " +
    "comments. Codes of other tools in those comments (`E501`, and Ruff's `ASYNC251` or `RUF006`, which Ruff judges with its RUF100) are " +
    "left alone, and so are codes of rules you turned off in the settings.",
  whyIsThisBad:
    "A suppression outlives the code it was written for. Once the blocking call is gone, the leftover comment silently hides the next real " +
    "mistake on that line, and readers assume a problem that is not there.",
  examples: [
    {
      language: "python",
      bad: "import asyncio\n\nasync def poll(device):\n    await asyncio.sleep(1)  # asynclint: ignore[AL101]\n",
      good: "import asyncio\n\nasync def poll(device):\n    await asyncio.sleep(1)\n",
    },
  ],
  fix: "Removes the directive (its whole line when it stands alone), or just the unused codes when others in it are still needed. Safe.",
};
