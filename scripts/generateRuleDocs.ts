// Writes docs/rules/ALxxx.md from the rule definitions in server/src/catalogue, the single source
// of rule documentation, and docs/rules/ru/ALxxx.md from them and their Russian translations
// (l10n/rules.ru.json for the texts, l10n/bundle.l10n.ru.json for the summaries). With --check it
// writes nothing and fails when a page is out of date.
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../server/src/engine/catalogue";
import { offByDefault, type RuleMeta } from "../server/src/engine/rule";
import { ruleText } from "../server/src/engine/ruleTexts";

const directory = path.join(__dirname, "..", "docs", "rules");
const russianDirectory = path.join(directory, "ru");
const russianMessages = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "l10n", "bundle.l10n.ru.json"), "utf8")) as Record<string, string>;
const check = process.argv.includes("--check");

const FENCE: Record<string, string> = { python: "python", typescript: "ts" };

function page(rule: RuleMeta): string {
  const severities = Object.entries(rule.defaultSeverity)
    .map(([language, severity]) => `${language === "python" ? "Python" : "TypeScript/JavaScript"}: ${severity}`)
    .join(", ");
  const lines = [
    `# ${rule.code} ${rule.name}`,
    "",
    `${rule.summary}`,
    "",
    `Default severity: ${severities}.`,
    "",
    ...(offByDefault(rule)
      ? [`Off by default: turn it on with \`"asynclint.rules": { "${rule.code}": "information" }\` (any level), \`${rule.code} = "information"\` under \`[tool.asynclint.rules]\` in pyproject.toml, or \`--select ${rule.code}\` on the command line (then a warning).`, ""]
      : []),
    "## What it does",
    "",
    rule.whatItDoes,
    "",
    "## Why is this bad",
    "",
    rule.whyIsThisBad,
    "",
    ...(rule.throughHelpers ? ["## Through a helper", "", rule.throughHelpers, ""] : []),
  ];
  for (const example of rule.examples) {
    lines.push(`## Example (${example.language === "python" ? "Python" : "TypeScript"})`, "", "```" + FENCE[example.language], example.bad.trimEnd(), "```", "");
    lines.push("Use instead:", "", "```" + FENCE[example.language], example.good.trimEnd(), "```", "");
  }
  if (rule.fix) lines.push("## Fix", "", rule.fix, "");
  lines.push(
    "## Silencing it",
    "",
    `- Python: \`# asynclint: ignore[${rule.code}]\` at the end of the line, or \`# asynclint: ignore-file[${rule.code}]\` before the first statement.`,
    `- TypeScript/JavaScript: \`// asynclint-ignore-next-line ${rule.code}\` on the line above, \`// asynclint-ignore ${rule.code}\` at the end of the line, or \`/* asynclint-ignore-file ${rule.code} */\`.`,
    `- Everywhere: \`"asynclint.rules": { "${rule.code}": "off" }\` in the settings, or \`${rule.code} = "off"\` under \`[tool.asynclint.rules]\` in pyproject.toml.`,
    "",
  );
  if (rule.aliases && rule.aliases.length > 0) lines.push(`Related rules of other linters: ${rule.aliases.join(", ")}.`, "");
  return lines.join("\n");
}

function index(): string {
  const rows = RULES.map((rule) => `| [${rule.code}](${rule.code}.md) | ${rule.name} | ${rule.summary.replace(/\|/g, "\\|")} |`);
  return ["# asynclint rules", "", "| code | name | what it finds |", "|---|---|---|", ...rows, "", "[Русский](ru/README.md)", ""].join("\n");
}

