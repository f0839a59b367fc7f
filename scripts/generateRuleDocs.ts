// Writes docs/rules/ALxxx.md from the rule definitions in server/src/catalogue, the single source
// of rule documentation. With --check it writes nothing and fails when a page is out of date.
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../server/src/engine/catalogue";
import { offByDefault, type RuleMeta } from "../server/src/engine/rule";

const directory = path.join(__dirname, "..", "docs", "rules");
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
  return ["# asynclint rules", "", "| code | name | what it finds |", "|---|---|---|", ...rows, ""].join("\n");
}

const wanted = new Map<string, string>([["README.md", index()], ...RULES.map((rule) => [`${rule.code}.md`, page(rule)] as [string, string])]);
const stale: string[] = [];
if (!check) fs.mkdirSync(directory, { recursive: true });
for (const [name, content] of wanted) {
  const file = path.join(directory, name);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (current === content) continue;
  if (check) stale.push(name);
  else fs.writeFileSync(file, content);
}
const extra = fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => !wanted.has(name)) : [];
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
