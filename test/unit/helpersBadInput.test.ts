// Following helpers into other modules meets whatever those modules are: nested past what CPython
// compiles, a FIFO where a module should be, a helper calling itself. The analysis finishes,
// says nothing it cannot prove, and never blocks on a file.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";
import { PythonWorkspaceIndex } from "../../server/src/python/workspaceIndex";
import { makeTree } from "./cliHarness";

function codesOf(root: string, file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return analyzePythonSource({ text, path: path.join(root, file) }, { settings: defaultSettings(), pythonWorkspace: new PythonWorkspaceIndex([root]) }).findings.map((f) => f.code);
}

describe("helpers in modules that are not what they seem", () => {
  before(initEngine);

  it("does not read helpers of a module nested deeper than CPython compiles, and still reports a plain one", () => {
    const deep = `import time\n\n\ndef settle():\n    time.sleep(1)\n    return ${"(".repeat(5000)}1${")".repeat(5000)}\n`;
    const root = makeTree({
      "deep.py": deep,
      "plain.py": "import time\n\n\ndef settle():\n    time.sleep(1)\n",
      "app.py": "import deep\nimport plain\n\n\nasync def main():\n    deep.settle()\n    plain.settle()\n",
    });
    assert.deepEqual(codesOf(root, "app.py"), ["AL101"]);
  });

  it("does not block on a FIFO where an installed module should be", () => {
    const root = makeTree({
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/python3.12/site-packages/realmod.py": "import subprocess\n\n\ndef run():\n    subprocess.run(['true'])\n",
      "app.py": "import fifomod\nimport realmod\n\n\nasync def main():\n    fifomod.run()\n    realmod.run()\n",
    });
    execFileSync("mkfifo", [path.join(root, "env/lib/python3.12/site-packages/fifomod.py")]);
    assert.deepEqual(codesOf(root, "app.py"), ["AL102"]);
  });

  it("reads a helper module of long names, comment banners and bracket runs as fast as any other", () => {
    // Shapes that made an earlier reading of receivers backtrack for minutes (a name tens of thousands of characters long; banners of `#` after a name and brackets), and never end here.
    const noise = [`${"a".repeat(40_000)} = 1`, ...Array.from({ length: 100 }, (_, i) => `x${i} ) ) #${"#".repeat(2_000)}`)].join("\n");
    const root = makeTree({
      "netlib.py": `import requests\n\n${noise}\n\n\nclass Device:\n    def __init__(self, host: str):\n        self.session = requests.Session()\n\n    def show(self, command):\n        return self.session.get(command)\n`,
      "app.py": 'from netlib import Device\n\n\nasync def audit():\n    Device("core1").show("version")\n',
    });
    assert.deepEqual(codesOf(root, "app.py"), ["AL102"]);
  });

  it("ends a helper that calls itself and one that calls another module that calls it back", () => {
    const root = makeTree({
      "ping.py": "import pong\n\n\ndef ping(n):\n    if n:\n        pong.pong(n - 1)\n",
      "pong.py": "import time\n\nimport ping\n\n\ndef pong(n):\n    ping.ping(n)\n    time.sleep(0.1)\n",
      "app.py": "import ping\n\n\ndef again(n):\n    return again(n)\n\n\nasync def main():\n    again(3)\n    ping.ping(3)\n",
    });
    assert.deepEqual(codesOf(root, "app.py"), ["AL101"]);
  });
});
