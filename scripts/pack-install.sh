#!/usr/bin/env bash
# Packs plimsoll as npm would publish it and installs the tarball into DEST (a folder of its own,
# nothing else there), with its dependencies from the registry. Prints the path of the installed
# `plimsoll` command. Used by the GitHub action (action.yml) and by the pack test (.ci/run).
#
#   scripts/pack-install.sh DEST
#
# Builds first when dist/ is missing (npm ci when node_modules is too).
set -euo pipefail
dest="${1:?usage: scripts/pack-install.sh DEST}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -f dist/src/cli.js ] || [ ! -f dist/src/report/html/generated-assets.js ]; then
  [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >&2
  npm run build --silent >&2
fi
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
pack_dir="$(mktemp -d)"
trap 'rm -rf "$pack_dir"' EXIT
# Built above (or by npm test): --ignore-scripts skips prepack's second build.
tarball="$(npm pack --silent --ignore-scripts --pack-destination "$pack_dir" | tail -n 1)"
# A package.json of its own, so npm installs here and not in a parent folder's project.
[ -f "$dest/package.json" ] || echo '{ "name": "plimsoll-install", "private": true }' > "$dest/package.json"
npm install --prefix "$dest" --no-audit --no-fund --loglevel=error --omit=dev "$pack_dir/$tarball" >&2
echo "$dest/node_modules/.bin/plimsoll"
