import * as fs from "node:fs";
import * as path from "node:path";
import { Random } from "../random";

/**
 * A deterministic corpus of async Python that looks like a real service codebase: packages of
 * modules with imports between them, dataclasses, client classes with async methods, pipelines
 * using gather and locks, sync helpers, and our anti-patterns sprinkled in at a realistic rate
 * (a few per module). The same seed always gives the same files.
 */

const PACKAGES = ["inventory", "netops", "billing", "telemetry", "accounts", "scheduler", "storage", "gateway", "reports", "alerts"];
const NOUNS = [
  "device", "order", "invoice", "metric", "user", "job", "bucket", "route", "report", "alert", "session", "config",
  "backup", "tenant", "ticket", "sensor", "shipment", "policy", "queue", "snapshot", "node", "link", "plan", "quota",
];
const VERBS = ["fetch", "load", "sync", "push", "poll", "refresh", "collect", "resolve", "archive", "probe"];

export interface CorpusStats {
  files: number;
  lines: number;
  bytes: number;
}

interface ModuleRef {
  pkg: string;
  name: string;
  noun: string;
}

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/** The names every module defines, derived from its own name so importers know them without reading it. */
function exportsOf(module: ModuleRef): { coroutine: string; helper: string; client: string } {
  return { coroutine: `fetch_${module.name}`, helper: `parse_${module.name}`, client: `${capitalize(module.noun)}${capitalize(module.name.split("_").pop()!)}Client` };
}

function moduleRefs(count: number): ModuleRef[] {
  const refs: ModuleRef[] = [];
  for (let i = 0; i < count; i++) {
    const pkg = `${PACKAGES[i % PACKAGES.length]}${Math.floor(i / (PACKAGES.length * 40))}`;
    const noun = NOUNS[i % NOUNS.length];
    refs.push({ pkg, name: `${noun}_m${i}`, noun });
  }
  return refs;
}

class Writer {
  readonly lines: string[] = [];
  line(text = ""): void {
    this.lines.push(text);
  }
}

function header(w: Writer, rng: Random, self: ModuleRef, imports: ModuleRef[]): void {
  w.line(`"""${capitalize(self.noun)} operations for the ${self.pkg} service (module ${self.name})."""`);
  w.line("from __future__ import annotations");
  w.line();
  w.line("import asyncio");
  w.line("import logging");
  w.line("import time");
  if (rng.chance(0.5)) w.line("import subprocess");
  if (rng.chance(0.5)) w.line("import requests");
  w.line("from dataclasses import dataclass, field");
  w.line("from typing import Any, Optional");
  w.line();
  for (const other of imports) {
    const names = exportsOf(other);
    if (other.pkg === self.pkg) w.line(`from .${other.name} import ${names.coroutine}, ${names.client}`);
    else w.line(`from ${other.pkg}.${other.name} import ${names.coroutine}, ${names.helper}`);
  }
  w.line();
  w.line("log = logging.getLogger(__name__)");
  w.line(`DEFAULT_TIMEOUT = ${rng.int(2, 30)}.0`);
  w.line(`MAX_RETRIES = ${rng.int(1, 5)}`);
  w.line();
  w.line();
}

function dataclassBlock(w: Writer, rng: Random, noun: string, index: number): void {
  const name = `${capitalize(noun)}Record${index}`;
  w.line("@dataclass");
  w.line(`class ${name}:`);
  w.line(`    """One ${noun} as the upstream API returns it."""`);
  w.line();
  w.line("    ident: str");
  w.line("    name: str");
  w.line(`    weight: float = ${rng.int(0, 9)}.${rng.int(0, 9)}`);
  w.line("    tags: list[str] = field(default_factory=list)");
  w.line("    extra: dict[str, Any] = field(default_factory=dict)");
  w.line();
  w.line("    def label(self) -> str:");
  w.line('        return f"{self.name} ({self.ident})"');
  w.line();
  w.line("    def matches(self, query: str) -> bool:");
  w.line("        query = query.lower()");
  w.line("        return query in self.name.lower() or any(query in tag for tag in self.tags)");
  w.line();
  w.line();
}

