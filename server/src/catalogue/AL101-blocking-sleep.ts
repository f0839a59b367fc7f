import type { RuleMeta } from "../engine/rule";

export const blockingSleep: RuleMeta = {
  code: "AL101",
  name: "blocking-sleep",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A blocking sleep inside an async function stops the whole event loop.",
  whatItDoes:
    "Flags `time.sleep(…)` (also imported as `from time import sleep` or under an alias) called directly in the body of an `async def`. " +
    "A call in a nested sync `def` or `lambda`, or a function handed to `asyncio.to_thread` / `loop.run_in_executor`, is not flagged.",
  whyIsThisBad:
    "An event loop runs one thing at a time and only switches at an `await`. `time.sleep(5)` inside a coroutine freezes every other task " +
    "for five seconds: the hundred device sessions you started together now wait in line behind one another.",
  examples: [
    {
      language: "python",
      bad: "import time\n\nasync def poll(device):\n    while not await device.ready():\n        time.sleep(1)\n",
      good: "import asyncio\n\nasync def poll(device):\n    while not await device.ready():\n        await asyncio.sleep(1)\n",
    },
  ],
  fix: "Replaces the call with `await asyncio.sleep(…)` and adds `import asyncio` when the module lacks it. Safe.",
  aliases: ["ASYNC251"],
};
