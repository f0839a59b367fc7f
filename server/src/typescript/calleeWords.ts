/**
 * What a callee's name says it does, read from the words of its name (`fetchUserById`: fetch,
 * user, by, id; `send_command`: send, command). AL201/AL202 need positive evidence that calls may
 * overlap: a name that reads (fetch, load, stat) is some; a name that acts on the world (send,
 * write, create, migrate) says the order may be observed through a side channel (a server, a
 * file, a database row) even when no name flows from one call to the next.
 */
export type CalleeIntent = "effect" | "read" | "neutral";

/** Verbs whose calls change something another call may observe, or that order what follows them. */
const EFFECT_WORDS = new Set([
  "start", "restart", "stop", "write", "send", "create", "connect", "disconnect", "reconnect", "register", "unregister",
  "insert", "update", "upsert", "delete", "del", "remove", "publish", "close", "wait", "sleep", "delay", "migrate",
  "exec", "execute", "query", "run", "save", "store", "persist", "put", "post", "patch", "set", "add", "push", "pop",
  "shift", "emit", "notify", "login", "logout", "signin", "signup", "open", "init", "initialize", "install", "uninstall",
  "setup", "teardown", "destroy", "dispose", "kill", "drop", "truncate", "clear", "reset", "commit", "rollback", "begin",
  "lock", "unlock", "acquire", "release", "flush", "drain", "upload", "copy", "move", "rename", "mkdir", "rmdir", "rm",
  "unlink", "append", "enqueue", "dequeue", "poll", "retry", "listen", "subscribe", "unsubscribe", "ack", "reply",
  "respond", "dispatch", "trigger", "invoke", "inject", "apply", "submit", "sync", "seed", "build", "make", "generate",
  "spawn", "fork", "deploy", "grant", "revoke", "approve", "reject", "cancel", "abort", "transfer", "charge", "pay",
  "mark", "increment", "decrement", "touch", "lease", "claim", "schedule", "handle", "process", "mutate", "assign",
]);

/** Verbs whose calls only look: fetching, loading, reading, resolving, checking. */
const READ_WORDS = new Set([
  "fetch", "prefetch", "get", "load", "preload", "read", "resolve", "stat", "lstat", "lookup", "find", "check", "list",
  "count", "search", "exists", "has", "validate", "verify", "parse", "compute", "calculate", "hash", "digest", "render",
  "convert", "download", "probe", "ping", "scan", "inspect", "measure", "select", "describe", "head", "retrieve",
  "collect",
]);

/** `fetchUserById` -> fetch, user, by, id; `getHTTPStatus` -> get, http, status; `send_command` -> send, command. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])(?=[A-Z][a-z])/g, "$1 ")
    .split(/[\s_$\d]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** An effect word anywhere in the name wins (`fetchAndStore` acts); else a read word makes it a read. */
export function calleeIntent(name: string): CalleeIntent {
  const words = nameWords(name);
  if (words.some((word) => EFFECT_WORDS.has(word))) return "effect";
  return words.some((word) => READ_WORDS.has(word)) ? "read" : "neutral";
}
