#!/usr/bin/env bash
# The package as npm users get it: `npm pack`, install the tarball into an empty folder (with its
# dependencies from the registry, nothing from this checkout), then run the installed command
# from another empty folder on the examples it ships. Run by .ci/run. ~20 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$("$root/scripts/pack-install.sh" "$work/install")"
pkg="$work/install/node_modules/plimsoll"
mkdir "$work/run"
cd "$work/run"
fail() { echo "pack test: $*" >&2; exit 1; }

want="$(node -p "require('$root/package.json').version")"
got="$("$bin" --version)"
[ "$got" = "$want" ] || fail "plimsoll --version printed '$got', expected '$want'"

# The bundled Dockerfile has findings: exit 1, and the rule pages ship (the SARIF embeds them).
set +e
"$bin" lint "$pkg/examples/webapp/Dockerfile" -f sarif -o lint.sarif
status=$?
set -e
[ "$status" -eq 1 ] || fail "plimsoll lint examples/webapp/Dockerfile exited $status, expected 1 (findings)"
node -e '
  const run = JSON.parse(require("fs").readFileSync("lint.sarif", "utf8")).runs[0];
  if (run.results.length === 0) throw new Error("no results in lint.sarif");
  const df001 = run.tool.driver.rules.find((r) => r.id === "DF001");
  if (!df001 || !/What it checks/.test(df001.help.markdown)) throw new Error("rules-docs missing from the package: DF001 has no help page");
' || fail "lint.sarif is not what it should be"

# The bundled image archive: layers, waste and findings (exit 1), and an HTML report.
set +e
"$bin" image "$pkg/examples/images/webapp.tar" -f html -o report.html -f table > image.txt
status=$?
set -e
[ "$status" -eq 1 ] || fail "plimsoll image examples/images/webapp.tar exited $status, expected 1 (findings)"
grep -q '^Layers' image.txt || fail "no layer table in the image report"
grep -q 'reclaimable' image.txt || fail "no waste summary in the image report"
grep -q 'id="plimsoll-final"' report.html || fail "the HTML report has no file tree"

"$bin" rules DF001 | grep -q '^# DF001' || fail "plimsoll rules DF001 printed no documentation"
echo "pack test: plimsoll $got installed from its tarball ($(du -sh "$pkg" | cut -f1)); --version, lint, image, html and rules work"
