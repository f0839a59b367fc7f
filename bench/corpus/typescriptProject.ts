import * as fs from "node:fs";
import * as path from "node:path";
import { Random } from "../random";

/**
 * A deterministic TypeScript project that looks like a Node service: modules importing each
 * other's async functions and classes, interfaces, services with async methods, loops, and our
 * anti-patterns (floating promises, awaits in loops, async callbacks to forEach, sync fs calls in
 * async functions) sprinkled in. It type-checks cleanly with `tsc --noEmit` (the only library it
 * uses is Node's, declared inline so it needs no @types package).
 */

const NOUNS = ["device", "order", "invoice", "metric", "user", "job", "bucket", "route", "report", "alert", "session", "tenant"];

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

interface ModuleRef {
  file: string;
  noun: string;
  index: number;
}

function namesOf(ref: ModuleRef) {
  const Noun = capitalize(ref.noun);
  return { fetch: `fetch${Noun}${ref.index}`, service: `${Noun}Service${ref.index}`, record: `${Noun}Record${ref.index}` };
}

// Declares the little of Node the code uses, so the project needs no @types/node.
const NODE_SHIM = `declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function writeFileSync(path: string, data: string): void;
  export function existsSync(path: string): boolean;
}
declare function setTimeout(callback: () => void, ms: number): unknown;
declare const console: { log(...args: unknown[]): void; error(...args: unknown[]): void };
`;

function moduleText(rng: Random, self: ModuleRef, imports: ModuleRef[], targetLines: number): string {
  const { fetch, service, record } = namesOf(self);
  const out: string[] = [];
  const line = (text = "") => out.push(text);
  line(`import { readFileSync, existsSync } from "node:fs";`);
  for (const other of imports) {
    const names = namesOf(other);
    line(`import { ${names.fetch}, ${names.service}, type ${names.record} } from "./${other.file}";`);
  }
  line();
  line(`export interface ${record} {`);
  line("  id: string;");
  line("  name: string;");
  line("  weight: number;");
  line("  tags: string[];");
  line("}");
  line();
  line(`const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));`);
  line();
  line(`export async function ${fetch}(ids: string[]): Promise<${record}[]> {`);
  line(`  const results: ${record}[] = [];`);
  line("  for (const id of ids) {");
  line(`    await sleep(${rng.int(1, 20)});`);
  line(`    results.push({ id, name: "${self.noun} " + id, weight: ${rng.int(1, 9)}, tags: [] });`);
  line("  }");
  line("  return results;");
  line("}");
  line();
  let block = 0;
  while (out.length < targetLines - 30) {
    block++;
    const other = imports.length > 0 ? rng.pick(imports) : undefined;
    const otherNames = other ? namesOf(other) : undefined;
    const bad = rng.chance(0.4);
    line(`export class ${service}${block === 1 ? "" : `V${block}`} {`);
    line(`  private cache = new Map<string, ${record}>();`);
    line("  private pending = 0;");
    line();
    line("  constructor(private readonly baseUrl: string, private readonly retries = 3) {}");
    line();
    line(`  async get(id: string): Promise<${record} | undefined> {`);
    line("    const cached = this.cache.get(id);");
    line("    if (cached) return cached;");
    line("    for (let attempt = 0; attempt < this.retries; attempt++) {");
    line(`      const [found] = await ${fetch}([id]);`);
    line("      if (found) {");
    line("        this.cache.set(id, found);");
    line("        return found;");
    line("      }");
    line("      await sleep(attempt * 100);");
    line("    }");
    line("    return undefined;");
    line("  }");
    line();
    line(`  async refresh(ids: string[]): Promise<number> {`);
    line("    let changed = 0;");
    line("    for (const id of ids) {");
    line("      const item = await this.get(id);");
    line("      if (item) changed++;");
    line("    }");
    line("    return changed;");
    line("  }");
    line();
    line("  async refreshAll(ids: string[]): Promise<void> {");
    if (bad) {
      line("    ids.forEach(async (id) => {");
      line("      await this.get(id);");
      line("    });");
      line("    this.refresh(ids);");
    } else {
      line("    await Promise.all(ids.map((id) => this.get(id)));");
      line("    await this.refresh(ids);");
    }
    line("  }");
    line();
    line("  async loadConfig(file: string): Promise<Record<string, unknown>> {");
    if (bad && rng.chance(0.5)) {
      line("    const text = readFileSync(file, \"utf8\");");
    } else {
      line("    const text = existsSync(file) ? \"{}\" : \"{}\";");
    }
    line("    return JSON.parse(text) as Record<string, unknown>;");
    line("  }");
    line();
    line("  summary(items: " + record + "[]): string {");
    line(`    const heavy = items.filter((item) => item.weight > ${rng.int(1, 9)}).length;`);
    line("    return `${items.length} items, ${heavy} heavy, ${this.pending} pending at ${this.baseUrl}`;");
    line("  }");
    line("}");
    line();
    line(`export async function sync${capitalize(self.noun)}Batch${block}(ids: string[]): Promise<number> {`);
    line(`  const service = new ${service}${block === 1 ? "" : `V${block}`}("https://api.internal");`);
    if (otherNames) {
      if (bad && rng.chance(0.5)) line(`  ${otherNames.fetch}(ids);`);
      else line(`  const upstream = await ${otherNames.fetch}(ids);`);
      line(`  const peer = new ${otherNames.service}("https://peer.internal");`);
      line("  const first = await peer.get(ids[0] ?? \"\");");
      line("  if (first) console.log(first.name);");
      if (bad && rng.chance(0.5)) line("  setTimeout(async () => console.log(await peer.get(\"probe\")), 10);");
    }
    line("  const total = await service.refresh(ids);");
    line("  if (total === 0) {");
    line('    console.error("nothing changed");');
    line("  }");
    line("  return total;");
    line("}");
    line();
  }
  line(`export function describe${capitalize(self.noun)}${self.index}(item: ${record}): string {`);
  line("  return `${item.name} (${item.id})`;");
  line("}");
  return out.join("\n") + "\n";
}

