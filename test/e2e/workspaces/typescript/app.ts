import { readFileSync } from "node:fs";

async function fetchConfig(path: string): Promise<string> {
  return readFileSync(path, "utf8");
}

function loadConfigSync(path: string): string {
  return readFileSync(path, "utf8");
}

export async function main(): Promise<void> {
  fetchConfig("a.json");
  await fetchConfig("b.json");
  loadConfigSync("c.json");
}
