/**
 * The client's translator. In the editor it is `vscode.l10n.t` (the bundles in l10n/, chosen by
 * VS Code's display language); modules that the unit tests load without VS Code fall back to the
 * English text with its `{0}` placeholders filled in. Call it as `t("English text", …)`: the
 * keys are collected from such calls (scripts/l10nKeys.ts) and checked against the bundles.
 */
type Translator = (message: string, args: (string | number)[]) => string;

const english: Translator = (message, args) => message.replace(/\{(\d+)\}/g, (whole: string, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));

let translator: Translator = english;

export function useTranslator(next: Translator): void {
  translator = next;
}

export function t(message: string, ...args: (string | number)[]): string {
  return translator(message, args);
}
