import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { availableLocales, localeFromEnvironment, setLocale } from "../../server/src/engine/l10n";
import { defaultSettings } from "../../server/src/engine/settings";
import { messageKeys } from "../../scripts/l10nKeys";

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
    const text = "import time\n\nasync def poll():\n    time.sleep(1)\n";
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