function clientClass(w: Writer, rng: Random, self: ModuleRef, antiPatterns: boolean): void {
  const { client } = exportsOf(self);
  const noun = self.noun;
  w.line(`class ${client}:`);
  w.line(`    """Async client for the ${noun} endpoints."""`);
  w.line();
  w.line("    def __init__(self, session: Any, base_url: str, retries: int = MAX_RETRIES) -> None:");
  w.line("        self.session = session");
  w.line('        self.base_url = base_url.rstrip("/")');
  w.line("        self.retries = retries");
  w.line("        self._cache: dict[str, Any] = {}");
  w.line("        self._lock = asyncio.Lock()");
  w.line();
  w.line(`    async def get_${noun}(self, key: str) -> dict[str, Any]:`);
  w.line("        async with self._lock:");
  w.line("            if key in self._cache:");
  w.line("                return self._cache[key]");
  w.line("        for attempt in range(self.retries):");
  w.line("            try:");
  w.line(`                response = await self.session.get(f"{self.base_url}/${noun}s/{key}", timeout=DEFAULT_TIMEOUT)`);
  w.line("                data = await response.json()");
  w.line("                break");
  w.line("            except asyncio.TimeoutError:");
  w.line('                log.warning("timeout on %s (attempt %d)", key, attempt)');
  if (antiPatterns && rng.chance(0.35)) w.line("                time.sleep(0.5 * attempt)");
  else w.line("                await asyncio.sleep(0.5 * attempt)");
  w.line("        else:");
  w.line('            raise RuntimeError(f"gave up on {key}")');
  w.line("        self._cache[key] = data");
  w.line("        return data");
  w.line();
  w.line(`    async def list_${noun}s(self, page_size: int = 100) -> list[dict[str, Any]]:`);
  w.line("        items: list[dict[str, Any]] = []");
  w.line("        cursor: Optional[str] = None");
  w.line("        while True:");
  w.line('            params = {"limit": page_size}');
  w.line("            if cursor:");
  w.line('                params["cursor"] = cursor');
  w.line(`            response = await self.session.get(f"{self.base_url}/${noun}s", params=params)`);
  w.line("            page = await response.json()");
  w.line('            items.extend(page["items"])');
  w.line('            cursor = page.get("next")');
  w.line("            if not cursor:");
  w.line("                return items");
  w.line();
  w.line(`    async def refresh(self, keys: list[str]) -> list[dict[str, Any]]:`);
  w.line("        results = []");
  w.line("        for key in keys:");
  w.line(`            results.append(await self.get_${noun}(key))`);
  w.line("        return results");
  w.line();
  w.line("    def _normalize(self, item: dict[str, Any]) -> dict[str, Any]:");
  w.line("        return {k.lower(): v for k, v in item.items() if v is not None}");
  w.line();
  w.line("    async def close(self) -> None:");
  if (antiPatterns && rng.chance(0.3)) {
    w.line("        self.session.close()");
    w.line(`        self.get_${noun}("final")`);
  } else {
    w.line("        await self.session.close()");
  }
  w.line("        self._cache.clear()");
  w.line();
  w.line();
}

function helperFunctions(w: Writer, rng: Random, self: ModuleRef): void {
  const { helper } = exportsOf(self);
  w.line(`def ${helper}(raw: dict[str, Any]) -> dict[str, Any]:`);
  w.line(`    """Turns an upstream ${self.noun} payload into our shape."""`);
  w.line("    result = {}");
  w.line("    for key, value in raw.items():");
  w.line("        if isinstance(value, str):");
  w.line("            value = value.strip()");
  w.line('        result[key.replace("-", "_")] = value');
  w.line(`    result.setdefault("kind", "${self.noun}")`);
  w.line("    return result");
  w.line();
  w.line();
  w.line(`def summarize_${self.name}(items: list[dict[str, Any]]) -> str:`);
  w.line("    total = len(items)");
  w.line(`    heavy = sum(1 for item in items if item.get("weight", 0) > ${rng.int(1, 9)})`);
  w.line('    return f"{total} items, {heavy} heavy"');
  w.line();
  w.line();
}

