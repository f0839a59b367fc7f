import type { RuleMeta } from "../engine/rule";

export const timeoutParameter: RuleMeta = {
  code: "AL501",
  name: "timeout-parameter",
  defaultSeverity: { python: "off", typescript: "off" },
  summary: "Style: an async function takes a `timeout` parameter where the caller's `asyncio.timeout` is the idiom.",
  whatItDoes:
    "Flags the `timeout` parameter of an `async def` (positional, keyword-only, with or without a default or annotation; not " +
    "`*timeout` or `**timeout`) when the body uses it only as the deadline of `asyncio.wait_for`, `asyncio.timeout`, " +
    "`async_timeout.timeout` or trio's/anyio's `fail_after`/`move_on_after`, once and not in a loop, or not at all (a stub, an " +
    "abstract method): then a caller's timeout context does the same. Not flagged: a `timeout` handed to anything else (a " +
    "long-polling request sends it to the server, a reconnect loop keeps it for each attempt, a heartbeat gives it to each " +
    "ping), an annotation or default that is not a number of seconds (httpx's `Timeout`, aiohttp's `ClientTimeout`, a " +
    "sentinel), a function that catches `TimeoutError` itself (it adds behaviour: partial output, a forced close), and " +
    "functions under decorators other than `staticmethod`, `classmethod` and `abstractmethod` (a framework's handler, " +
    "`@override`). In a trio or anyio module the message names `fail_after`/`move_on_after`.",
  whyIsThisBad:
    "With `async with asyncio.timeout(…)` or `asyncio.wait_for(…)` the caller bounds any awaitable, including several calls " +
    "together, and cancellation stops the work wherever it is. A `timeout` parameter has to be threaded through every call " +
    "inside, and is often honoured by only some of them. It is a style rule and off by default: on ten real projects its findings " +
    "were libraries' public or abstract APIs that take a `timeout` on purpose, for callers used to it.",
  examples: [
    {
      language: "python",
      bad: "async def show_version(session, timeout=10):\n    return await session.send(\"show version\", timeout=timeout)\n",
      good:
        "import asyncio\n\nasync def show_version(session):\n    return await session.send(\"show version\")\n\n" +
        "async def main(session):\n    async with asyncio.timeout(10):\n        print(await show_version(session))\n",
    },
  ],
  aliases: ["ASYNC109"],
};
