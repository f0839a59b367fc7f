import type { RuleMeta } from "../engine/rule";

export const unawaitedCoroutine: RuleMeta = {
  code: "AL301",
  name: "unawaited-coroutine",
  defaultSeverity: { python: "error", typescript: "warning" },
  summary: "A coroutine is created and never awaited, so its code never runs.",
  whatItDoes:
    "Flags a call to a coroutine function whose result is dropped (the call is a statement) or bound to a name that is never used again. " +
    "Coroutine functions are known from `async def` in the same module (functions, and methods through `self.`/`cls.` or an object built from " +
    "the class), from other modules of the workspace (`import x`, `from .x import f`, packages and their re-exports), and from the asyncio API. " +
    "Passing the coroutine to `gather`, `create_task`, `as_completed` or `wait`, returning it, or storing it and awaiting it later is fine. " +
    "A call is reported only when the callee is proven a coroutine function: an `async def` whose body does not `yield` (an async " +
    "generator cannot be awaited), under no decorator or only decorators known to keep it one (`staticmethod`, `classmethod`, " +
    "`abc.abstractmethod`, `typing.override`/`final`, `functools.wraps(…)`, `unittest.mock.patch…`, pytest markers; `@overload` stubs " +
    "are set aside) or decorators of the workspace whose body is read and returns an `async def` wrapper or the function itself (also " +
    "through a factory, `@retry(3)`). An unknown decorator (a UI toolkit's `@work` that starts a worker, a test helper whose wrapper is " +
    "a sync `def` running the loop, `functools.cache`, `property`, `asynccontextmanager`) or a name bound again (`fetch = wrap(fetch)`) " +
    "proves nothing, and nothing is said. Absolute imports resolve as in Python 3: `import socket` inside a package that has its own " +
    "`socket.py` is the standard library's. In a trio or anyio module the advice is that library's (`nursery.start_soon`, `trio.run`). " +
    "TypeScript/JavaScript: flags a floating promise, an expression used as a statement whose type is a promise: the global `Promise` " +
    "or a type deriving from it (a class or interface extending it, a union holding it), decided by the type checker across files and " +
    "for methods such as `this.send(…)`, as typescript-eslint's no-floating-promises does by default; also inside `? :`, on the right " +
    "of `&&` and `||`, on both sides of `??` (`start() ?? fallback()`: a promise is never nullish; `start() || x` tests a promise as a " +
    "condition, AL304), a statement that only asserts a type (`value as Promise<void>;`), and " +
    "an array of promises dropped (`items.map(async …);`, also through a type parameter `T extends Promise<unknown>[]`). Other thenables (`PromiseLike`, a fluent reply or query builder that can be " +
    "awaited) only with `asynclint.typescript.checkThenables`. Awaiting, returning, `void`, `.catch(…)` or `.then(…, onRejected)` are " +
    "fine when the handler is a function (`undefined`, `null`, or a type that may be no function, such as an optional handler, handles " +
    "nothing; a spread before it hides which argument lands there; an untyped `any` handler is taken as one), and so are: a test runner's registrations, whose promise the runner waits for (node:test's `test`, `describe`, `it`, " +
    "`suite`, their `.only`/`.skip`/`.todo` and subtests `t.test(…)`; tap's; the runner is known by the module declaring the function, " +
    "not by its name), a call whose callee keeps the promise it returns where others reach it (a shared chain of checks, a " +
    "memoized load on `this`), calls and types listed in `asynclint.typescript.safePromiseCalls` / `safePromiseTypes`, the line after " +
    "`// @ts-expect-error` or `// @ts-ignore`, and type tests (`*.test-d.ts`, `*.tst.ts`, a `test-d` folder, a file importing " +
    "`tsd` or `tstyche`), which are type-checked, never run.",
  whyIsThisBad:
    "Calling an `async def` function only creates a coroutine object. Nothing in its body runs until it is awaited or scheduled: the " +
    "configuration is never pushed, the sleep never happens, and Python only says `RuntimeWarning: coroutine … was never awaited` at exit.",
  examples: [
    {
      language: "python",
      bad: "async def push_config(conn, lines):\n    ...\n\nasync def main(conn):\n    push_config(conn, [\"ntp server 10.0.0.1\"])\n",
      good: "async def push_config(conn, lines):\n    ...\n\nasync def main(conn):\n    await push_config(conn, [\"ntp server 10.0.0.1\"])\n",
    },
    {
      language: "typescript",
      bad: "async function pushConfig(device: Device, lines: string[]): Promise<void> {\n  /* … */\n}\n\nasync function main(device: Device) {\n  pushConfig(device, [\"ntp server 10.0.0.1\"]);\n  await device.save();\n}\n",
      good: "async function pushConfig(device: Device, lines: string[]): Promise<void> {\n  /* … */\n}\n\nasync function main(device: Device) {\n  await pushConfig(device, [\"ntp server 10.0.0.1\"]);\n  await device.save();\n}\n",
    },
  ],
  fix:
    "Inside an async function: adds `await`. Safe, since the callee is proven a coroutine function as above; but for an asyncio " +
    "coroutine (`asyncio.sleep`, a stream's `drain`, asyncssh's calls) in a trio or anyio module it is unsafe: awaiting it raises " +
    "unless asyncio runs the code. TypeScript/JavaScript offers suggestions only (Unsafe), never applied by fix-all " +
    "or `--fix`: `await` (the code after it then waits for the promise, which changes when it runs and can deadlock), `void` to mark a " +
    "promise as deliberately not awaited (it silences rather than repairs), `.catch(next)` where the function was handed an error " +
    "channel (a parameter named `reject`, `next`, `callback`, `cb` or `done`: the error then reaches it), and `await Promise.all(…)` " +
    "for a dropped array of promises.",
  aliases: ["@typescript-eslint/no-floating-promises"],
};
