import { localizable } from "../engine/l10n";

/**
 * What asynclint knows about libraries without reading them: which callables are coroutine
 * functions, which constructors give objects with coroutine or blocking methods, and what
 * blocks. Names are canonical dotted paths, as reached through the module's imports.
 */

/** asyncio functions whose call returns an awaitable that must be awaited or scheduled. */
export const ASYNCIO_COROUTINE_FUNCTIONS = new Set(
  [
    "sleep",
    "wait_for",
    "wait",
    "gather",
    "shield",
    "to_thread",
    "open_connection",
    "start_server",
    "open_unix_connection",
    "start_unix_server",
    "create_subprocess_exec",
    "create_subprocess_shell",
    "subprocess.create_subprocess_exec",
    "subprocess.create_subprocess_shell",
  ].map((name) => `asyncio.${name}`),
);

/** Calls that produce an object of a known type, so its methods can be recognised later. */
export const FACTORY_TYPES: ReadonlyMap<string, string | readonly string[]> = new Map<string, string | readonly string[]>([
  ["asyncio.Queue", "asyncio.Queue"],
  ["asyncio.PriorityQueue", "asyncio.Queue"],
  ["asyncio.LifoQueue", "asyncio.Queue"],
  ["asyncio.Lock", "asyncio.Lock"],
  ["asyncio.Event", "asyncio.Event"],
  ["asyncio.Semaphore", "asyncio.Semaphore"],
  ["asyncio.BoundedSemaphore", "asyncio.Semaphore"],
  ["asyncio.Condition", "asyncio.Condition"],
  ["asyncio.get_running_loop", "asyncio.AbstractEventLoop"],
  ["asyncio.get_event_loop", "asyncio.AbstractEventLoop"],
  ["asyncio.new_event_loop", "asyncio.AbstractEventLoop"],
  ["asyncio.TaskGroup", "asyncio.TaskGroup"],
  ["asyncio.open_connection", ["asyncio.StreamReader", "asyncio.StreamWriter"]],
  ["asyncio.open_unix_connection", ["asyncio.StreamReader", "asyncio.StreamWriter"]],
  ["asyncio.create_subprocess_exec", "asyncio.subprocess.Process"],
  ["asyncio.create_subprocess_shell", "asyncio.subprocess.Process"],
  ["asyncio.subprocess.create_subprocess_exec", "asyncio.subprocess.Process"],
  ["asyncio.subprocess.create_subprocess_shell", "asyncio.subprocess.Process"],
  ["asyncssh.connect", "asyncssh.SSHClientConnection"],
  ["paramiko.SSHClient", "paramiko.SSHClient"],
  ["paramiko.client.SSHClient", "paramiko.SSHClient"],
  ["netmiko.ConnectHandler", "netmiko.BaseConnection"],
  ["netmiko.BaseConnection", "netmiko.BaseConnection"],
  ["telnetlib.Telnet", "telnetlib.Telnet"],
  ["pexpect.spawn", "pexpect.spawn"],
  ["subprocess.Popen", "subprocess.Popen"],
  ["requests.Session", "requests.Session"],
  ["requests.session", "requests.Session"],
  ["httpx.Client", "httpx.Client"],
  // The maintained continuation of httpx keeps its API.
  ["httpx2.Client", "httpx.Client"],
  ["urllib3.PoolManager", "urllib3.PoolManager"],
  ["urllib3.ProxyManager", "urllib3.PoolManager"],
  ["urllib3.poolmanager.PoolManager", "urllib3.PoolManager"],
  ["urllib3.poolmanager.ProxyManager", "urllib3.PoolManager"],
  ["urllib3.proxy_from_url", "urllib3.PoolManager"],
  ["urllib3.HTTPConnectionPool", "urllib3.HTTPConnectionPool"],
  ["urllib3.HTTPSConnectionPool", "urllib3.HTTPConnectionPool"],
  ["urllib3.connectionpool.HTTPConnectionPool", "urllib3.HTTPConnectionPool"],
  ["urllib3.connectionpool.HTTPSConnectionPool", "urllib3.HTTPConnectionPool"],
  ["urllib3.connection_from_url", "urllib3.HTTPConnectionPool"],
  ["urllib3.connectionpool.connection_from_url", "urllib3.HTTPConnectionPool"],
  ["urllib3.PoolManager.connection_from_url", "urllib3.HTTPConnectionPool"],
  ["urllib3.PoolManager.connection_from_host", "urllib3.HTTPConnectionPool"],
  // A socket built here starts in blocking mode (AL102 looks for `setblocking(False)` before it reports one).
  ["socket.socket", "socket.socket"],
  ["socket.create_connection", "socket.socket"],
  ["socket.create_server", "socket.socket"],
  // The file over a socket reads and writes through it: it blocks when the socket does.
  ["socket.socket.makefile", "socket.SocketFile"],
  ["smtplib.SMTP", "smtplib.SMTP"],
  ["smtplib.SMTP_SSL", "smtplib.SMTP"],
  ["smtplib.LMTP", "smtplib.SMTP"],
  ["ftplib.FTP", "ftplib.FTP"],
  ["ftplib.FTP_TLS", "ftplib.FTP"],
  ["concurrent.futures.ThreadPoolExecutor", "concurrent.futures.Executor"],
  ["concurrent.futures.ProcessPoolExecutor", "concurrent.futures.Executor"],
]);

