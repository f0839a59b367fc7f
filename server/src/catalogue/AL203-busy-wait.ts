import type { RuleMeta } from "../engine/rule";

export const busyWait: RuleMeta = {
  code: "AL203",
  name: "busy-wait",
  defaultSeverity: { python: "information", typescript: "information" },
  summary: "A loop that sleeps until some state changes wakes up again and again, and sees the change late.",
  whatItDoes:
    "Flags a `while` loop whose whole body is `await asyncio.sleep(…)` (trio's and anyio's `sleep`/`sleep_until` likewise) and " +
    "whose condition reads only in-process state: names, attributes, subscripts, comparisons and `not`/`and`/`or` of them, " +
    "`len(…)`, and `is_set()`, `done()`, `cancelled()`, `locked()`, `empty()`, `full()`, `qsize()`. Such state can only change " +
    "because another task or a callback changes it, and that side can signal instead. " +
    "Not flagged: `while True:` and other constant conditions (a program that sleeps forever polls nothing), a condition that " +
    "awaits or calls anything else (`while not await device.ready()`, `while not os.path.exists(p)`, `while time.monotonic() < end`: " +
    "the outside world or the clock, which no event signals), and a loop that does anything besides sleeping (a periodic job, a " +
    "retry with backoff).",
  whyIsThisBad:
    "Polling trades latency for wake-ups: with a 1 s sleep the loop notices the change up to a second late, with `sleep(0)` it " +
    "spins, taking a turn of the event loop over and over while it waits. An `asyncio.Event` the other side sets (or awaiting the " +
    "task or future itself, or `queue.get()`) wakes the waiter exactly once, when the state changes. Reported as information: " +
    "polling costs latency and wake-ups, rarely correctness (on ten real projects it found one loop, in a test, polling a transport " +
    "flag that has no event).",
  examples: [
    {
      language: "python",
      bad:
        "import asyncio\n\nclass Session:\n    def __init__(self):\n        self.logged_in = False\n\n    def on_prompt(self):\n" +
        "        self.logged_in = True\n\n    async def wait_for_login(self):\n        while not self.logged_in:\n            await asyncio.sleep(0.1)\n",
      good:
        "import asyncio\n\nclass Session:\n    def __init__(self):\n        self.logged_in = asyncio.Event()\n\n    def on_prompt(self):\n" +
        "        self.logged_in.set()\n\n    async def wait_for_login(self):\n        await self.logged_in.wait()\n",
    },
  ],
  aliases: ["ASYNC110"],
};
