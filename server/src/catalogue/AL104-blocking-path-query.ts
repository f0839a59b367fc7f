import type { RuleMeta } from "../engine/rule";

export const blockingPathQuery: RuleMeta = {
  code: "AL104",
  name: "blocking-path-query",
  defaultSeverity: { python: "off", typescript: "off" },
  summary: "A sync file-system query or metadata change (exists, stat, listdir, mkdir) inside an async function blocks the event loop.",
  whatItDoes:
    "Flags, called directly in an `async def`: `os.path.exists/lexists/isfile/isdir/islink/ismount/getsize/getmtime/getatime/getctime/" +
    "samefile/realpath`, `os.stat/lstat/listdir/scandir/walk/access`, `os.mkdir/makedirs/remove/unlink/rmdir/rename/replace/chmod/" +
    "chown/symlink/readlink/utime`, `glob.glob/iglob`, `shutil.disk_usage/which/chown/copymode/copystat`, and on a `pathlib` path " +
    "(known as for AL103) `exists()`, `is_file()`, `is_dir()`, `stat()`, `iterdir()`, `glob()`, `rglob()`, `resolve()`, `mkdir()`, " +
    "`touch()`, `unlink()`, `rename()`, `replace()`, `chmod()` and the like. " +
    "Pure path arithmetic touches no disk and is not flagged: `os.path.join`, `normpath`, `basename`, `dirname`, `splitext`, " +
    "`Path.parent`, `with_suffix`; nor are `abspath`/`Path.absolute()` (they read the process's current folder, not the disk) and " +
    "`expanduser` (an environment variable). Functions handed to `asyncio.to_thread`/`run_in_executor` (not a call written in their place, `asyncio.to_thread(os.path.exists(p))`, which runs on the loop first), code in a nested sync `def` or " +
    "`lambda`, awaited calls (`aiofiles.os.path.exists`), `anyio.Path` and `trio.Path` are not flagged either. ",
  whyIsThisBad:
    "Each of these is a system call that waits for the file system. On a local disk with a warm cache that is microseconds and " +
    "harmless; on a network share, a slow or busy disk, or a folder with many thousands of entries (`listdir`, `glob`, `rglob`) it " +
    "stalls every task on the loop. Off by default: on ten real async projects its 14 findings outside test code were all true and " +
    "none worth acting on (a stat before binding a Unix socket, an SFTP client's local file system, an example's `resolve()`), nor " +
    "were 40 sampled in tests. Turn it on for code that may meet slow or network disks; it stays off in test code " +
    "(`asynclint.testRules`) unless you change that too.",
  examples: [
    {
      language: "python",
      bad:
        "import os\n\nasync def latest_backup(session, folder):\n    names = sorted(os.listdir(folder))\n    return names[-1] if names else None\n",
      good:
        "import asyncio\nimport os\n\nasync def latest_backup(session, folder):\n    names = sorted(await asyncio.to_thread(os.listdir, folder))\n" +
        "    return names[-1] if names else None\n",
    },
  ],
  fix: "None: on a local disk such a call takes less time than handing it to a thread. Where the disk may be slow, wrap it in `await asyncio.to_thread(…)` or use `anyio.Path`/`trio.Path`.",
  aliases: ["ASYNC240"],
};
