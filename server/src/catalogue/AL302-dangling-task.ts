import type { RuleMeta } from "../engine/rule";

export const danglingTask: RuleMeta = {
  code: "AL302",
  name: "dangling-task",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "The task returned by `create_task` is dropped (or never made) and may be garbage-collected before it finishes.",
  whatItDoes:
    "Flags `asyncio.create_task(…)`, `asyncio.ensure_future(…)` and `loop.create_task(…)` whose result is thrown away: the call is a statement, " +
    "`create_task(…).add_done_callback(…)` is one (the task holds the callback, nothing holds the task), the task is only tested for truth " +
    "(`if`, `while`, a conditional expression's test, a comprehension's filter), used as a `with` item (a task is no context manager), or bound to names " +
    "that nothing in the function reads (also `t: asyncio.Task = …`, `a = b = …`, and a name bound in one branch and `None` in the other). " +
    "Tasks made in a list, set or dict comprehension or a display (`[create_task(…)]`) that is thrown away or bound to a name nobody reads are flagged " +
    "too, and a generator expression statement of them, which is never iterated, so nothing starts. A name that is read anywhere (awaited, returned, " +
    "added to a collection, stored in an attribute or a module or class variable) keeps the task. " +
    "The loop is known from `asyncio.get_running_loop()`/`get_event_loop()`/`new_event_loop()`, an annotation (`loop: asyncio.AbstractEventLoop`, " +
    "`self.loop: asyncio.AbstractEventLoop`), or by name when its type is not known: a parameter, local or module variable named `loop`/`_loop`/`event_loop`, " +
    "or an attribute so named (`self.loop`, `self._loop`, `bot.loop`, `self.client.loop`), called with a task to make. Another receiver of unknown type " +
    "is not guessed at: a task group's `create_task` keeps its tasks (`TaskGroup.create_task` is never flagged), and a free name nothing binds says nothing. " +
    "Not reported in a module driven by trio or anyio, which start work in nurseries and task groups.",
  whyIsThisBad:
    "The event loop keeps only a weak reference to tasks. A task nobody holds can disappear mid-flight, and an exception it raises is " +
    "never seen. The asyncio documentation asks you to keep a reference.",
  examples: [
    {
      language: "python",
      bad: "import asyncio\n\nasync def main(devices):\n    for device in devices:\n        asyncio.create_task(backup(device))\n",
      good:
        "import asyncio\n\nasync def main(devices):\n    tasks = [asyncio.create_task(backup(device)) for device in devices]\n    await asyncio.gather(*tasks)\n",
    },
    {
      language: "python",
      bad:
        "class AlarmNotifier:\n    def __init__(self, loop, pager):\n        self.loop = loop\n        self.pager = pager\n\n" +
        "    def on_alarm(self, device):\n        self.loop.create_task(self.pager.page_on_call(device))\n",
      good:
        "_background_tasks = set()\n\n\nclass AlarmNotifier:\n    def __init__(self, loop, pager):\n        self.loop = loop\n        self.pager = pager\n\n" +
        "    def on_alarm(self, device):\n        task = self.loop.create_task(self.pager.page_on_call(device))\n" +
        "        _background_tasks.add(task)\n        task.add_done_callback(_background_tasks.discard)\n",
    },
  ],
  fix:
    "Keeps the task until it finishes, the asyncio documentation's idiom: the task is bound (to a fresh name when the call was a statement), " +
    "added to a module-level set, and takes itself out with `add_done_callback(set.discard)`; the set (`_background_tasks = set()`, a fresh name) is " +
    "written after the module's imports, or reused when an earlier fix wrote it. Offered for a statement on its own line in a function. " +
    "Safe where the call surely gives an asyncio task (`asyncio.create_task`, `ensure_future`, a loop known from `get_running_loop()` or an annotation): " +
    "a strong reference changes nothing but how long the task lives. The task runs, is awaited, cancelled and logged as before; the extra done callback " +
    "only removes it from the set; the names it adds are fresh (the local is used nowhere in the function, the set nowhere in the module, and begins with " +
    "`_`, so `from module import *` does not export it). What it does change is the bug: a pending task is no longer garbage-collected mid-flight, and one " +
    "that never finishes stays in memory. Unsafe where the loop is known only by its name (`self.loop`, a parameter `loop`): its title says it assumes an " +
    "asyncio event loop, since another object's `create_task` may return something without `add_done_callback`. No fix for comprehensions, truth tests " +
    "or chained names; there the message names the remedy (keep the collection and `await asyncio.gather(*tasks)`, or `asyncio.TaskGroup`).",
  aliases: ["RUF006", "ASYNC300"],
};