/**
 * Types known from an annotation (`client: httpx.Client`, `Optional[requests.Session]`), by the
 * names they are written with, besides the types above. A socket is left out: an annotation says
 * nothing about its blocking mode, which its construction does.
 */
export const ANNOTATION_TYPES: ReadonlyMap<string, string> = new Map([
  ["asyncio.AbstractEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.BaseEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.events.AbstractEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.base_events.BaseEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.unix_events.SelectorEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.SelectorEventLoop", "asyncio.AbstractEventLoop"],
  ["asyncio.ProactorEventLoop", "asyncio.AbstractEventLoop"],
  ["uvloop.Loop", "asyncio.AbstractEventLoop"],
  ["requests.sessions.Session", "requests.Session"],
  ["httpx._client.Client", "httpx.Client"],
  ["urllib3.connectionpool.ConnectionPool", "urllib3.HTTPConnectionPool"],
  ["urllib3.request.RequestMethods", "urllib3.PoolManager"],
  ["urllib3._request_methods.RequestMethods", "urllib3.PoolManager"],
  ["paramiko.client.SSHClient", "paramiko.SSHClient"],
  ["netmiko.base_connection.BaseConnection", "netmiko.BaseConnection"],
]);

/** Methods that are coroutine functions, by the canonical type of their receiver. */
export const COROUTINE_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["asyncio.Queue", new Set(["put", "get", "join"])],
  ["asyncio.Lock", new Set(["acquire"])],
  ["asyncio.Event", new Set(["wait"])],
  ["asyncio.Semaphore", new Set(["acquire"])],
  ["asyncio.Condition", new Set(["acquire", "wait", "wait_for"])],
  ["asyncio.StreamWriter", new Set(["drain", "wait_closed", "start_tls"])],
  ["asyncio.StreamReader", new Set(["read", "readline", "readexactly", "readuntil"])],
  ["asyncio.subprocess.Process", new Set(["wait", "communicate"])],
  [
    "asyncio.AbstractEventLoop",
    new Set(["sock_recv", "sock_sendall", "sock_connect", "sock_accept", "getaddrinfo", "create_connection", "create_server", "shutdown_asyncgens"]),
  ],
  ["asyncssh.SSHClientConnection", new Set(["run", "wait_closed", "create_process", "start_sftp_client"])],
]);

/** Libraries whose coroutines only an asyncio loop can run: awaiting them under trio raises. */
export const ASYNCIO_ONLY_MODULES = ["asyncio.", "asyncssh."];