function coroutineFunction(w: Writer, rng: Random, self: ModuleRef): void {
  const { coroutine, client } = exportsOf(self);
  w.line(`async def ${coroutine}(session: Any, keys: list[str]) -> list[dict[str, Any]]:`);
  w.line(`    """Fetches ${self.noun}s concurrently, bounded by a semaphore."""`);
  w.line(`    client = ${client}(session, "https://api.internal/${self.pkg}")`);
  w.line(`    limit = asyncio.Semaphore(${rng.int(4, 32)})`);
  w.line();
  w.line("    async def one(key: str) -> dict[str, Any]:");
  w.line("        async with limit:");
  w.line(`            return await client.get_${self.noun}(key)`);
  w.line();
  w.line("    try:");
  w.line("        return await asyncio.gather(*(one(key) for key in keys))");
  w.line("    finally:");
  w.line("        await client.close()");
  w.line();
  w.line();
}

function pipeline(w: Writer, rng: Random, self: ModuleRef, imports: ModuleRef[], index: number, antiPatterns: boolean): void {
  const verb = rng.pick(VERBS);
  const name = `${verb}_${self.noun}_batch${index}`;
  w.line(`async def ${name}(session: Any, keys: list[str], dry_run: bool = False) -> int:`);
  w.line('    """Runs one batch and reports how many items changed."""');
  w.line("    started = time.monotonic()");
  w.line("    changed = 0");
  const other = imports.length > 0 ? rng.pick(imports) : undefined;
  if (other) {
    const names = exportsOf(other);
    if (antiPatterns && rng.chance(0.25)) w.line(`    ${names.coroutine}(session, keys)`);
    else w.line(`    upstream = await ${names.coroutine}(session, keys)`);
  }
  if (antiPatterns && rng.chance(0.3)) {
    w.line("    first = await session.get(\"/health\")");
    w.line("    second = await session.post(\"/audit\", json={\"keys\": keys})");
  }
  w.line("    for key in keys:");
  w.line("        if dry_run:");
  w.line('            log.info("would update %s", key)');
  w.line("            continue");
  w.line("        try:");
  w.line("            await asyncio.wait_for(session.put(f\"/items/{key}\"), timeout=DEFAULT_TIMEOUT)");
  w.line("            changed += 1");
  w.line("        except asyncio.TimeoutError:");
  w.line('            log.error("update of %s timed out", key)');
  if (antiPatterns && rng.chance(0.3)) {
    w.line("    if changed:");
    w.line('        requests.post("https://hooks.internal/notify", json={"changed": changed})');
  }
  if (antiPatterns && rng.chance(0.2)) {
    w.line('    subprocess.run(["logger", f"batch done: {changed}"], check=False)');
  }
  if (antiPatterns && rng.chance(0.3)) {
    w.line(`    asyncio.create_task(session.post("/metrics", json={"changed": changed}))`);
  } else {
    w.line(`    task = asyncio.create_task(session.post("/metrics", json={"changed": changed}))`);
    w.line("    await task");
  }
  w.line("    elapsed = time.monotonic() - started");
  w.line('    log.debug("batch %s took %.2fs", ' + `"${name}"` + ", elapsed)");
  w.line("    return changed");
  w.line();
  w.line();
}

