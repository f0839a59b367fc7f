import type { RuleMeta } from "../engine/rule";

export const sequentialAwaits: RuleMeta = {
  code: "AL201",
  name: "sequential-awaits",
  defaultSeverity: { python: "information", typescript: "information" },
  summary: "Consecutive awaits that do not depend on each other run one after another instead of together.",
  whatItDoes:
    "Flags two or more consecutive statements in a coroutine that each await one call (`await f(x)` or `a = await f(x)`) " +
    "when asynclint can prove the calls independent. The finding sits on the first statement and covers the run. " +
    "The proof is conservative: when any rule below cannot be shown to hold, nothing is reported.\n\n" +
    "Two awaited calls are independent only when all of these hold (each example shows a pair that is **not** flagged):\n\n" +
    "1. **No data flows between them.** The second reads no name the first binds, through a plain name, a destructuring " +
    "target or a walrus, and neither rebinds a name the other reads: `user = await get_user(uid)` then " +
    "`orders = await get_orders(user.id)`.\n" +
    "2. **Results land in plain names.** A statement that stores into an object (`self.user = await …`, `cache[k] = await …`), " +
    "an annotated assignment or an augmented one (`total += await count(x)`) breaks the run.\n" +
    "3. **Not the same receiver.** Calls on one object are answered in order (one SSH session, one database connection): " +
    "`await conn.send(\"a\")` then `await conn.send(\"b\")`. Methods of `self` count as one receiver too.\n" +
    "4. **The receiver of one is not handed to the other.** `await conn.login()` then `await fetch_config(conn)`.\n" +
    "5. **No shared state handed to both.** A list, dict or set built in the function, an object of a known connection, " +
    "stream, queue or lock type, or a name that says it is one (`conn`, `ssh`, `chan`, `writer`, `cursor`, `device`…) passed to " +
    "both: `await fill(buffer)` then `await fill(buffer)` with `buffer = []`; `await run(conn, \"show ver\")` then " +
    "`await run(conn, \"show run\")`.\n" +
    "6. **Nothing stands between them**, not even a comment on its own line (a note between two awaits usually explains why they wait): " +
    "`a = await f()`, `log.info(\"a done\")`, `b = await g()`. A comment at the end of a line is moved above the rewrite.\n" +
    "7. **Neither is a pause or an ordering call.** `asyncio.sleep` and calls named `acquire`, `release`, `wait`, `join`, " +
    "`get`, `put`, `drain`, `connect`, `login`, `open`, `close`, `start`, `stop`, `commit`… order what follows: " +
    "`await device.connect()` then `await push(config)`; `await asyncio.sleep(1)` between two calls.\n" +
    "8. **Not under a lock.** Statements inside a `with`/`async with` whose item looks like a lock, semaphore, condition or " +
    "rate limiter are ordered on purpose: `async with self._lock: await a(); await b()`.\n" +
    "9. **Not in a `try`.** Handlers and `finally` see which call failed and what ran before it: " +
    "`try: await reserve(seat); await charge(card)` / `except PaymentError: …`.\n" +
    "10. **A single, plain await of a call.** A nested await (`await f(await g())`), an await of something other than a call " +
    "(`await task`), and awaits in comprehensions or lambdas are not statements of the run; `await` outside `async def` is a " +
    "syntax error and never reported.\n" +
    "11. **Not two steps of a recipe.** Two awaits whose results are both thrown away and that call different functions act " +
    "only through state no name shows: `await create_table(db)` then `await insert_rows(db)`. The same function on other " +
    "inputs is fine (`await notify(alice)`, `await notify(bob)`). The refactor, which you ask for, skips this one rule.",
  whyIsThisBad:
    "Each `await` waits for its call to finish before the next call even starts. When the calls do not need each other's " +
    "results, the total time is the sum of their times instead of the longest one: `await delay_print(4, 'task1')` then " +
    "`await delay_print(2, 'task2')` takes six seconds where `asyncio.gather` takes four.",
  examples: [
    {
      language: "python",
      bad:
        "async def dashboard(client, user_id):\n" +
        "    profile = await client.profile(user_id)\n" +
        "    news = await fetch_news()\n" +
        "    weather = await fetch_weather(\"Paris\")\n" +
        "    return profile, news, weather\n",
      good:
        "import asyncio\n\n" +
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
    "Not applied by fix-all: the calls " +
    "now overlap, and when one fails the others keep running. Selecting two or more consecutive independent awaits also " +
    "offers the refactor *Run these awaits concurrently*, even where this rule is turned off.",
};