/** Calls that return a task the event loop holds only weakly (AL302). */
export const TASK_SPAWNERS = new Set(["asyncio.create_task", "asyncio.ensure_future", "asyncio.AbstractEventLoop.create_task"]);

/** Calls that run a coroutine to completion on a new or stopped loop (AL401). */
export const LOOP_RUNNERS = new Set(["asyncio.run", "asyncio.AbstractEventLoop.run_until_complete"]);

/**
 * When a call of a blocking API blocks only in some uses, what the call must show:
 * - `wait-mode`: `os.spawn*` waits for the child only with `os.P_WAIT` (`P_NOWAIT` starts it and returns, like `Popen`);
 * - `no-wnohang`: `os.waitpid`/`wait3`/`wait4`/`waitid` return at once with `os.WNOHANG` in their options;
 * - `host-given`: `smtplib.SMTP(host)` and `ftplib.FTP(host)` connect in the constructor only when given a host;
 * - `blocking-socket`: a socket method blocks unless the socket was made non-blocking (`setblocking(False)`, `settimeout(0)`);
 * - `resolves-names`: `socket.getaddrinfo` asks DNS unless its flags hold `AI_NUMERICHOST` (then it only parses an address).
 */
export type BlockingCondition = "wait-mode" | "no-wnohang" | "host-given" | "blocking-socket" | "resolves-names";

export interface BlockingCall {
  /** What to use instead under asyncio, shown in the message (localizable). */
  instead: string;
  /** Blocks only when the call shows this (see BlockingCondition). */
  when?: BlockingCondition;
  /** The same under trio and under anyio (code only, not translated); a worker thread when not given. */
  trio?: string;
  anyio?: string;
}

const SUBPROCESS = localizable("`asyncio.create_subprocess_exec` (or `create_subprocess_shell`)");
const HTTP = localizable("`httpx.AsyncClient` or `aiohttp`");
const SSH = localizable("`asyncssh` or scrapli's async driver (`AsyncScrapli`)");

/** trio's and anyio's remedies where they have their own API (aiohttp and asyncssh are asyncio's alone). */
const PROCESS_ELSEWHERE = { trio: "`await trio.run_process(…)`", anyio: "`await anyio.run_process(…)`" };
const HTTP_ELSEWHERE = { trio: "`httpx.AsyncClient`", anyio: "`httpx.AsyncClient`" };
const TCP_ELSEWHERE = { trio: "`trio.open_tcp_stream`", anyio: "`anyio.connect_tcp`" };

function entries(names: string[], instead: string, elsewhere: { trio?: string; anyio?: string; when?: BlockingCondition } = {}): [string, BlockingCall][] {
  return names.map((name) => [name, { instead, ...elsewhere }]);
}

const SPAWNS = ["spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"].map((f) => `os.${f}`);
/** `os.wait()` takes no options and always waits; the others wait unless told `WNOHANG`. */
const WAITS_WITH_OPTIONS = ["waitpid", "wait3", "wait4", "waitid"].map((f) => `os.${f}`);
const SMTP_METHODS = ["connect", "helo", "ehlo", "ehlo_or_helo_if_needed", "starttls", "login", "auth", "sendmail", "send_message", "mail", "rcpt", "data", "docmd", "noop", "rset", "verify", "expn", "quit"];
const FTP_METHODS = [
  "connect", "login", "cwd", "pwd", "nlst", "dir", "mlsd", "size", "delete", "rename", "mkd", "rmd",
  "retrbinary", "retrlines", "storbinary", "storlines", "sendcmd", "voidcmd", "transfercmd", "ntransfercmd", "abort", "quit",
];
const URLLIB3_METHODS = ["request", "urlopen", "request_encode_url", "request_encode_body"];
/** Methods that wait for the peer on a blocking socket (`makefile` only wraps it; reading the file is what waits). */
const SOCKET_METHODS = ["connect", "accept", "recv", "recvfrom", "recv_into", "recvfrom_into", "recvmsg", "recvmsg_into", "send", "sendall", "sendto", "sendmsg", "sendfile"];
const RESOLVER = localizable("`await loop.getaddrinfo(…)` (`loop = asyncio.get_running_loop()`)");
const RESOLVER_ELSEWHERE = { trio: "`await trio.socket.getaddrinfo(…)`", anyio: "`await anyio.getaddrinfo(…)`" };

