#!/usr/bin/env bash
# Step 2 of action.yml: lints the Dockerfiles and analyses the image with the inputs the action
# passes as PLIMSOLL_* variables; prints the chosen format in the log, writes SARIF to the
# sarif folder, appends the Markdown report to $GITHUB_STEP_SUMMARY when it is set, and exits
# with the larger of the two exit codes (0 clean, 1 findings or a failed gate, 2 could not run).
set -uo pipefail
bin="${PLIMSOLL_BIN:?PLIMSOLL_BIN is not set: the install step did not run}"
cd "${GITHUB_WORKSPACE:-.}"

words() { # split an input on spaces and new lines, no globbing
  local IFS=$' \n\t'
  set -f
  # shellcheck disable=SC2206
  out=($1)
  set +f
}

common=()
[ -n "${PLIMSOLL_CONFIG:-}" ] && common+=(--config "$PLIMSOLL_CONFIG")
[ -n "${PLIMSOLL_FAIL_ON:-}" ] && common+=(--fail-on "$PLIMSOLL_FAIL_ON")
format="${PLIMSOLL_FORMAT:-table}"
sarif_dir="${PLIMSOLL_SARIF:-}"
[ -n "$sarif_dir" ] && mkdir -p "$sarif_dir"
summary="${RUNNER_TEMP:-/tmp}/plimsoll-summary-$$.md"
: > "$summary"
worst=0
record() { # keep the larger exit code
  [ "$1" -gt "$worst" ] && worst="$1"
  return 0
}

if [ -n "${PLIMSOLL_DOCKERFILES:-}" ]; then
  words "$PLIMSOLL_DOCKERFILES"; paths=("${out[@]}")
  words "${PLIMSOLL_ARGS:-}"; extra=("${out[@]}")
  # Each -f pairs with the -o at its position: the format for the log (no -o) goes last.
  reports=(-f markdown -o "$summary.lint")
  [ -n "$sarif_dir" ] && reports+=(-f sarif -o "$sarif_dir/lint.sarif")
  reports+=(-f "$format")
  echo "::group::plimsoll lint ${paths[*]}"
  "$bin" lint "${paths[@]}" "${common[@]}" "${extra[@]}" "${reports[@]}"
  status=$?
  echo "::endgroup::"
  echo "plimsoll lint: exit code $status"
  record "$status"
  [ -f "$summary.lint" ] && cat "$summary.lint" >> "$summary"
fi

if [ -n "${PLIMSOLL_IMAGE:-}" ]; then
  words "${PLIMSOLL_IMAGE_ARGS:-}"; extra=("${out[@]}")
  reports=(-f markdown -o "$summary.image")
  [ -n "$sarif_dir" ] && reports+=(-f sarif -o "$sarif_dir/image.sarif")
  [ -n "${PLIMSOLL_HTML:-}" ] && reports+=(-f html -o "$PLIMSOLL_HTML")
  reports+=(-f "$format")
  echo "::group::plimsoll image $PLIMSOLL_IMAGE"
  "$bin" image "$PLIMSOLL_IMAGE" "${common[@]}" "${extra[@]}" "${reports[@]}"
  status=$?
  echo "::endgroup::"
  echo "plimsoll image: exit code $status"
  record "$status"
  if [ -f "$summary.image" ]; then
    [ -s "$summary" ] && printf '\n' >> "$summary"
    cat "$summary.image" >> "$summary"
  fi
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -s "$summary" ]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$worst"
    if [ -n "$sarif_dir" ] && compgen -G "$sarif_dir/*.sarif" >/dev/null; then echo "sarif=$sarif_dir"; else echo "sarif="; fi
    echo "summary=$summary"
  } >> "$GITHUB_OUTPUT"
fi
exit "$worst"
