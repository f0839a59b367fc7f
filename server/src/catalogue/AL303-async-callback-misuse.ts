import type { RuleMeta } from "../engine/rule";

export const asyncCallbackMisuse: RuleMeta = {
  code: "AL303",
  name: "async-callback-misuse",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "An async function is passed where the caller ignores what the callback returns, so nothing waits for it.",
  whatItDoes:
    "TypeScript/JavaScript: flags an async function, or any function returning a promise, passed as an argument (or a JSX attribute) whose " +
    "expected type is a function returning `void`: `arr.forEach(async x => …)`, `setTimeout(async () => …)`, `emitter.on(\"data\", async …)`, " +
    "`button.addEventListener(\"click\", async …)`. The type checker decides, from the declared parameter type, not from the callee's name, " +
    "and every overload counts, not only the one TypeScript picked: an async plugin or hook is fine when any overload of the callee (or a member " +
    "of a union parameter, or a signature of the parameter's type) takes a function returning a promise, `unknown` or `any` " +
    "(`app.register(async (app) => …)` where `register` has a callback form with `done` and a promise form). A function that returns " +
    "a thenable which is no promise (a fluent reply object) counts only with `typescript.checkThenables`, as for AL301; " +
    "`arr.map(async …)` is not flagged here (its result is the promises, see AL301). " +
    "The same holds wherever a type says a function returns `void`: a variable, field or property written with such a type " +
    "(`const onClose: () => void = async () => …`, `server.onRequest = handler`), a member of an object literal whose type wants it " +
    "(`new Readable({ async read() {} })`, an options object, a map of handlers, a shorthand `{ handler }`), a function returned where " +
    "`() => void` is expected, an async method (or one written to return a promise) overriding or implementing a method a base class or " +
    "interface declares to return `void`, an object stored under a type whose `void` method it implements as async, a spread " +
    "`consume(...callbacks)` into `() => void` slots, `using` of a value whose `[Symbol.dispose]` is async, and a method with both a " +
    "promise form and a callback form passed where it is called back with no callback (`setTimeout(server.close)`, " +
    "`process.on(\"SIGTERM\", pool.end)`: the promise form runs). A slot counts as `void` only when a signature returns `void` and none " +
    "may return a promise (`any`, `unknown`, `object`, a type parameter or a thenable); `() => number` beside `() => void` takes no " +
    "async function either. A generic callee is read as TypeScript instantiated it (`useCallback<() => void>(async () => …)`). " +
    "A member of an object literal is left alone when another function member of the same type accepts a promise (a route's " +
    "`errorHandler: (…) => void` beside `handler: (…) => void | Promise<unknown>`): such a library awaits what its callbacks return. " +
    "Python: flags a coroutine function handed to an API that calls it as a plain function: `threading.Thread(target=…)`, `threading.Timer`, " +
    "`loop.call_soon` / `call_later` / `call_at` / `call_soon_threadsafe`, `loop.run_in_executor`, `asyncio.to_thread`, an executor's " +
    "`submit` / `map`, `atexit.register`, `signal.signal`. Coroutine functions are known as for AL301 (decorators included). In a " +
    "module driven by trio or anyio the asyncio-only slots (loop methods, `asyncio.to_thread`) are not looked at, and the advice is " +
    "that library's (`start_soon`, `from_thread.run`).",
  whyIsThisBad:
    "`forEach` calls the callback and throws its result away. Every iteration starts at once, the code after the loop runs before any of " +
    "them finished, and a rejection becomes an unhandled rejection that may crash the process. The loop looks sequential and is neither " +
    "sequential nor awaited.",
  examples: [
    {
      language: "typescript",
      bad: "async function backupAll(devices: Device[]) {\n  devices.forEach(async (device) => {\n    await backup(device);\n  });\n  console.log(\"done\");\n}\n",
      good: "async function backupAll(devices: Device[]) {\n  for (const device of devices) {\n    await backup(device);\n  }\n  console.log(\"done\");\n}\n",
    },
    {
      language: "python",
      bad: "import threading\n\nasync def poll(device):\n    ...\n\nfor device in devices:\n    threading.Thread(target=poll, args=(device,)).start()\n",
      good: "import asyncio\n\nasync def poll(device):\n    ...\n\nasync def main(devices):\n    await asyncio.gather(*(poll(device) for device in devices))\n\nasyncio.run(main(devices))\n",
    },
  ],
  fix:
    "For `arr.forEach(async x => …)` used as a statement in an async function, two rewrites are offered: a sequential " +
    "`for (const x of arr) { … }` (when the callback has one parameter and no `return`), or the concurrent " +
    "`await Promise.all(arr.map(async x => …))`. Both change when the code after the loop runs, so they are not applied by fix-all. " +
    "A named function stored in a `void` slot (`emitter.on(\"data\", onData)`, `{ onClose }`, `hooks.onClose = shutdown`) gets the " +
    "suggestion `(...args) => { void onData(...args); }`, offered only where the function takes every argument the slot passes (so it " +
    "type-checks): the slot then gets `undefined` back instead of the promise, and a method read off an object is called on it. " +
    "Methods, overrides and function literals get no fix; a lost promise form gets none either (its promise form may take fewer arguments). " +
    "Python findings get no automatic fix: whether the coroutine belongs on the loop or in a thread is the author's choice.",
  aliases: ["@typescript-eslint/no-misused-promises"],
};