/** The page in Russian: the same layout, the translated texts (English where a translation is missing or stale). */
function russianPage(rule: RuleMeta): string {
  const level: Record<string, string> = { off: "выключено", hint: "hint", information: "information", warning: "warning", error: "error" };
  const severities = Object.entries(rule.defaultSeverity)
    .map(([language, severity]) => `${language === "python" ? "Python" : "TypeScript/JavaScript"}: ${level[severity] ?? severity}`)
    .join(", ");
  const lines = [
    `# ${rule.code} ${rule.name}`,
    "",
    russianMessages[rule.summary] ?? rule.summary,
    "",
    `Уровень по умолчанию: ${severities}.`,
    "",
    ...(offByDefault(rule)
      ? [`По умолчанию выключено: включите его через \`"asynclint.rules": { "${rule.code}": "information" }\` (любой уровень), \`${rule.code} = "information"\` в \`[tool.asynclint.rules]\` файла pyproject.toml или \`--select ${rule.code}\` в командной строке (тогда warning).`, ""]
      : []),
    "## Что делает правило",
    "",
    ruleText(rule, "whatItDoes", "ru"),
    "",
    "## Почему это плохо",
    "",
    ruleText(rule, "whyIsThisBad", "ru"),
    "",
    ...(rule.throughHelpers ? ["## Через вспомогательную функцию", "", ruleText(rule, "throughHelpers", "ru"), ""] : []),
  ];
  for (const example of rule.examples) {
    lines.push(`## Пример (${example.language === "python" ? "Python" : "TypeScript"})`, "", "```" + FENCE[example.language], example.bad.trimEnd(), "```", "");
    lines.push("Лучше так:", "", "```" + FENCE[example.language], example.good.trimEnd(), "```", "");
  }
  if (rule.fix) lines.push("## Исправление", "", ruleText(rule, "fix", "ru"), "");
  lines.push(
    "## Как заглушить",
    "",
    `- Python: \`# asynclint: ignore[${rule.code}]\` в конце строки или \`# asynclint: ignore-file[${rule.code}]\` перед первым оператором.`,
    `- TypeScript/JavaScript: \`// asynclint-ignore-next-line ${rule.code}\` на строке выше, \`// asynclint-ignore ${rule.code}\` в конце строки или \`/* asynclint-ignore-file ${rule.code} */\`.`,
    `- Везде: \`"asynclint.rules": { "${rule.code}": "off" }\` в настройках или \`${rule.code} = "off"\` в \`[tool.asynclint.rules]\` файла pyproject.toml.`,
    "",
  );
  if (rule.aliases && rule.aliases.length > 0) lines.push(`Похожие правила других линтеров: ${rule.aliases.join(", ")}.`, "");
  lines.push(`[English](../${rule.code}.md)`, "");
  return lines.join("\n");
}

function russianIndex(): string {
  const rows = RULES.map((rule) => `| [${rule.code}](${rule.code}.md) | ${rule.name} | ${(russianMessages[rule.summary] ?? rule.summary).replace(/\|/g, "\\|")} |`);
  return ["# Правила asynclint", "", "| код | имя | что находит |", "|---|---|---|", ...rows, "", "[English](../README.md)", ""].join("\n");
}

const pages = (dir: string, entries: Array<[string, string]>) => entries.map(([name, content]) => [path.join(dir, name), content] as [string, string]);
const wanted = new Map<string, string>([
  ...pages(directory, [["README.md", index()], ...RULES.map((rule) => [`${rule.code}.md`, page(rule)] as [string, string])]),
  ...pages(russianDirectory, [["README.md", russianIndex()], ...RULES.map((rule) => [`${rule.code}.md`, russianPage(rule)] as [string, string])]),
]);
const stale: string[] = [];
if (!check) fs.mkdirSync(russianDirectory, { recursive: true });
for (const [file, content] of wanted) {
  const name = path.relative(directory, file);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (current === content) continue;
  if (check) stale.push(name);
  else fs.writeFileSync(file, content);
}
const listed = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(dir, entry.name)) : []);
const extra = [...listed(directory), ...listed(russianDirectory)].filter((file) => !wanted.has(file)).map((file) => path.relative(directory, file));
if (check) {
  if (stale.length > 0 || extra.length > 0) {
    console.error(`docs/rules is out of date (${[...stale, ...extra].join(", ")}). Run: npm run docs`);
    process.exit(1);
  }
  console.log(`docs/rules: ${wanted.size} pages up to date`);
} else {
  for (const name of extra) fs.rmSync(path.join(directory, name));
  console.log(`docs/rules: wrote ${wanted.size} pages`);
}
