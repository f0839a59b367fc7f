import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { availableLocales, localeFromEnvironment, setLocale } from "../../server/src/engine/l10n";
import { defaultSettings } from "../../server/src/engine/settings";
import { messageKeys } from "../../scripts/l10nKeys";
import { asynclint, ensureBuilt, makeTree, removeTree, type JsonRow } from "./cliHarness";

const ROOT = path.join(__dirname, "..", "..");

function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
}

describe("localization", () => {
  before(initEngine);
  after(() => setLocale("en"));

  const keys = messageKeys();
  const russian = JSON.parse(fs.readFileSync(path.join(ROOT, "l10n", "bundle.l10n.ru.json"), "utf8")) as Record<string, string>;

  it("has a Russian translation for every English message, with the same placeholders", () => {
    assert.ok(keys.size > 20);
    const missing = [...keys].filter(([key]) => !(key in russian)).map(([key, where]) => `${where}: ${key}`);
    assert.deepEqual(missing, []);
    for (const [key, value] of Object.entries(russian)) {
      assert.deepEqual(placeholders(value), placeholders(key), `placeholders differ for: ${key}`);
    }
  });

  it("keeps no translation whose English message is gone", () => {
    assert.deepEqual(Object.keys(russian).filter((key) => !keys.has(key)), []);
  });

  it("translates every manifest string, and the manifest uses only keys that exist", () => {
    const english = JSON.parse(fs.readFileSync(path.join(ROOT, "package.nls.json"), "utf8")) as Record<string, string>;
    const manifestRussian = JSON.parse(fs.readFileSync(path.join(ROOT, "package.nls.ru.json"), "utf8")) as Record<string, string>;
    assert.deepEqual(Object.keys(manifestRussian).sort(), Object.keys(english).sort());
    const manifest = fs.readFileSync(path.join(ROOT, "package.json"), "utf8");
    for (const [, key] of manifest.matchAll(/"%([\w.-]+)%"/g)) assert.ok(key in english, `package.json uses %${key}% which package.nls.json lacks`);
  });

  it("speaks Russian to a Russian user and English otherwise", () => {
    // asyncio imported: the fix is the safe one, and its title the plain one.
    const text = "import asyncio\nimport time\n\nasync def poll():\n    time.sleep(1)\n";
    assert.deepEqual(availableLocales(), ["ru"]);
    assert.equal(setLocale("ru_RU.UTF-8"), "ru");
    const [finding] = analyzePythonSource({ text }, { settings: defaultSettings() }).findings;
    assert.equal(finding.message, "`time.sleep` блокирует цикл событий в `async def poll`: все остальные задачи ждут. Используйте `await asyncio.sleep(…)`.");
    assert.equal(finding.fixes[0].title, "Заменить на `await asyncio.sleep(…)`");
    assert.equal(setLocale("de"), "en");
    assert.match(analyzePythonSource({ text }, { settings: defaultSettings() }).findings[0].message, /blocks the event loop/);
  });

  it("reads the locale from the environment as gettext does", () => {
    assert.equal(localeFromEnvironment({ LC_ALL: "ru_RU.UTF-8", LANG: "en_US.UTF-8" }), "ru_RU.UTF-8");
    assert.equal(localeFromEnvironment({ LANG: "ru_RU.UTF-8" }), "ru_RU.UTF-8");
    assert.equal(localeFromEnvironment({}), undefined);
  });
});

describe("the command line's language", () => {
  const NO_LOCALE = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined };
  const sleepy = (name: string) => `import time\n\n\nasync def ${name}():\n    time.sleep(1)\n`;
  let root: string;

  before(() => {
    ensureBuilt();
    // Enough Python files for worker threads to take batches (they choose their language on their own),
    // and a TypeScript file, which the main thread analyzes as a project.
    const files: Record<string, string> = { "floating.ts": "async function save(): Promise<void> {}\nexport async function run() {\n  save();\n}\n" };
    for (let i = 0; i < 80; i++) files[`poll${String(i).padStart(2, "0")}.py`] = sleepy(`poll${i}`);
    root = makeTree(files);
  });
  after(() => removeTree(root));

  const messages = (args: string[], env: Record<string, string | undefined>) => {
    const result = asynclint(["check", ".", "--format", "json", "--jobs", "2", ...args], { cwd: root, env: { ...NO_LOCALE, ...env } });
    assert.equal(result.status, 1, result.stderr);
    const rows = JSON.parse(result.stdout) as JsonRow[];
    assert.equal(rows.length, 81);
    return rows;
  };

  it("speaks Russian with --locale ru, in worker threads and for TypeScript too", () => {
    const rows = messages(["--locale", "ru"], {});
    assert.equal(rows.find((row) => row.file.endsWith("poll42.py"))?.message, "`time.sleep` блокирует цикл событий в `async def poll42`: все остальные задачи ждут. Используйте `await asyncio.sleep(…)`.");
    assert.deepEqual(rows.filter((row) => !/[а-яё]/i.test(row.message)), [], "every message is in Russian");
    assert.match(rows.find((row) => row.code === "AL301")!.message, /^Этот промис не ожидается через await/);
  });

  it("follows LANG when no --locale is given, and --locale en wins over it", () => {
    assert.ok(messages([], { LANG: "ru_RU.UTF-8" }).every((row) => /[а-яё]/i.test(row.message)));
    const english = messages(["--locale", "en"], { LANG: "ru_RU.UTF-8" });
    assert.ok(english.every((row) => !/[а-яё]/i.test(row.message)));
    assert.equal(english.find((row) => row.file.endsWith("poll07.py"))?.message, "`time.sleep` blocks the event loop in `async def poll7`: every other task waits. Use `await asyncio.sleep(…)`.");
  });

  it("ships every translation in the npm package and the .vsix, so `npx asynclint --locale ru` finds them", () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    const [pack] = JSON.parse(result.stdout) as [{ files: Array<{ path: string }> }];
    const bundles = fs.readdirSync(path.join(ROOT, "l10n")).map((name) => `l10n/${name}`);
    assert.deepEqual(bundles.filter((bundle) => !pack.files.some((file) => file.path === bundle)), []);
    assert.match(fs.readFileSync(path.join(ROOT, ".vscodeignore"), "utf8"), /^!l10n\/\*\.json$/m);
  });

  it("speaks English without any locale, and for a language it has no translation for", () => {
    assert.ok(messages([], {}).every((row) => !/[а-яё]/i.test(row.message)));
    assert.ok(messages(["--locale", "de_DE"], { LC_ALL: "ru_RU.UTF-8" }).every((row) => !/[а-яё]/i.test(row.message)));
  });
});
