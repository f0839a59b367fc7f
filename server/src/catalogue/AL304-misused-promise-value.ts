import type { RuleMeta } from "../engine/rule";

export const misusedPromiseValue: RuleMeta = {
  code: "AL304",
  name: "misused-promise-value",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A promise is used where its value was meant: as a condition (always true), as a predicate's answer, or spread into an object (copies nothing).",
  whatItDoes:
    "TypeScript/JavaScript: flags a promise read as a boolean or spread as an object, decided by the type checker. Read as a boolean: " +
    "the condition of `if`, `while`, `do … while`, `for (…; cond; …)` and `? :`, the operand of `!`, the left operand of `&&` and `||` " +
    "(and both operands, also of `??`, when the whole is such a condition); every member of the value's type must be a promise, so " +
    "`if (pending)` with `pending: Promise<void> | undefined` tests whether there is one and is fine. A predicate returning a promise: " +
    "an async function (or a function returning a promise) passed to an array's `filter`, `find`, `findIndex`, `findLast`, " +
    "`findLastIndex`, `some` or `every`. A spread: `{ ...loadDefaults() }` where the value is (or may be) a promise. Promises are the " +
    "global `Promise` and what derives from it, as for AL301; other thenables only with `asynclint.typescript.checkThenables`. Where " +
    "the program does not check null (`strictNullChecks` off, as in most JavaScript), a type cannot tell a promise from a name that " +
    "may hold null, so only a value made right there counts: a call or `new`, without `?.`.",
  whyIsThisBad:
    "A promise is an object, so it is always truthy: `if (isAllowed(user))` takes the branch whether the check resolves to true or " +
    "false, `!p` is always false, and `p || fallback` never uses the fallback. `filter(async …)` keeps every element and `some(async …)` " +
    "is always true, because each callback's answer is a promise. A promise has no properties of its own, so `{ ...loadDefaults() }` " +
    "adds nothing. In each case the value the code meant to look at is never awaited.",
  examples: [
    {
      language: "typescript",
      bad:
        "async function canPush(device: Device): Promise<boolean> {\n  /* … */\n}\n\n" +
        "async function pushAll(devices: Device[]) {\n  const ready = devices.filter(async (device) => canPush(device));\n  for (const device of devices) {\n" +
        "    if (!canPush(device)) continue;\n    await device.push();\n  }\n}\n",
      good:
        "async function canPush(device: Device): Promise<boolean> {\n  /* … */\n}\n\n" +
        "async function pushAll(devices: Device[]) {\n  const allowed = await Promise.all(devices.map((device) => canPush(device)));\n" +
        "  const ready = devices.filter((_, index) => allowed[index]);\n  for (const device of ready) {\n    await device.push();\n  }\n}\n",
    },
  ],
  fix:
    "Inside an async function, a condition or a spread gets the suggestion `await` (`if (await isAllowed(user))`, " +
    "`{ ...(await loadDefaults()) }`); it changes when the code after it runs, so it is never applied by fix-all or `--fix`. A " +
    "predicate gets no fix: an array's methods cannot wait for their callbacks, and the rewrite (`Promise.all` over `map`, then " +
    "filter by the answers) changes how many calls run at once.",
  aliases: ["@typescript-eslint/no-misused-promises"],
};
