import type { RuleMeta } from "../engine/rule";

export const awaitInLoop: RuleMeta = {
  code: "AL202",
  name: "await-in-loop",
  defaultSeverity: { python: "information", typescript: "information" },
  summary: "A loop awaits independent work one iteration at a time instead of running the iterations together.",
  whatItDoes:
    "Flags a `for` loop in a coroutine whose body only awaits one call per element and keeps its result in a way that does not " +
    "depend on order: `await f(x)`, `results.append(await f(x))`, `r = await f(x)` then `results.append(r)`, or " +
    "`results[x] = await f(x)` keyed by the loop variable. It needs positive evidence that the iterations are separate pieces of " +
    "work; when unsure, nothing is reported.\n\n" +
    "**Evidence (Python).** All of:\n\n" +
    "- **The element flows into the call**, as an argument or as the object whose method is called " +
    "(`for device in devices: await device.fetch_facts()`). A loop that repeats a call with nothing per iteration polls, retries " +
    "or yields: `for _ in range(attempts): await probe(host)`; `for _ in range(5): await checkpoint()`.\n" +
    "- **The callee is known by name**: a function defined (not decorated, when it is local) or imported, or a method. Not the " +
    "element itself (`for hook in hooks: await hook(request)`: hooks and handlers run in order and may change the request), nor " +
    "a callable whose wrapper keeps state (`@lru_cache` on a local `async def`), nor a local helper that stores into or acts on " +
    "something it does not own (`async def count(host): seen[host] = await fetch(host)`).\n" +
    "- **Its name neither acts nor waits**: the same word patterns as AL201 (start, send, emit, call, cleanup, close, dismiss, " +
    "add, change, wait, sleep, bench…): `for trace in traces: await trace.send_dns_resolvehost_start(host)`; " +
    "`for router in routers: await router.emit_startup()`; `for runner in runners: await runner.cleanup()`. Effects on " +
    "distinct elements are not vouched for either: `for shard in shards: await shard.ws.change_presence(status)` may well be " +
    "independent, but nothing in the code says so.\n\n" +
    "A loop is also left alone (each example is **not** flagged) when:\n\n" +
    "1. **The body does anything else.** `break`, `continue`, `return`, an `if`, a `print`, a second await: " +
    "`for host in hosts:` / `if await is_up(host): break`.\n" +
    "2. **An accumulator carries state across iterations.** `total += await count(x)`; `last = await step(last)`.\n" +
    "3. **The awaited call reads what the loop builds or changes between iterations.** " +
    "`results.append(await fetch(x, len(results)))`; `cursor = await page(cursor)`.\n" +
    "4. **Every iteration reaches the same object**, which answers in order: `for cmd in commands: await conn.fetch_output(cmd)`; " +
    "a bound method kept in a local, `ask = self.http.query_member` then `for m in members: await ask(m)`. " +
    "(A method of the element itself is fine: `for d in devices: await d.fetch_facts()`.)\n" +
    "5. **Shared state is handed to every iteration**: a list, dict or set built in the function, an object of a known " +
    "connection, stream, queue or lock type, or a name that says it is one: `for cmd in commands: await run(ssh, cmd)`; " +
    "`for url in urls: await fetch_page(session, url)` (an `aiohttp.ClientSession` or `httpx.AsyncClient` known by its type may be shared).\n" +
    "6. **The `enumerate` position is handed to the work**, which suggests step *i* must come before step *i + 1*: " +
    "`for i, migration in enumerate(migrations): await apply(i, migration)`. Using it only as the result's key is fine.\n" +
    "7. **The call is a pause or an ordering call** (`asyncio.sleep`, `acquire`, `wait`, `get`, `put`, `connect`, `close`…): " +
    "`for item in items: await queue.put(item)`.\n" +
    "8. **The loop is `async for`, has an `else`, sits in a `try`, under a lock/semaphore/rate limiter, or in a `with` that " +
    "catches, times or cancels** (`pytest.raises`, `fail_after`): `async with limiter: for url in urls: await fetch(url)`.\n" +
    "9. **The await is not a plain statement of the body**: awaits in comprehensions, lambdas or nested expressions " +
    "(`await f(await g(x))`) are not considered; `await` outside `async def` is a syntax error and never reported.\n\n" +
    "**Evidence (TypeScript/JavaScript).** Rules 1-9 apply on TypeScript's tree (for `for…of` loops), and a loop is reported " +
    "only when the element flows into the call and: the callee's name reads (a camelCase word such as fetch, get, load, read, " +
    "resolve, stat, lookup, find, check, render), or the results are kept (`results.push(await f(x))`) and no word of the name " +
    "names an effect (start, write, send, create, connect, register, insert, update, delete, publish, close, wait, sleep, delay, " +
    "migrate, exec, query, run, store…: `for (const line of lines) await insertAuditRow(db, line)`). Never when each element " +
    "is called in turn (`for (const hook of hooks) await hook(request)`), when the elements are hooks, middleware, plugins, " +
    "migrations, handlers, steps or tasks (`for (const m of migrations) await m.up(db)`), when one client, pool, page or " +
    "transaction is reached in every iteration: through `this.`, a `const` alias (`const db = this.db`), a bound method kept " +
    "in a local, or an object with methods handed to the call (`await lookupRecord(runner, id)`), nor when the await carries " +
    "`// eslint-disable-next-line no-await-in-loop` (or `eslint-disable-line`, or sits in an `/* eslint-disable no-await-in-loop */` " +
    "region): the author said the order matters.",
  whyIsThisBad:
    "The loop starts each call only after the previous one finished, so a hundred requests of one second take a hundred " +
    "seconds. Started together with `asyncio.gather` they take about one.",
  examples: [
    {
      language: "python",
      bad:
        "from .inventory import fetch_config\n\n\n" +
        "async def backup_all(devices):\n" +
        "    configs = []\n" +
        "    for device in devices:\n" +
        "        configs.append(await fetch_config(device))\n" +
        "    return configs\n",
      good:
        "import asyncio\n\n" +
        "from .inventory import fetch_config\n\n\n" +
        "async def backup_all(devices):\n" +
        "    configs = await asyncio.gather(*(fetch_config(device) for device in devices))\n" +
        "    return configs\n",
    },
    {
      language: "typescript",
      bad: "async function backupAll(devices: string[]) {\n  const configs: string[] = [];\n  for (const device of devices) {\n    configs.push(await fetchConfig(device));\n  }\n  return configs;\n}\n",
      good: "async function backupAll(devices: string[]) {\n  const configs: string[] = await Promise.all(devices.map((device) => fetchConfig(device)));\n  return configs;\n}\n",
    },
  ],
  fix:
    "Replaces the loop with `await asyncio.gather(*(f(x) for x in xs))`. When the results were appended to a list created " +
    "just before the loop (`results = []`), the list is built at once (`results = await asyncio.gather(…)`); otherwise " +
    "`results.extend(await asyncio.gather(…))` keeps what it held. `gather` returns results in the order of the elements. " +
    "Not offered, and the light bulb shows it greyed out with the reason, when the loop variable's last element or the " +
    "temporary is read after the loop (a later `for` that binds the same name again reads its own element), the loop holds a " +
    "comment, or the results are stored by key. TypeScript/JavaScript: a `for…of` becomes `await Promise.all(xs.map((x) => f(x)))` (`Array.from(xs, (x) => f(x))` when " +
    "`xs` is not known to be an array), `results.push(...(await Promise.all(…)))` or, after `const results = []`, the list " +
    "built at once; `for await`, `entries()` positions handed to the work and loops in `try` are left alone. " +
    "Not applied by fix-all, and its title says so: every call starts at once and they finish in another order (bound them with an `asyncio.Semaphore` for " +
    "thousands of elements), and a failure no longer stops the calls after it.",
};
