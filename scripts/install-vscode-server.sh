#!/usr/bin/env bash
# Installs a real VS Code server (the one inside the npm package code-server) into .vscode-test-server/
# for the extension-host tests, the UI tests and `npm run demo`. Offline-friendly: needs only the npm
# registry and Debian's apt. Idempotent: a verified install is left alone.
set -euo pipefail
CS_VERSION=${CS_VERSION:-4.100.3}   # newest code-server (VS Code 1.100.3) whose engines allow Node 20
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS_DIR=${CS_DIR:-$ROOT/.vscode-test-server}
CS_PKG="$CS_DIR/node_modules/code-server"

# Starts server-main.js on a free port and asks /version; proves the install (and its natives) load.
verify() {
  [ -f "$CS_PKG/lib/vscode/out/server-main.js" ] || return 1
  node "$ROOT/scripts/verify-vscode-server.mjs" "$CS_PKG"
}

if [ -f "$CS_DIR/.installed-$CS_VERSION" ] && verify >/dev/null 2>&1; then
  echo "VS Code server (code-server $CS_VERSION) already installed in $CS_DIR"; exit 0
fi

need=(); command -v chromium >/dev/null || need+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)   # the kerberos native module builds against it
command -v rg >/dev/null || need+=(ripgrep)                   # replaces @vscode/ripgrep's GitHub download
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else echo "missing Debian packages: ${need[*]} (apt-get install them as root)" >&2; exit 1; fi
fi

# node-gyp must build against the local Node headers (Debian's nodejs keeps them under /usr/include/node);
# otherwise it downloads them from nodejs.org, which is not reachable here.
export npm_config_nodedir=${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}
# @vscode/ripgrep's postinstall downloads rg from GitHub, but first looks in
# $TMPDIR/vscode-ripgrep-cache-<its version>/<asset>: seed that with Debian's rg for the versions in use.
TMPDIR=$(mktemp -d); export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
for v in 1.15.9 1.15.10 1.15.11 1.15.12; do
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
  for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz; do
    tar czf "$TMPDIR/vscode-ripgrep-cache-$v/$asset" -C "$(dirname "$(command -v rg)")" rg
  done
done

mkdir -p "$CS_DIR" && cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"vscode-test-server","private":true}' > package.json
# --unsafe-perm: code-server's postinstall.sh refuses to run as root without it.
# npm_config_yes: node-pty's install runs `npx node-gyp`, which must not prompt.
# npm 11's install-script policy (`allowScripts`): 11.19 still runs unlisted dependencies' scripts with a
# warning, but stricter settings/versions skip them, and then code-server's postinstall (which builds VS Code's
# natives in lib/vscode through nested npm runs that inherit npm_config_*) never runs and the server is broken.
# The allowance is scoped to this one pinned install in its own folder, never the project's dependencies;
# verify() below checks the result either way.
npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
  npm install --unsafe-perm=true --no-audit --no-fund "code-server@$CS_VERSION"

if ! verify; then
  echo "code-server $CS_VERSION installed but its VS Code server does not start (see above)" >&2; exit 1
fi
touch "$CS_DIR/.installed-$CS_VERSION"
echo "VS Code server (code-server $CS_VERSION) ready in $CS_DIR"
