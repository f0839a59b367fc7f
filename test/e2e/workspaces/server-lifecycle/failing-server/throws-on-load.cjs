// A language server that fails as a broken build or an unsupported Node would: it throws while
// loading, before it can answer `initialize`. The e2e suite points the extension at it through
// ASYNCLINT_SERVER_MODULE to check that a failed start is reported once and that Restart recovers.
throw new Error("e2e: this server throws on load");
