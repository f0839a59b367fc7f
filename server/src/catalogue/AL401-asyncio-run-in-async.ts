import type { RuleMeta } from "../engine/rule";

export const asyncioRunInAsync: RuleMeta = {
  code: "AL401",
  name: "asyncio-run-in-async",
  defaultSeverity: { python: "error", typescript: "error" },
  summary: "`asyncio.run` or `run_until_complete` inside a running event loop raises RuntimeError.",
  whatItDoes:
    "Flags `asyncio.run(…)` and `loop.run_until_complete(…)` called inside an `async def`, where an event loop is already running. " +
    "Not reported in a module driven by trio or anyio: no asyncio loop runs under trio, so the call does not raise there.",
  whyIsThisBad:
    "`asyncio.run()` cannot be called from a running event loop: the call raises `RuntimeError` and the coroutine you passed is never " +
    "awaited. Inside a coroutine, just `await` it.",
  examples: [
    {
      language: "python",
      bad: "import asyncio\n\nasync def main():\n    result = asyncio.run(fetch_all())\n",
      good: "import asyncio\n\nasync def main():\n    result = await fetch_all()\n",
    },
  ],
  fix:
    "Replaces the call with `await <coroutine>` when the call has only the coroutine argument. Safe, since the call can only raise " +
    "where it stands; unsafe inside a `try` with a handler, which may be catching that RuntimeError on purpose.",
  aliases: [],
};