function workerClass(w: Writer, rng: Random, self: ModuleRef, index: number, antiPatterns: boolean): void {
  const name = `${capitalize(self.noun)}Worker${index}`;
  w.line(`class ${name}:`);
  w.line('    """Consumes jobs from a queue until stopped."""');
  w.line();
  w.line("    def __init__(self, queue: asyncio.Queue, concurrency: int = 4) -> None:");
  w.line("        self.queue = queue");
  w.line("        self.concurrency = concurrency");
  w.line("        self.stopped = asyncio.Event()");
  w.line("        self.processed = 0");
  w.line("        self._tasks: list[asyncio.Task] = []");
  w.line();
  w.line("    async def handle(self, job: dict[str, Any]) -> None:");
  w.line(`        await asyncio.sleep(${rng.int(0, 3)} / 100)`);
  w.line("        self.processed += 1");
  w.line();
  w.line("    async def _loop(self) -> None:");
  w.line("        while not self.stopped.is_set():");
  w.line("            job = await self.queue.get()");
  w.line("            try:");
  w.line("                await self.handle(job)");
  w.line("            except Exception:");
  w.line('                log.exception("job failed")');
  w.line("            finally:");
  w.line("                self.queue.task_done()");
  w.line();
  w.line("    async def start(self) -> None:");
  w.line("        for _ in range(self.concurrency):");
  w.line("            self._tasks.append(asyncio.create_task(self._loop()))");
  w.line();
  w.line("    async def stop(self) -> None:");
  w.line("        self.stopped.set()");
  w.line("        for task in self._tasks:");
  w.line("            task.cancel()");
  w.line("        await asyncio.gather(*self._tasks, return_exceptions=True)");
  if (antiPatterns && rng.chance(0.25)) {
    w.line();
    w.line("    async def restart(self) -> None:");
    w.line("        self.stop()");
    w.line("        await self.start()");
  }
  if (antiPatterns && rng.chance(0.15)) {
    w.line();
    w.line("    async def drain_sync(self) -> None:");
    w.line("        asyncio.run(self.stop())");
  }
  w.line();
  w.line();
}

function mainBlock(w: Writer, self: ModuleRef): void {
  const { coroutine } = exportsOf(self);
  w.line("async def main() -> None:");
  w.line("    queue: asyncio.Queue = asyncio.Queue()");
  w.line(`    results = await ${coroutine}(None, ["a", "b", "c"])`);
  w.line('    log.info("fetched %d", len(results))');
  w.line("    await queue.join()");
  w.line();
  w.line();
  w.line('if __name__ == "__main__":');
  w.line("    logging.basicConfig(level=logging.INFO)");
  w.line("    asyncio.run(main())");
}

/** One module of roughly `targetLines` lines. */
export function pythonModule(rng: Random, self: ModuleRef, candidates: readonly ModuleRef[], targetLines: number): string {
  const w = new Writer();
  const others = candidates.filter((c) => c !== self);
  const imports: ModuleRef[] = [];
  const wanted = Math.min(others.length, rng.int(1, 4));
  while (imports.length < wanted) {
    const other = rng.pick(others);
    if (!imports.includes(other)) imports.push(other);
  }
  header(w, rng, self, imports);
  // Most modules are right; the others carry a few mistakes each (each block draws its own odds).
  const antiPatterns = rng.chance(0.6);
  dataclassBlock(w, rng, self.noun, 0);
  clientClass(w, rng, self, antiPatterns);
  helperFunctions(w, rng, self);
  coroutineFunction(w, rng, self);
  let index = 1;
  while (w.lines.length < targetLines - 12) {
    const kind = rng.int(0, 2);
    if (kind === 0) pipeline(w, rng, self, imports, index, antiPatterns);
    else if (kind === 1) workerClass(w, rng, self, index, antiPatterns);
    else dataclassBlock(w, rng, self.noun, index);
    index++;
  }
  mainBlock(w, self);
  return w.lines.join("\n") + "\n";
}

/**
 * Writes a corpus of about `targetLines` lines under `dir` (created, must be empty or absent) and
 * returns its size. Modules are 150 to 350 lines, like hand-written ones.
 */
