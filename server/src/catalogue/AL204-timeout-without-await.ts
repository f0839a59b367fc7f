import type { RuleMeta } from "../engine/rule";

export const timeoutWithoutAwait: RuleMeta = {
  code: "AL204",
  name: "timeout-without-await",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A timeout whose block never awaits can never fire.",
  whatItDoes:
    "Flags `asyncio.timeout(…)`, `asyncio.timeout_at(…)` and `async_timeout.timeout(…)` used as a context manager whose block has no " +
    "`await`, `async for`, `async with` or async comprehension; likewise trio's and anyio's cancel scopes (`fail_after`, `fail_at`, " +
    "`move_on_after`, `move_on_at`, `CancelScope`). Code in a nested `def` or `lambda` does not count: it runs when called. " +
    "Not reported when the block holds a `yield` (an async context manager or generator: the caller's awaits run inside the scope), " +
    "nor when the timeout is followed by another item of the same `async with` (entering and leaving it are awaits).",
  whyIsThisBad:
    "A timeout cancels the task where it is suspended, and a task is suspended only at an `await`. Around code that never awaits, the " +
    "deadline passes unnoticed: the block runs as long as it runs, and the timeout gives a protection it does not have. Usually the " +
    "await it was meant to limit sits just outside the block, or the call inside lost its `await`.",
  examples: [
    {
      language: "python",
      bad:
        "import asyncio\n\nasync def show_version(reader, writer):\n    async with asyncio.timeout(10):\n        writer.write(b\"show version\\n\")\n" +
        "    return await reader.readuntil(b\"#\")\n",
      good:
        "import asyncio\n\nasync def show_version(reader, writer):\n    async with asyncio.timeout(10):\n        writer.write(b\"show version\\n\")\n" +
        "        return await reader.readuntil(b\"#\")\n",
    },
  ],
  aliases: ["ASYNC100"],
};
