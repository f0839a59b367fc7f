import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { RULES } from "../../server/src/engine/catalogue";
import { setLocale } from "../../server/src/engine/l10n";
import type { RuleMeta } from "../../server/src/engine/rule";
import { englishHash, RULE_TEXT_FIELDS, ruleText, ruleTranslations } from "../../server/src/engine/ruleTexts";
import { ruleDocUri } from "../../server/src/lsp/ruleDocs";
import { messageKeys } from "../../scripts/l10nKeys";

const ROOT = path.join(__dirname, "..", "..");
const CYRILLIC = /[а-яё]/i;
const codeSpans = (text: string) => new Set(text.match(/`[^`]+`/g) ?? []);

describe("Russian for everything a user reads about a rule", () => {
  after(() => setLocale("en"));
  const russian = ruleTranslations("ru");

  it("translates every rule's explanation, description and fix, from the English of today", () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      for (const field of RULE_TEXT_FIELDS) {
        const english = rule[field];
        if (!english) continue;
        const translation = russian[rule.code]?.[field];
        if (!translation) problems.push(`${rule.code}.${field}: no Russian translation`);
        else if (translation.source !== englishHash(english)) problems.push(`${rule.code}.${field}: the English changed since it was translated (translate it again, then set source to ${englishHash(english)})`);
        else if (!CYRILLIC.test(translation.text)) problems.push(`${rule.code}.${field}: the translation is not Russian`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("keeps every piece of code of the English (`time.sleep`, `asyncio.gather(…)`) exactly as written", () => {
    const lost: string[] = [];
    for (const rule of RULES) {
      for (const field of RULE_TEXT_FIELDS) {
        const translation = russian[rule.code]?.[field];
        // A missing or stale translation is the test above's to report.
        if (!rule[field] || !translation || translation.source !== englishHash(rule[field]!)) continue;
        const kept = codeSpans(translation.text);
        for (const span of codeSpans(rule[field]!)) if (!kept.has(span)) lost.push(`${rule.code}.${field}: ${span}`);
      }
    }
    assert.deepEqual(lost, []);
  });

  it("keeps no translation of a rule or field that does not exist", () => {
    const extra = Object.entries(russian).flatMap(([code, fields]) =>
      Object.keys(fields).filter((field) => !RULES.find((rule) => rule.code === code)?.[field as keyof RuleMeta]).map((field) => `${code}.${field}`),
    );
    assert.deepEqual(extra, []);
  });

  it("shows the Russian text to a Russian user, and English to others or where the English changed since", () => {
    const rule = RULES.find((r) => r.code === "AL101")!;
    assert.match(ruleText(rule, "whyIsThisBad", "ru"), /^Цикл событий выполняет одно дело за раз/);
    assert.equal(ruleText(rule, "whyIsThisBad", "en"), rule.whyIsThisBad);
    assert.equal(ruleText(rule, "whyIsThisBad", "de"), rule.whyIsThisBad);
    const edited: RuleMeta = { ...rule, whyIsThisBad: rule.whyIsThisBad + " Edited." };
    assert.equal(ruleText(edited, "whyIsThisBad", "ru"), edited.whyIsThisBad, "a stale translation is never shown");
    setLocale("ru");
    assert.match(ruleText(rule, "whyIsThisBad"), CYRILLIC, "the current locale by default");
  });

  it("has a Russian page for every rule beside the English one, linked for Russian users", () => {
    for (const rule of RULES) {
      const page = fs.readFileSync(path.join(ROOT, "docs", "rules", "ru", `${rule.code}.md`), "utf8");
      assert.ok(page.includes(ruleText(rule, "whyIsThisBad", "ru")), `${rule.code}: the page explains in Russian`);
      assert.match(page, /^## Почему это плохо$/m);
      assert.ok(page.includes(`[English](../${rule.code}.md)`));
      assert.match(ruleDocUri(rule.code, "ru")!, new RegExp(`/docs/rules/ru/${rule.code}\\.md$`));
      assert.match(ruleDocUri(rule.code, "en")!, new RegExp(`/docs/rules/${rule.code}\\.md$`));
    }
    assert.match(fs.readFileSync(path.join(ROOT, "docs", "rules", "ru", "README.md"), "utf8"), /^# Правила asynclint/);
  });

  it("ships the rule translations and the Russian pages in the .vsix and the npm package", () => {
    const vscodeignore = fs.readFileSync(path.join(ROOT, ".vscodeignore"), "utf8");
    const npmignore = fs.readFileSync(path.join(ROOT, ".npmignore"), "utf8");
    assert.match(vscodeignore, /^!l10n\/\*\.json$/m);
    assert.match(vscodeignore, /^!docs\/rules\/ru\/\*\.md$/m);
    assert.match(npmignore, /^!l10n\/\*\.json$/m);
    assert.match(npmignore, /^!docs\/rules\/ru\/\*\.md$/m);
  });

  it("translates the status item's strings (client/src/statusView.ts) with the same placeholders", () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, "l10n", "bundle.l10n.ru.json"), "utf8")) as Record<string, string>;
    const status = [...messageKeys([path.join(ROOT, "client", "src")])].filter(([, where]) => where.includes("statusView.ts"));
    assert.ok(status.length >= 3, "the status item has localized strings");
    for (const [key] of status) {
      assert.ok(key in bundle, `no Russian for the status string ${JSON.stringify(key)}`);
      assert.deepEqual((bundle[key].match(/\{\d+\}/g) ?? []).sort(), (key.match(/\{\d+\}/g) ?? []).sort(), key);
    }
  });
});