export function writePythonCorpus(dir: string, targetLines: number, seed = 7): CorpusStats {
  const rng = new Random(seed);
  const moduleCount = Math.max(2, Math.round(targetLines / 250));
  const refs = moduleRefs(moduleCount);
  const stats: CorpusStats = { files: 0, lines: 0, bytes: 0 };
  const packages = new Set<string>();
  for (const ref of refs) {
    const pkgDir = path.join(dir, ref.pkg);
    if (!packages.has(ref.pkg)) {
      fs.mkdirSync(pkgDir, { recursive: true });
      fs.writeFileSync(path.join(pkgDir, "__init__.py"), `"""The ${ref.pkg} package."""\n`);
      packages.add(ref.pkg);
      stats.files++;
      stats.lines++;
    }
    // Most imports stay inside the package, some reach into others, as in real projects.
    const samePackage = refs.filter((r) => r.pkg === ref.pkg);
    const candidates = rng.chance(0.7) && samePackage.length > 1 ? samePackage : refs;
    const text = pythonModule(rng, ref, candidates, rng.int(150, 350));
    fs.writeFileSync(path.join(pkgDir, `${ref.name}.py`), text);
    stats.files++;
    stats.lines += countLines(text);
    stats.bytes += Buffer.byteLength(text);
  }
  return stats;
}

/** The modules of a corpus written by writePythonCorpus, in a stable order. */
function listModules(dir: string): ModuleRef[] {
  const modules: ModuleRef[] = [];
  for (const pkg of fs.readdirSync(dir).sort()) {
    const pkgDir = path.join(dir, pkg);
    if (!fs.statSync(pkgDir).isDirectory()) continue;
    for (const file of fs.readdirSync(pkgDir).sort()) {
      if (!file.endsWith(".py") || file === "__init__.py") continue;
      const name = file.slice(0, -3);
      modules.push({ pkg, name, noun: name.split("_m")[0] });
    }
  }
  return modules;
}

/**
 * One large module (`lines` long) in a new package `app` of a corpus, importing the corpus's
 * modules: the file the editor latency run types into. Returns its path.
 */
export function writeLargeModule(corpusDir: string, lines: number, seed = 13): string {
  const rng = new Random(seed);
  const modules = listModules(corpusDir);
  const appDir = path.join(corpusDir, "app");
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(path.join(appDir, "__init__.py"), "");
  const file = path.join(appDir, "big_module.py");
  fs.writeFileSync(file, pythonModule(rng, { pkg: "app", name: "big_module", noun: "device" }, modules, lines));
  return file;
}

/**
 * Modules that import from many others and call what they import, so that analyzing them makes
 * the server's lazy workspace index read and summarize every module of the corpus (each call is
 * reported only when the index found its module, so the findings count the modules reached).
 */
export function writeImportHubs(corpusDir: string, hubDir: string, modulesPerHub: number): { hubs: string[]; modulesReached: number } {
  const modules = listModules(corpusDir);
  fs.mkdirSync(hubDir, { recursive: true });
  const hubs: string[] = [];
  for (let start = 0; start < modules.length; start += modulesPerHub) {
    const slice = modules.slice(start, start + modulesPerHub);
    const lines = ['"""Imports many modules and calls them: exercises the workspace index."""', "import asyncio", ""];
    for (const m of slice) lines.push(`from ${m.pkg}.${m.name} import ${exportsOf(m).coroutine}`);
    // Calls left unawaited on purpose: AL301 can only report them after the index has read the module.
    lines.push("", "", "async def run_all(session):");
    for (const m of slice) lines.push(`    ${exportsOf(m).coroutine}(session, [])`);
    const file = path.join(hubDir, `hub_${hubs.length}.py`);
    fs.writeFileSync(file, lines.join("\n") + "\n");
    hubs.push(file);
  }
  return { hubs, modulesReached: modules.length };
}

export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return text.length > 0 && !text.endsWith("\n") ? count + 1 : count;
}
