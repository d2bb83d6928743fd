#!/usr/bin/env bash
# Installs what the host and end-to-end tests need, idempotently (a few seconds when already there):
#   - Debian packages: chromium (the browser Playwright drives), ripgrep, libkrb5-dev + pkg-config (code-server's kerberos build), bubblewrap (the code verifier's sandbox)
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest line that runs on Node 20) and playwright-core
#     into the ignored folder .vscode-test/code-server
# Runs non-interactively (CI=true, no stdin, as root).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium ripgrep libkrb5-dev pkg-config bubblewrap)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.vscode-test/code-server"
start=$SECONDS
log() { printf '[prereqs] %s\n' "$*" >&2; }

export DEBIAN_FRONTEND=noninteractive
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false \
  npm_config_update_notifier=false

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo -n); else sudo_cmd=(); fi
fi

# 1. Debian packages (skipped, with no apt-get update, when all are installed).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  # apt and debconf talk on stderr even with -qq (e.g. "debconf: delaying package configuration"): keep their
  # output in a log and show it only when the install fails.
  apt_log="$(mktemp)"
  if ! { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    log "apt-get failed (output above)"
    exit 1
  fi
  rm -f "$apt_log"
else
  log "apt: ${APT_PACKAGES[*]} already installed"
fi

# 2. @vscode/ripgrep (a code-server dependency) downloads rg from a code host in its install script;
#    hand it Debian's rg through its own cache so that the download never happens.
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tar" ]; then
  mkdir -p "$rg_cache"
  tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$rg_tar" -C "$tmp" rg
  rm -rf "$tmp"
  log "ripgrep cache seeded: $rg_tar"
fi

# 3. code-server + playwright-core, reached through .vscode-test/code-server (ignored). The install itself lives in a
#    machine-wide cache keyed by the versions, so a fresh clone on the same machine (CI) links it in seconds;
#    DISTILLERY_TOOLS_CACHE=none installs straight into .vscode-test/code-server instead.
cache_root="${DISTILLERY_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/distillery-test-tools}"
key="code-server-$CODE_SERVER_VERSION-playwright-$PLAYWRIGHT_VERSION-node-$(node -p 'process.versions.modules')"

installed_version() { node -p "try { require('$1/node_modules/$2/package.json').version } catch { '' }" 2>/dev/null; }
complete() { # a finished install of the pinned versions in $1
  [ -f "$1/.install-complete" ] &&
    [ "$(installed_version "$1" code-server)" = "$CODE_SERVER_VERSION" ] &&
    [ "$(installed_version "$1" playwright-core)" = "$PLAYWRIGHT_VERSION" ] &&
    [ -f "$1/node_modules/code-server/lib/vscode/package.json" ]
}
install_into() { # npm install into $1 (its native modules build with the machine's g++)
  log "npm: installing code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $1 (builds native modules; a few minutes the first time)"
  rm -rf "$1"
  mkdir -p "$1"
  cat >"$1/package.json" <<JSON
{
  "name": "distillery-test-tools",
  "private": true,
  "description": "Test-only tools for Distillery's host and e2e tests (see scripts/install-test-prereqs.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_VERSION" }
}
JSON
  (cd "$1" && npm install --loglevel=error --no-package-lock </dev/null)
  [ -f "$1/node_modules/code-server/lib/vscode/package.json" ] || { log "code-server's install did not complete (lib/vscode missing)"; exit 1; }
  touch "$1/.install-complete"
}

if complete "$dir"; then
  log "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION already in .vscode-test/code-server"
elif [ "$cache_root" = none ]; then
  install_into "$dir"
else
  cached="$cache_root/$key"
  if complete "$cached"; then
    log "code-server $CODE_SERVER_VERSION from the machine cache $cached"
  else
    install_into "$cached"
  fi
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  ln -s "$cached" "$dir"
fi

for b in /usr/bin/chromium "$dir/node_modules/.bin/code-server"; do
  [ -x "$b" ] || { log "missing after install: $b"; exit 1; }
done
log "ready in $((SECONDS - start)) s"
