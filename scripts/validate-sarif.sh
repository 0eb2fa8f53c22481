#!/usr/bin/env bash
# Validates SARIF files: first against the SARIF 2.1.0 JSON schema (sarif-schema-check.mjs, as
# the multitool is silent about files it cannot read), then with Microsoft's SARIF validator
# (npm @microsoft/sarif-multitool) and GitHub code scanning's ingestion rules
# (`--rule-kind "Gh;Sarif"`). Prints every finding and a count per level; fails on any schema
# error, or any validator error or warning.
#   scripts/validate-sarif.sh FILE.sarif [FILE.sarif...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tool="$root/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
case "$(uname -s)" in
  Darwin) tool="$root/node_modules/@microsoft/sarif-multitool-darwin/Sarif.Multitool" ;;
esac
if [ $# -eq 0 ]; then
  echo "usage: $0 FILE.sarif [FILE.sarif...]" >&2
  exit 2
fi
if [ ! -f "$tool" ]; then
  echo "validate-sarif: $tool is missing; run npm install (devDependency @microsoft/sarif-multitool)" >&2
  exit 2
fi
# npm 11 skips the package's postinstall, which only makes the binary executable.
[ -x "$tool" ] || chmod u+x "$tool"
# A .NET single-file app: without libicu it needs invariant globalization.
if ! ldconfig -p 2>/dev/null | grep -q libicuuc; then export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "validate-sarif: $file: no such file" >&2
    status=2
    continue
  fi
  node "$root/scripts/sarif-schema-check.mjs" "$file" || status=1
  out="$tmp/validation.sarif"
  if ! "$tool" validate --rule-kind "Gh;Sarif" --level "Error;Warning;Note" --log ForceOverwrite --output "$out" "$file" >"$tmp/console.txt" 2>&1; then
    # The tool exits non-zero on errors; the log still says which.
    :
  fi
  if [ ! -s "$out" ]; then
    cat "$tmp/console.txt" >&2
    echo "validate-sarif: $file: the validator wrote no log" >&2
    status=2
    continue
  fi
  node --input-type=module - "$out" "$file" <<'JS' || status=1
import { readFileSync } from 'node:fs';
const [log, file] = process.argv.slice(2);
const run = JSON.parse(readFileSync(log, 'utf8')).runs[0];
const rules = run.tool.driver.rules ?? [];
const counts = { error: 0, warning: 0, note: 0 };
for (const r of run.results ?? []) {
  const level = r.level ?? rules[r.ruleIndex]?.defaultConfiguration?.level ?? 'warning';
  if (level in counts) counts[level]++;
  const rule = rules[r.ruleIndex] ?? {};
  let text = r.message.text;
  if (text === undefined && r.message.id) {
    text = rule.messageStrings?.[r.message.id]?.text ?? r.message.id;
    (r.message.arguments ?? []).forEach((a, i) => { text = text.replaceAll(`{${i}}`, a); });
  }
  const region = r.locations?.[0]?.physicalLocation?.region;
  console.log(`${file}${region ? `(${region.startLine},${region.startColumn ?? 1})` : ''}: ${level} ${r.ruleId}${rule.name ? ` ${rule.name}` : ''}: ${text}`);
}
for (const n of run.invocations?.[0]?.toolExecutionNotifications ?? []) {
  if (n.level === 'error') { counts.error++; console.log(`${file}: error (validator): ${n.message.text}`); }
}
console.log(`${file}: ${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes`);
process.exit(counts.error + counts.warning > 0 ? 1 : 0);
JS
done
exit $status
