// A status page backend: asks every device's HTTP API for its health.
import { readFileSync } from "node:fs";

interface Health {
  host: string;
  up: boolean;
}

declare function fetchHealth(host: string): Promise<Health>;
declare function saveReport(rows: Health[]): Promise<void>;

export async function loadHosts(path: string): Promise<string[]> {
  // Blocks the event loop while the file is read.
  return readFileSync(path, "utf8").split("\n").filter(Boolean);
}

export async function checkAll(hosts: string[]): Promise<Health[]> {
  const rows: Health[] = [];
  for (const host of hosts) {
    rows.push(await fetchHealth(host));
  }
  saveReport(rows);
  return rows;
}

export async function compare(a: string, b: string): Promise<boolean> {
  const left = await fetchHealth(a);
  const right = await fetchHealth(b);
  return left.up === right.up;
}

export function logAll(hosts: string[]): void {
  hosts.forEach(async (host) => {
    console.log(await fetchHealth(host));
  });
}
