#!/usr/bin/env bash
# Step 1 of action.yml: packs plimsoll from the action's own folder and installs the tarball
# into the runner's temp folder, as `npm install plimsoll` would, then hands the command's path
# to the next step through $GITHUB_ENV.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${RUNNER_TEMP:-$(mktemp -d)}/plimsoll-cli"
bin="$("$here/../pack-install.sh" "$dest")"
"$bin" --version >/dev/null
echo "PLIMSOLL_BIN=$bin" >> "${GITHUB_ENV:?GITHUB_ENV is not set: run this as a GitHub Actions step}"
echo "plimsoll $("$bin" --version) installed at $bin"