export interface TypeScriptProjectStats {
  files: number;
  lines: number;
  /** The largest generated file, for the editor latency run. */
  largest: string;
}

/**
 * Writes a project of `fileCount` modules of about `linesPerFile` lines under `dir`, with a
 * tsconfig.json; one extra module of `bigFileLines` lines when asked (the file the editor run edits).
 */
export function writeTypeScriptProject(dir: string, fileCount: number, linesPerFile: number, seed = 11, bigFileLines = 0): TypeScriptProjectStats {
  const rng = new Random(seed);
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      { compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, skipLibCheck: true, lib: ["ES2022"], types: [] }, include: ["src"] },
      null,
      2,
    ) + "\n",
  );
  fs.writeFileSync(path.join(dir, "src", "node-shim.d.ts"), NODE_SHIM);
  const refs: ModuleRef[] = [];
  for (let i = 0; i < fileCount; i++) refs.push({ file: `${NOUNS[i % NOUNS.length]}${i}`, noun: NOUNS[i % NOUNS.length], index: i });
  const stats: TypeScriptProjectStats = { files: 1, lines: NODE_SHIM.split("\n").length - 1, largest: "" };
  let largestLines = 0;
  refs.forEach((ref, i) => {
    // Imports only point backwards, so the module graph has no cycles (as most projects try).
    const imports: ModuleRef[] = [];
    const wanted = Math.min(i, rng.int(1, 3));
    while (imports.length < wanted) {
      const other = refs[rng.int(0, i - 1)];
      if (!imports.includes(other)) imports.push(other);
    }
    const lines = bigFileLines > 0 && i === fileCount - 1 ? bigFileLines : linesPerFile;
    const text = moduleText(rng, ref, imports, lines);
    const file = path.join(dir, "src", `${ref.file}.ts`);
    fs.writeFileSync(file, text);
    const count = text.split("\n").length - 1;
    stats.files++;
    stats.lines += count;
    if (count > largestLines) {
      largestLines = count;
      stats.largest = file;
    }
  });
  return stats;
}
