import type { RuleMeta } from "../engine/rule";

export const danglingTask: RuleMeta = {
  code: "AL302",
  name: "dangling-task",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "The task returned by `create_task` is dropped and may be garbage-collected before it finishes.",
  whatItDoes:
    "Flags `asyncio.create_task(…)`, `asyncio.ensure_future(…)` and `loop.create_task(…)` whose result is thrown away " +
    "(the call is a statement, or the name it is bound to is never used). `TaskGroup.create_task` keeps its tasks and is not flagged. " +
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
  ],
  aliases: ["RUF006"],
};
