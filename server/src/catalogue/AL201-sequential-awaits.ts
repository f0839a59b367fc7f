import type { RuleMeta } from "../engine/rule";

export const sequentialAwaits: RuleMeta = {
  code: "AL201",
  name: "sequential-awaits",
  defaultSeverity: { python: "information", typescript: "information" },
  summary: "Consecutive awaits that do not depend on each other run one after another instead of together.",
  whatItDoes:
    "Flags two or more consecutive statements in a coroutine that each await one call (`await f(x)` or `a = await f(x)`) " +
    "when asynclint has positive evidence that the calls are independent. The finding sits on the first statement and covers the run. " +
    "That no name flows from one call to the next is not evidence: measured on real code, most such pairs met through something " +
    "no name shows (a server the first started and the second connected to, a file written then read, a socket, one connection). " +
    "When the evidence is missing nothing is reported; the refactor *Run these awaits concurrently* stays available on a selection.\n\n" +
    "**Evidence (Python).** Every pair in the run needs all of these:\n\n" +
    "- **Callees known by name.** A function defined (not decorated, when it is local) or imported, a module's function, or a method of a " +
    "named object. A callable held in a parameter, variable or loop variable says nothing sure of what it does: " +
    "`async def app(scope, receive, send)` / `await send(start)` / `await send(body)`. A helper defined in the calling function is " +
    "read: one that stores into or acts on something it does not own (`self.loop.set_exception_handler(…)`, `self.connect(…)`, " +
    "an outer dict, a `global`) gives no evidence.\n" +
    "- **Names that neither act nor wait.** No snake_case or camelCase word of the callee's name matches an effect pattern: start, stop, " +
    "write, send, create, connect, register, open, close, login, put, post, delete, update, add, set, save, publish, subscribe, listen, " +
    "serve/server, bind, accept, drain, flush, wait, pause, sleep, checkpoint, join, acquire, release, cancel, call, handle, emit, " +
    "click, dismiss, bench and the like, with their endings (`sends`, `started`, `connection`, `listener`, `closing`). " +
    "`await app.wait_for_refresh()` then `await pilot.click(\"#ok\")`; `server = await start_echo_server(port)` then " +
    "`reply = await query_echo(port, b\"hi\")`; `await write_config(path, text)` then `saved = await read_config(path)`. " +
    "A wrapper is judged by what it runs: `asyncio.to_thread(path.write_bytes, data)` by `write_bytes`, " +
    "`asyncio.wait_for(ready.wait(), 3)` by `wait`.\n" +
    "- **Pure fetches, or one function on different data.** Either both bind their results to names read afterwards " +
    "(`user = await load_user(uid)`, `news = await load_headlines()`, `return user, news`), or both call the same known coroutine " +
    "function with different arguments (`await ping(\"10.0.0.1\")`, `await ping(\"10.0.0.2\")`). Two different functions whose " +
    "results are thrown away are steps of a recipe (`await create_table(db)`, `await insert_rows(db)`); the same call on the " +
    "same data twice is a poll (`await ping(host)` twice).\n\n" +
    "**Dependence.** Even with evidence, and for the refactor too, a pair is left alone (each example is **not** flagged) when:\n\n" +
    "1. **Data flows between them.** The second reads a name the first binds, through a plain name, a destructuring " +
    "target or a walrus, or one rebinds a name the other reads: `user = await get_user(uid)` then " +
    "`orders = await get_orders(user.id)`.\n" +
    "2. **A result lands in an object.** A statement that stores into an object (`self.user = await …`, `cache[k] = await …`), " +
    "an annotated assignment or an augmented one (`total += await count(x)`) breaks the run.\n" +
    "3. **They reach one object**, tracked by identity, not by name: one receiver (`await r.fetch_version()` then " +
    "`await r.fetch_uptime()`; `self.conn.a()` then `self.conn.b()`; all methods of `self`), an object made from another " +
    "(`async with app.run_test() as pilot` makes `pilot` one with `app`; `channel = conn.channel()`), a bound method kept in a local " +
    "(`ask = self.http.query_member` makes `await ask(…)` a call on `self`), or one callable object awaited twice. One SSH session, " +
    "one websocket, one database connection answers in order.\n" +
    "4. **The receiver of one is handed to the other.** `await conn.login()` then `await fetch_config(conn)`.\n" +
    "5. **Shared state is handed to both.** A list, dict or set built in the function, an object of a known connection, " +
    "stream, queue or lock type, or a name that says it is one (`conn`, `ssh`, `chan`, `writer`, `cursor`, `session`, `device`…): " +
    "`await run(conn, \"show ver\")` then `await run(conn, \"show run\")`. An `aiohttp.ClientSession` or `httpx.AsyncClient` " +
    "known by its type may be shared.\n" +
    "6. **Something stands between them**, even a comment on its own line (a note between two awaits usually explains why they wait): " +
    "`a = await f()`, `log.info(\"a done\")`, `b = await g()`. A comment at the end of a line is moved above the rewrite.\n" +
    "7. **One is a pause or an ordering call**: `asyncio.sleep`, and calls named `acquire`, `release`, `wait`, `join`, " +
    "`get`, `put`, `drain`, `connect`, `login`, `open`, `close`, `start`, `stop`, `pause`, `checkpoint`, `commit`….\n" +
    "8. **They run under a lock or a transaction.** Statements inside a `with`/`async with` whose item looks like a lock, semaphore, " +
    "condition, rate limiter or transaction are ordered on purpose: `async with self._lock: await a(); await b()`.\n" +
    "9. **They run in a `try`, or in a `with` that catches, times or cancels** (`pytest.raises`, `suppress`, `fail_after`, `timeout`): " +
    "handlers see which call failed and what ran before it: `try: await reserve(seat); await charge(card)` / `except PaymentError: …`.\n" +
    "10. **Not a single, plain await of a call.** A nested await (`await f(await g())`), an await of something other than a call " +
    "(`await task`), and awaits in comprehensions or lambdas are not statements of the run; `await` outside `async def` is a " +
    "syntax error and never reported.\n\n" +
    "**TypeScript/JavaScript** applies the dependence rules above on TypeScript's tree, with this evidence: both awaits bind " +
    "their results, or both are bare awaits of the same function on different data (`await preload(a)`, `await preload(b)`); " +
    "a bare await beside a binding is made for its effect, which the binding may read (`await runFixture(dir)` then " +
    "`const report = await readFile(path)`); the same call on the same data twice polls or reads back a cache " +
    "(`await fetchPage(url)` twice); a camelCase word of either callee's name names an effect (start, write, send, create, " +
    "connect, register, insert, update, delete, publish, close, migrate, exec, query, run, save, store…); and one object is " +
    "reached by both, also through a `const` alias (`const pool = this.pool`), a bound method kept in a local " +
    "(`const count = this.pool.countRows.bind(this.pool)`), or an object with methods (a client, pool, page) handed to both " +
    "as an argument (`await countOrders(pool, a)`, `await countOrders(pool, b)`).",
  whyIsThisBad:
    "Each `await` waits for its call to finish before the next call even starts. When the calls do not need each other's " +
    "results, the total time is the sum of their times instead of the longest one: `await delay_print(4, 'task1')` then " +
    "`await delay_print(2, 'task2')` takes six seconds where `asyncio.gather` takes four.",
  examples: [
    {
      language: "python",
      bad:
        "from .feeds import fetch_news, fetch_weather\n\n\n" +
        "async def dashboard(client, user_id):\n" +
        "    profile = await client.profile(user_id)\n" +
        "    news = await fetch_news()\n" +
        "    weather = await fetch_weather(\"Paris\")\n" +
        "    return profile, news, weather\n",
      good:
        "import asyncio\n\n" +
        "from .feeds import fetch_news, fetch_weather\n\n\n" +
        "async def dashboard(client, user_id):\n" +
        "    profile, news, weather = await asyncio.gather(client.profile(user_id), fetch_news(), fetch_weather(\"Paris\"))\n" +
        "    return profile, news, weather\n",
    },
    {
      language: "typescript",
      bad: "async function dashboard(userId: string) {\n  const profile: Profile = await fetchProfile(userId);\n  const news: News[] = await fetchNews();\n  return { profile, news };\n}\n",
      good:
        "async function dashboard(userId: string) {\n  const [profile, news]: [Profile, News[]] = await Promise.all([fetchProfile(userId), fetchNews()]);\n  return { profile, news };\n}\n",
    },
  ],
  fix:
    "Replaces the run with one `asyncio.gather`, keeping every binding: `a = await f(x)` and `b = await g(y)` become " +
    "`a, b = await asyncio.gather(f(x), g(y))`; bare awaits become `await asyncio.gather(…)`; in a mixed run the bare ones " +
    "bind `_` (no fix when the function already uses `_`). Adds `import asyncio` when needed. TypeScript/JavaScript: `const [a, b] = await Promise.all([f(x), g(y)])`, keeping " +
    "`const`/`let`/`var` and, when every declaration has one, the types as a tuple (`: [A, B]`); bare awaits leave holes; " +
    "comments after the statements move above the rewrite. " +
    "Not applied by fix-all, and its title says so: the calls " +
    "now overlap, start and finish in another order, and when one fails the others keep running. Selecting two or more consecutive independent awaits also " +
    "offers the refactor *Run these awaits concurrently*, even where this rule is turned off.",
};
