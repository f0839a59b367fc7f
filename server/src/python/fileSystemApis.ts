/**
 * The standard library's blocking file-system API, split by what it costs: AL103 for reading and
 * writing file contents and copying trees (as slow as the disk and the data), AL104 for metadata:
 * a stat, a listing, a mkdir or rename (a few system calls, quick on a local disk). Names are
 * canonical dotted paths; methods are by name on a receiver known to be a `pathlib` path or a
 * file object (see pathValues.ts). Pure path arithmetic (`os.path.join`, `normpath`, `basename`,
 * `Path.parent`, `with_suffix`) touches no disk and is in neither list; neither is `abspath` /
 * `Path.absolute()` (the process's current folder, no disk access) nor `expanduser` (an
 * environment variable).
 */

/** Calls that open a file object whose reads and writes block (AL103). */
export const FILE_OPENERS = new Set(["open", "io.open", "io.open_code", "codecs.open"]);

/**
 * Calls that wrap a descriptor the code already has in a sync file object. The call itself touches
 * no disk, and in async code the file is mostly a pipe or socket handed on to asyncio's pipe
 * transports (`loop.connect_read_pipe`), which do not block: the call is not reported (all five such
 * findings on real code were wrong), but the reads and writes made on the file are (a sync read of
 * a pipe waits for the writer, a blocking write for a reader).
 */
export const DESCRIPTOR_WRAPPERS = new Set(["os.fdopen"]);

/** Module functions that read, write or copy file contents (AL103); each runs whole in a worker thread. */
export const FILE_IO_FUNCTIONS = new Set([
  ...["copy", "copy2", "copyfile", "copyfileobj", "copytree", "move", "rmtree", "make_archive", "unpack_archive"].map((f) => `shutil.${f}`),
  // Wait until the disk has the data.
  "os.fsync",
  "os.fdatasync",
]);

/** `pathlib.Path` methods that read or write a whole file (AL103). */
export const PATH_IO_METHODS = new Set(["read_text", "read_bytes", "write_text", "write_bytes"]);

/** Methods of a sync file object that wait for the disk (AL103). */
export const FILE_OBJECT_METHODS = new Set(["read", "read1", "readinto", "readline", "readlines", "write", "writelines", "flush", "truncate"]);

/** File-system metadata calls (AL104): queries, listings and changes of names and folders. */
export const PATH_QUERY_FUNCTIONS = new Set([
  ...["exists", "lexists", "isfile", "isdir", "islink", "ismount", "isjunction", "getsize", "getmtime", "getatime", "getctime", "samefile", "sameopenfile", "realpath"].map(
    (f) => `os.path.${f}`,
  ),
  ...[
    "stat",
    "lstat",
    "listdir",
    "scandir",
    "walk",
    "access",
    "mkdir",
    "makedirs",
    "remove",
    "unlink",
    "rmdir",
    "removedirs",
    "rename",
    "renames",
    "replace",
    "chmod",
    "chown",
    "lchown",
    "symlink",
    "link",
    "readlink",
    "utime",
    "statvfs",
  ].map((f) => `os.${f}`),
  "glob.glob",
  "glob.iglob",
  ...["disk_usage", "which", "chown", "copymode", "copystat"].map((f) => `shutil.${f}`),
]);

/** `pathlib.Path` methods that ask or change the file system's metadata (AL104). */
export const PATH_QUERY_METHODS = new Set([
  "exists",
  "is_file",
  "is_dir",
  "is_symlink",
  "is_mount",
  "is_socket",
  "is_fifo",
  "is_block_device",
  "is_char_device",
  "is_junction",
  "stat",
  "lstat",
  "owner",
  "group",
  "iterdir",
  "glob",
  "rglob",
  "walk",
  "resolve",
  "samefile",
  "readlink",
  "mkdir",
  "touch",
  "unlink",
  "rmdir",
  "rename",
  "replace",
  "chmod",
  "lchmod",
  "symlink_to",
  "hardlink_to",
]);

/** Calls that return an iterator which does its blocking work while it is iterated: running the call in a thread would not help. */
export const LAZY_LISTINGS = new Set(["os.walk", "os.scandir", "glob.iglob", "iterdir", "glob", "rglob", "walk"]);

/** Wrappers that turn a sync file into an async one (the open they are given is their library's idiom). */
export const FILE_WRAPPERS = new Set(["trio.wrap_file", "anyio.wrap_file"]);
