import type { RuleMeta } from "../engine/rule";

export const blockingFileIo: RuleMeta = {
  code: "AL103",
  name: "blocking-file-io",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "Reading, writing or copying files with the sync API inside an async function stops the event loop.",
  whatItDoes:
    "Flags, called directly in an `async def`: `open()`, `io.open`, `io.open_code`, `codecs.open`; on a `pathlib` path, " +
    "`open()`, `read_text()`, `read_bytes()`, `write_text()`, `write_bytes()`; `shutil`'s copies, moves, `rmtree` and archives; " +
    "`os.fsync`/`os.fdatasync`; and `read`/`write`/`readline(s)`/`writelines`/`flush`/`truncate` on a sync file object that was " +
    "opened elsewhere (a parameter annotated `io.TextIOWrapper`, a module-level file, `self.log = open(…)`). A file opened in the " +
    "same coroutine is reported once, at its `open`; a file opened in a thread (`f = await asyncio.to_thread(open, name)`, " +
    "`loop.run_in_executor(None, open, name)`) keeps its reads and writes reported, since moving only the open off the loop " +
    "leaves them blocking. A path is known from its construction (`Path(…)`, `Path.cwd()`, `base / \"x\"`, " +
    "`.parent`, `.with_suffix(…)`, followed through local names and `self.` attributes whose every binding agrees) or from an " +
    "annotation (`path: Path`, `Optional[Path]`, `Path | None`). " +
    "Not flagged: functions handed to `asyncio.to_thread` / `loop.run_in_executor` (but a call written in their place, `asyncio.to_thread(path.read_text())`, runs on the loop first and is flagged), code in a nested sync `def` or `lambda`, " +
    "`aiofiles`, `anyio.Path`, `trio.Path`, an `open()` inside `trio.wrap_file(…)` / `anyio.wrap_file(…)`, and a call that is " +
    "itself awaited (then it is not the sync API). Nor is the `os.fdopen` call itself: it wraps a descriptor the code already holds, in " +
    "async code mostly a pipe or socket handed on to asyncio's pipe transports, which do not block; the sync reads and writes " +
    "made on the file it returns are flagged. Metadata calls (`exists()`, `stat()`, " +
    "`mkdir()`) are AL104. Off in test code by default (`asynclint.testRules`): there file I/O is setup and checking.",
  whyIsThisBad:
    "A disk read or write blocks the thread until the disk answers: milliseconds on a local SSD, seconds on a network share, a " +
    "busy disk or a large file. While it waits, no other coroutine runs: a bot stops answering while it writes a log, and a backup " +
    "job that saves a hundred router configs from one event loop saves them one at a time, however many sessions it opened.",
  throughHelpers:
    "A plain sync function or method whose body opens, reads, writes or copies files as above is flagged where a coroutine calls it: `async def deploy(): cfg = read_config(path)` with `def read_config(path): with open(path) as f: return f.read()` gives `read_config()` blocks the event loop in `async def deploy`: it calls `open`. The helper may be in the same module, a `self.`/`cls.` method, a class whose `__init__` reads a file, or a function imported from another module of the workspace or from a package installed in the workspace's virtual environment (a folder with a `pyvenv.cfg`, read and never run); and the chain may pass through further sync helpers (five calls deep at most, cycles included). The message names the chain and where it ends in another module, and the blocking call is attached as related information (the editor lists it under the problem; the JSON and SARIF outputs carry it as `related` / `relatedLocations`). Not flagged: a helper handed to a thread (`asyncio.to_thread(helper)`, `Thread(target=helper)`), an awaited call, a generator, a helper under a decorator asynclint does not know (it may run the body in a thread), a signature under `if TYPE_CHECKING:` (its body never runs), a blocking call in a nested `def` the helper only returns, and one behind `if dry_run:` (or `if not p: return`) when the call passes a literal, or leaves a literal default, that rules the branch out. Its fix, unsafe, runs the helper in a thread: `await asyncio.to_thread(helper, \u2026)`.",
  examples: [
    {
      language: "python",
      bad:
        "from pathlib import Path\n\nasync def save_config(session, host, folder: Path):\n    config = await session.send(\"show running-config\")\n" +
        "    (folder / f\"{host}.cfg\").write_text(config)\n",
      good:
        "import asyncio\nfrom pathlib import Path\n\nasync def save_config(session, host, folder: Path):\n    config = await session.send(\"show running-config\")\n" +
        "    await asyncio.to_thread((folder / f\"{host}.cfg\").write_text, config)\n",
    },
    {
      language: "python",
      bad: "import json\n\nasync def load_inventory(path):\n    with open(path) as f:\n        return json.load(f)\n",
      good:
        "import asyncio\nimport json\n\ndef read_inventory(path):\n    with open(path) as f:\n        return json.load(f)\n\n" +
        "async def load_inventory(path):\n    return await asyncio.to_thread(read_inventory, path)\n",
    },
  ],
  fix:
    "On a path, `read_text`/`read_bytes`/`write_text`/`write_bytes` become `await asyncio.to_thread(path.read_text, …)`, and the " +
    "`shutil` and `os.fsync` calls `await asyncio.to_thread(shutil.copy, …)` (Python 3.9 or later). In a trio or anyio module " +
    "(where the module surely runs on it) the path methods become `await trio.Path(path).read_text(…)` (`anyio.Path` likewise) and the " +
    "others `await trio.to_thread.run_sync(…)` for calls without keyword arguments. Unsafe: other tasks now run until the call " +
    "finishes, and they may see the file half-written. `open()` has no automatic fix: the reads and writes on the file belong in the " +
    "same thread (move the block into a sync function and run that with `asyncio.to_thread`), or use `aiofiles`.",
  aliases: ["ASYNC230", "ASYNC231", "ASYNC232"],
};
