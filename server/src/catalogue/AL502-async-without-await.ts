import type { RuleMeta } from "../engine/rule";

export const asyncWithoutAwait: RuleMeta = {
  code: "AL502",
  name: "async-without-await",
  defaultSeverity: { python: "off", typescript: "off" },
  summary: "Style: an `async def` that never awaits could be a plain function.",
  whatItDoes:
    "Flags an `async def` whose body has no `await`, `async for`, `async with` or async comprehension (code in nested defs and " +
    "lambdas does not count; a `yield` needs no async either, so an async generator that never awaits is reported too), as " +
    "Ruff's RUF029 does, leaving out what may have to be async for someone else whatever its body: decorated functions (a " +
    "framework's handler, `asynccontextmanager`, a pytest fixture), names the module hands on or keeps as values (passing it to a " +
    "router or a callback registry, storing it in a list, `create_task(f())`, `asyncio.run(main())`, a mock's `return_value`), " +
    "names defined more than once, stubs (a docstring, `...`, `pass`, `raise`), dunders (`__aenter__`, `__anext__`), and methods " +
    "other than private helpers (`_name`) of a class that has no base, no subclass in the module, and shares the name with no other " +
    "class of the module (Ruff leaves out every method). Unlike RUF029 it also leaves out public module-level functions the module " +
    "never calls: on ten real projects each of them was used by another module as a coroutine function (a web handler registered " +
    "in the app's main module, one platform's variant of a function the other platform implements with awaits, a test stub " +
    "patched in for `asyncio.create_subprocess_exec`), and so were the public methods of classes without bases (hooks documented " +
    "for overriding, one side of a duck-typed transport). " +
    "While the rule is on, the editor analyzes a Python file whole on each change rather than statement by statement, since the " +
    "uses of a name may be anywhere in it.",
  whyIsThisBad:
    "An `async def` that never awaits runs to the end the moment it is awaited: being a coroutine buys nothing, yet every caller " +
    "must await it and it cannot be called from sync code. Sometimes it is a sign of a missing `await` inside. It is a style " +
    "rule and off by default: a function may be async on purpose, to keep an API stable or to be registered where a coroutine " +
    "function is required.",
  examples: [
    {
      language: "python",
      bad: "async def render_banner(hostname):\n    return f\"Authorized access to {hostname} only\"\n",
      good: "def render_banner(hostname):\n    return f\"Authorized access to {hostname} only\"\n",
    },
    {
      language: "python",
      bad: "async def hosts_in(inventory):\n    for host in inventory:\n        yield host\n",
      good: "def hosts_in(inventory):\n    for host in inventory:\n        yield host\n",
    },
  ],
  aliases: ["RUF029"],
};
