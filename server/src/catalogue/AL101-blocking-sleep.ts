import type { RuleMeta } from "../engine/rule";

export const blockingSleep: RuleMeta = {
  code: "AL101",
  name: "blocking-sleep",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A blocking sleep inside an async function stops the whole event loop.",
  whatItDoes:
    "Flags `time.sleep(…)` (also imported as `from time import sleep` or under an alias) called directly in the body of an `async def`. " +
    "A call in a nested sync `def` or `lambda`, or a function handed to `asyncio.to_thread` / `loop.run_in_executor`, is not flagged. " +
    "A call written where such a runner takes its function (`asyncio.to_thread(time.sleep(1))`) runs on the loop before the runner gets its result: it is flagged, and its fix passes the function and its arguments (`asyncio.to_thread(time.sleep, 1)`). " +
    "In a module driven by trio or anyio (decided from its imports, runners and test markers: see the README) the message names " +
    "`await trio.sleep(…)` / `await anyio.sleep(…)`. " +
    "TypeScript/JavaScript: flags, directly in an async function's body, `Atomics.wait(…)`, `execSync(\"sleep 2\")` and " +
    "`execFileSync`/`spawnSync(\"sleep\", […])` from `child_process` (however imported or required), and busy-wait loops with an empty " +
    "body whose condition reads the clock (`while (Date.now() < end) {}`).",
  whyIsThisBad:
    "An event loop runs one thing at a time and only switches at an `await`. `time.sleep(5)` inside a coroutine freezes every other task " +
    "for five seconds: the hundred device sessions you started together now wait in line behind one another.",
  throughHelpers:
    "A plain sync function or method whose body reaches `time.sleep` is flagged where a coroutine calls it: `async def poll(): settle()` with `def settle(): time.sleep(0.5)` gives `settle()` blocks the event loop in `async def poll`: it calls `time.sleep`. The helper may be in the same module, a `self.`/`cls.` method, a class whose `__init__` sleeps, or a function imported from another module of the workspace or from a package installed in the workspace's virtual environment (a folder with a `pyvenv.cfg`, read and never run); and the chain may pass through further sync helpers (five calls deep at most, cycles included). The message names the chain and where it ends in another module, and the blocking call is attached as related information (the editor lists it under the problem; the JSON and SARIF outputs carry it as `related` / `relatedLocations`). Not flagged: a helper handed to a thread (`asyncio.to_thread(helper)`, `Thread(target=helper)`), an awaited call, a generator, a helper under a decorator asynclint does not know (it may run the body in a thread), a signature under `if TYPE_CHECKING:` (its body never runs), a blocking call in a nested `def` the helper only returns, and one behind `if dry_run:` (or `if not p: return`) when the call passes a literal, or leaves a literal default, that rules the branch out. Its fix, unsafe, runs the helper in a thread: `await asyncio.to_thread(helper, \u2026)`. TypeScript/JavaScript: a sync function or method of the project (the same file or imported from another project file, not a declaration file or node_modules) that reaches `Atomics.wait`, a `sleep` command or a busy-wait loop is flagged where an async function calls it.",
  examples: [
    {
      language: "python",
      bad: "import time\n\nasync def poll(device):\n    while not await device.ready():\n        time.sleep(1)\n",
      good: "import asyncio\n\nasync def poll(device):\n    while not await device.ready():\n        await asyncio.sleep(1)\n",
    },
    {
      language: "typescript",
      bad: "async function waitForBoot(device: Device, ms: number) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {}\n  await device.connect();\n}\n",
      good:
        "async function waitForBoot(device: Device, ms: number) {\n  const end = Date.now() + ms;\n  await new Promise<void>((resolve) => setTimeout(resolve, end - Date.now()));\n  await device.connect();\n}\n",
    },
  ],
  fix:
    "Replaces the call with `await asyncio.sleep(…)` (`trio.sleep`, `anyio.sleep` in a trio or anyio module) and adds the import when " +
    "the module lacks it. Safe where the module shows its library (an import, a runner such as `trio.run`, a test marker; a notebook runs " +
    "asyncio). Where nothing in the module says which library runs it, the asyncio fix is offered as unsafe (under trio it would raise); " +
    "where asyncio is imported beside trio or anyio, none is offered. Inside a plain `with` block it is unsafe: other tasks run while the " +
    "block is open, and a lock it holds stays held. " +
    "TypeScript/JavaScript: replaces a `sleep` command with a literal duration (result unused) or a `while (Date.now() < end) {}` loop with " +
    "`await new Promise((resolve) => setTimeout(resolve, ms))`, or with `await sleep(ms)` imported from `timers/promises` when the module " +
    "already imports node's modules. `Atomics.wait` has no automatic fix (use `Atomics.waitAsync`).",
  aliases: ["ASYNC251"],
};