const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "request"];

/** AL102's table: canonical dotted name of a blocking callable -> its async alternative. */
export const BLOCKING_CALLS: ReadonlyMap<string, BlockingCall> = new Map([
  ...entries(
    // `Popen(…)` itself only starts the process and returns; waiting for it is what blocks.
    [...["run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"].map((f) => `subprocess.${f}`), "subprocess.Popen.wait", "subprocess.Popen.communicate"],
    SUBPROCESS,
    PROCESS_ELSEWHERE,
  ),
  ...entries(["os.system", "os.popen"], "`asyncio.create_subprocess_shell`", PROCESS_ELSEWHERE),
  ...entries(SPAWNS, SUBPROCESS, { ...PROCESS_ELSEWHERE, when: "wait-mode" }),
  ...entries(["os.wait"], localizable("`asyncio.create_subprocess_exec` and `await proc.wait()`, or `await asyncio.to_thread(os.wait)`")),
  ...entries(WAITS_WITH_OPTIONS, localizable("`asyncio.create_subprocess_exec` and `await proc.wait()`, or `await asyncio.to_thread(…)`"), { when: "no-wnohang" }),
  ...entries(HTTP_VERBS.map((v) => `requests.${v}`), HTTP, HTTP_ELSEWHERE),
  ...entries([...HTTP_VERBS, "send"].map((v) => `requests.Session.${v}`), HTTP, HTTP_ELSEWHERE),
  ...entries(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"].flatMap((v) => [`httpx.${v}`, `httpx2.${v}`]), "`httpx.AsyncClient`", HTTP_ELSEWHERE),
  // `close()` shuts the pooled connections down over the network (TLS close, HTTP/2 GOAWAY) too.
  ...entries(["get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "close"].map((v) => `httpx.Client.${v}`), "`httpx.AsyncClient`", HTTP_ELSEWHERE),
  ...entries(["urllib.request.urlopen"], HTTP, HTTP_ELSEWHERE),
  ...entries(["urllib3.request", ...URLLIB3_METHODS.flatMap((m) => [`urllib3.PoolManager.${m}`, `urllib3.HTTPConnectionPool.${m}`])], HTTP, HTTP_ELSEWHERE),
  ...entries(["gethostbyname", "gethostbyname_ex"].map((f) => `socket.${f}`), RESOLVER, RESOLVER_ELSEWHERE),
  ...entries(["socket.getaddrinfo"], RESOLVER, { ...RESOLVER_ELSEWHERE, when: "resolves-names" }),
  ...entries(["socket.gethostbyaddr", "socket.getfqdn"], localizable("`await asyncio.to_thread(…)`")),
  ...entries(["socket.getnameinfo"], localizable("`await loop.getnameinfo(…)` (`loop = asyncio.get_running_loop()`)"), {
    trio: "`await trio.socket.getnameinfo(…)`",
    anyio: "`await anyio.getnameinfo(…)`",
  }),
  ...entries(["socket.create_connection"], "`asyncio.open_connection`", TCP_ELSEWHERE),
  ...entries(
    SOCKET_METHODS.map((m) => `socket.socket.${m}`),
    localizable("`asyncio.open_connection` streams, or the loop's `sock_*` methods on a non-blocking socket"),
    { trio: "`trio.socket` (its methods are awaited) or `trio.open_tcp_stream`", anyio: "`anyio.connect_tcp`", when: "blocking-socket" },
  ),
  ...entries(
    ["read", "readline", "readlines", "readinto", "write", "writelines", "flush"].map((m) => `socket.SocketFile.${m}`),
    localizable("`asyncio.open_connection` streams, or the loop's `sock_*` methods on a non-blocking socket"),
    { trio: "`trio.open_tcp_stream`", anyio: "`anyio.connect_tcp`", when: "blocking-socket" },
  ),
  ...entries(["smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"], "`aiosmtplib`", { when: "host-given" }),
  ...entries(SMTP_METHODS.map((m) => `smtplib.SMTP.${m}`), "`aiosmtplib`"),
  ...entries(["ftplib.FTP", "ftplib.FTP_TLS"], "`aioftp`", { when: "host-given" }),
  ...entries(FTP_METHODS.map((m) => `ftplib.FTP.${m}`), "`aioftp`"),
  ...entries(["input", "builtins.input"], localizable("`await asyncio.to_thread(input, …)` or an async console library such as `aioconsole`"), {
    trio: "`await trio.to_thread.run_sync(input, …)`",
    anyio: "`await anyio.to_thread.run_sync(input, …)`",
  }),
  ...entries(["paramiko.SSHClient.connect", "paramiko.SSHClient.exec_command"], "`asyncssh`"),
  ...entries(
    [
      "netmiko.ConnectHandler",
      "netmiko.BaseConnection.send_command",
      "netmiko.BaseConnection.send_command_timing",
      "netmiko.BaseConnection.send_config_set",
      "netmiko.BaseConnection.send_config_from_file",
      "netmiko.BaseConnection.enable",
      "netmiko.BaseConnection.save_config",
    ],
    SSH,
  ),
  ...entries(
    ["telnetlib.Telnet", "telnetlib.Telnet.open", "telnetlib.Telnet.read_until", "telnetlib.Telnet.read_all", "telnetlib.Telnet.expect"],
    localizable("`asyncio.open_connection` (or `telnetlib3`)"),
    TCP_ELSEWHERE,
  ),
  // `spawn(…)` starts the child and returns, like `Popen`; `expect` waits for its output.
  ...entries(["pexpect.run", "pexpect.spawn.expect", "pexpect.spawn.expect_exact"], localizable("`asyncio.create_subprocess_exec`, or `expect(…, async_=True)`")),
]);

/** Blocking sleeps (AL101). */
export const BLOCKING_SLEEPS = new Set(["time.sleep"]);

/** Where a callable argument is called as a plain function, its result dropped: a positional index and/or a keyword. */
export interface CallbackSlot {
  position?: number;
  keyword?: string;
}

/** Calls that take a sync callback (AL303): handing them a coroutine function creates a coroutine nobody awaits. `asyncio.to_thread` is only looked at where asyncio may drive the module. */
export const SYNC_CALLBACK_SLOTS: ReadonlyMap<string, CallbackSlot> = new Map<string, CallbackSlot>([
  ["threading.Thread", { position: 1, keyword: "target" }],
  ["threading.Timer", { position: 1, keyword: "function" }],
  ["asyncio.to_thread", { position: 0 }],
  ["atexit.register", { position: 0 }],
  ["signal.signal", { position: 1, keyword: "handler" }],
  ["concurrent.futures.Executor.submit", { position: 0 }],
  ["concurrent.futures.Executor.map", { position: 0 }],
]);

/** The callback slots above that belong to asyncio: where trio or anyio drives the module they are not asyncio's. */
export const ASYNCIO_CALLBACK_SLOTS = new Set(["asyncio.to_thread"]);

/** Event loop methods that call a sync callback, recognised by name on any receiver: no other common API has them. */
export const LOOP_CALLBACK_METHODS: ReadonlyMap<string, CallbackSlot> = new Map<string, CallbackSlot>([
  ["call_soon", { position: 0 }],
  ["call_soon_threadsafe", { position: 0 }],
  ["call_later", { position: 1 }],
  ["call_at", { position: 1 }],
  ["run_in_executor", { position: 1 }],
  ["add_signal_handler", { position: 1 }],
  ["add_reader", { position: 1 }],
  ["add_writer", { position: 1 }],
]);
