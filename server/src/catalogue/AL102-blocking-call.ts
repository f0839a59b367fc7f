import type { RuleMeta } from "../engine/rule";

export const blockingCall: RuleMeta = {
  code: "AL102",
  name: "blocking-call",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A blocking call (process, HTTP, DNS, socket, SSH, Telnet, mail, FTP, console input) inside an async function stops the event loop.",
  whatItDoes:
    "Flags calls that block the thread when made directly in an `async def`: `subprocess.run/call/check_call/check_output/getoutput/getstatusoutput`, " +
    "waiting for a `Popen` (`.wait()`, `.communicate()`; starting one returns at once and is not flagged, nor is `os.posix_spawn`, which also only starts the child), " +
    "`os.system`, `os.popen`, `os.spawn*` with `os.P_WAIT` (with `P_NOWAIT` it only starts the child), `os.wait()` and `os.waitpid`/`wait3`/`wait4`/`waitid` " +
    "unless their options hold `os.WNOHANG` (options that cannot be read are not guessed at), `requests.*` and a `requests.Session`'s requests, " +
    "`urllib.request.urlopen`, `urllib3.request` and a urllib3 `PoolManager`'s or connection pool's `request`/`urlopen` (its other methods do no network I/O), " +
    "sync `httpx` calls and an `httpx.Client`'s requests, `send`, `stream` and `close` (which shuts its connections down), " +
    "`socket.gethostbyname`/`gethostbyname_ex`/`gethostbyaddr`/`getaddrinfo`/`getnameinfo`/`getfqdn` (not `getaddrinfo` with `AI_NUMERICHOST` in its flags, which only parses an address) and `socket.create_connection`, " +
    "`connect`/`accept`/`recv*`/`send*` on a socket built in the code (`socket.socket(…)`, `create_connection`, `create_server`), and reads and writes of the file its `makefile()` gives, unless it shows the socket is not " +
    "a blocking one: `setblocking(False)` or `settimeout(0)` (or a value that cannot be read), the socket handed to a call (the loop's `sock_*` methods and " +
    "`open_connection(sock=…)` make it non-blocking), or `socket.setdefaulttimeout`; a socket known only from an annotation is not reported, since nothing says its mode. " +
    "`smtplib.SMTP(host)`/`SMTP_SSL`/`LMTP` and `ftplib.FTP(host)`/`FTP_TLS` (they connect in the constructor only when given a host) and their methods " +
    "that talk to the server, `input()` and `builtins.input`, and the sync network clients " +
    "(`paramiko.SSHClient` connect/exec_command, `netmiko.ConnectHandler` and its `send_command`, `telnetlib.Telnet`, `pexpect.spawn(…).expect(…)`). " +
    "Objects are followed from their construction (`conn = ConnectHandler(**device)` then `conn.send_command(…)`, `with httpx.Client() as client`), also through `self.` attributes, " +
    "and from annotations: parameters (`client: httpx.Client`, `Optional[requests.Session]`, `httpx.Client | None`, `\"urllib3.PoolManager\"`), annotated locals, " +
    "`self.api: httpx.Client = …` and class-body declarations (`session: requests.Session` types `self.session`). An annotation is the declared type: it wins over " +
    "other assignments of the name, as for a type checker; a name bound to two different things without one is not known. " +
    "Add your own dotted names with the setting `asynclint.python.extraBlockingCalls`. " +
    "TypeScript/JavaScript: flags the `*Sync` functions of `fs` and `zlib` and `execSync`/`execFileSync`/`spawnSync` of `child_process` " +
    "called directly in an async function's body (not in a nested sync callback, not at module level), resolved through imports and " +
    "aliases: `import * as fs`, `import fs from`, `import { readFileSync as read }`, `require(\"node:fs\")` and its destructuring.",
  whyIsThisBad:
    "While the call waits for a process, a server or the keyboard, no other coroutine runs. Talking to a hundred routers with netmiko inside " +
    "`async def` is exactly as slow as doing it in a plain loop, and the program looks concurrent while it is not.",
  throughHelpers:
    "A plain sync function or method whose body reaches one of the calls above is flagged where a coroutine calls it: `async def handle(): devices = load_inventory()` with `def load_inventory(): return requests.get(URL).json()` in inventory.py gives `load_inventory()` blocks the event loop in `async def handle`: it calls `requests.get` (inventory.py:12). The helper may be in the same module, a `self.`/`cls.` method, a class whose `__init__` connects (`Switch(host)` building a paramiko client), or a function imported from another module of the workspace or from a package installed in the workspace's virtual environment (a folder with a `pyvenv.cfg`, read and never run); and the chain may pass through further sync helpers (five calls deep at most, cycles included). The message names the chain and where it ends in another module, and the blocking call is attached as related information (the editor lists it under the problem; the JSON and SARIF outputs carry it as `related` / `relatedLocations`). Not flagged: a helper handed to a thread (`asyncio.to_thread(helper)`, `Thread(target=helper)`), an awaited call, a generator, a helper under a decorator asynclint does not know (it may run the body in a thread), a signature under `if TYPE_CHECKING:` (its body never runs), a blocking call in a nested `def` the helper only returns, and one behind `if dry_run:` (or `if not p: return`) when the call passes a literal, or leaves a literal default, that rules the branch out. Its fix, unsafe, runs the helper in a thread: `await asyncio.to_thread(helper, \u2026)`. Socket methods are not followed (whether a socket blocks depends on code anywhere in its module). TypeScript/JavaScript: a sync function or method of the project (the same file or imported from another project file, not a declaration file or node_modules) that reaches a `*Sync` call of `fs`, `child_process` or `zlib` is flagged where an async function calls it.",
  examples: [
    {
      language: "python",
      bad: "import subprocess\n\nasync def ping(host):\n    return subprocess.run([\"ping\", \"-c\", \"1\", host]).returncode\n",
      good:
        "import asyncio\n\nasync def ping(host):\n    proc = await asyncio.create_subprocess_exec(\"ping\", \"-c\", \"1\", host)\n    return await proc.wait()\n",
    },
    {
      language: "python",
      bad: "from netmiko import ConnectHandler\n\nasync def show_version(device):\n    conn = ConnectHandler(**device)\n    return conn.send_command(\"show version\")\n",
      good:
        "import asyncssh\n\nasync def show_version(device):\n    async with asyncssh.connect(device[\"host\"]) as conn:\n        return (await conn.run(\"show version\")).stdout\n",
    },
    {
      language: "typescript",
      bad: "import * as fs from \"node:fs\";\n\nasync function loadInventory(path: string) {\n  return JSON.parse(fs.readFileSync(path, \"utf8\"));\n}\n",
      good: "import * as fs from \"node:fs\";\n\nasync function loadInventory(path: string) {\n  return JSON.parse(await fs.promises.readFile(path, \"utf8\"));\n}\n",
    },
  ],
  fix:
    "Offers `await asyncio.to_thread(fn, *args, **kwargs)` where that is a faithful rewrite (Python 3.9 or later). " +
    "Unsafe: the call now runs in another thread, so check that the object it uses may be used from there. " +
    "A call written where a thread runner takes its function (`loop.run_in_executor(None, requests.get(url))`) runs on the loop first and hands the runner its result: the fix passes the function and its arguments (`loop.run_in_executor(None, requests.get, url)`, keyword arguments through `functools.partial`), not for calls of `extraBlockingCalls`, whose result may be the function meant. " +
    "The message names the remedy per API: `asyncio.create_subprocess_exec`, `httpx.AsyncClient` or `aiohttp`, `await loop.getaddrinfo(…)` / " +
    "`loop.getnameinfo(…)` for lookups, `asyncio.open_connection` (streams) or the loop's `sock_*` methods for sockets, `aiosmtplib`, `aioftp`, `asyncssh`. " +
    "In a trio or anyio module the message names that library's API (`trio.run_process`, `anyio.run_process`, `httpx.AsyncClient`, " +
    "`trio.open_tcp_stream`, `anyio.connect_tcp`, `trio.socket.getaddrinfo`, `anyio.getaddrinfo`) and the fix is `await trio.to_thread.run_sync(fn, *args)` (anyio's likewise), offered only for calls " +
    "without keyword arguments, which those runners do not pass on, and only where the module surely runs on that library. " +
    "TypeScript/JavaScript: an `fs` call whose promise twin takes the same arguments becomes `await fs.promises.readFile(…)` (through the " +
    "module object) or `await readFile(…)` with `import { readFile } from \"fs/promises\"` added (named imports, ES modules only). Safe.",
  aliases: ["ASYNC210", "ASYNC211", "ASYNC212", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC250"],
};
