import type { RuleMeta } from "../engine/rule";

export const asyncWithoutAwait: RuleMeta = {
  code: "AL502",
  name: "async-without-await",
  defaultSeverity: { python: "off", typescript: "off" },
  summary: "Style: an `async def` that never awaits could be a plain function.",
  whatItDoes:
    "Flags a module-level `async def` whose body has no `await`, `async for`, `async with` or async comprehension (code in nested " +
    "defs and lambdas does not count), when the module shows that nothing needs it to be a coroutine function: it is defined once, " +
    "undecorated, the module calls and awaits it at once (`await render(…)`) and never uses its name any other way (passing it to a " +
    "router, storing it in a list, a call whose coroutine is kept, such as a mock's `return_value`, binding it again). Left out: methods (an override or a protocol's method must be async whatever its body), " +
    "functions nested in another function (mostly callbacks), decorated functions (a framework's handler, `asynccontextmanager`, " +
    "a pytest fixture), async generators (their consumers use `async for`), stubs (a docstring, `...`, `pass`, `raise`), and " +
    "functions the module never calls (Ruff's RUF029 reports those too; on ten real projects nearly all of them were web or SSH " +
    "handlers registered elsewhere, which must be coroutine functions). " +
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
  ],
  aliases: ["RUF029"],
};
