#!/usr/bin/env bash
# `npm test`: build, typecheck, lint, unit tests (mocha under Node), then the host tests (mocha inside VS Code
# 1.100.3 through code-server) and the end-to-end tests (Chromium driving the workbench). Stops at the first
# failing stage. Ends with one line "N passed, N failed" summing the unit, host and e2e tests and the bounded
# reliability suites (test/suites: kill soak, backend faults, hostile inputs, concurrent writers; one count each).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI="${CI:-}" npm_config_update_notifier=false npm_config_fund=false
# The tokenizer's table cache of every test process (unit, CLI, engine in VS Code) stays in the checkout, not in ~/.cache.
export DISTILLERY_CACHE_DIR="${DISTILLERY_CACHE_DIR:-$PWD/.cache/distillery}"

results=test-results
mkdir -p "$results"
passed=0
failed=0
stage=start
started=$SECONDS

section() {
  stage="$1"
  printf '\n\033[1m==== %s ====\033[0m\n' "$1"
}

finish() {
  local rc=$?
  trap - EXIT
  printf '\n==== summary ====\n'
  if [ "$rc" -ne 0 ]; then
    printf 'stopped at stage "%s" (exit %d) after %d s\n' "$stage" "$rc" "$((SECONDS - started))"
    # a stage that is not a test suite failed: count it, so that the line never reads as a pass
    [ "$failed" -gt 0 ] || failed=1
  else
    printf 'all stages passed in %d s\n' "$((SECONDS - started))"
  fi
  printf '%d passed, %d failed\n' "$passed" "$failed"
  exit "$rc"
}
trap finish EXIT

# Adds the counts of a summary.json written by host-test.mjs / e2e-test.mjs.
add_summary() {
  local f="$1" p q
  [ -f "$f" ] || return 0
  p=$(node -p "require('./$f').passed")
  q=$(node -p "require('./$f').failed")
  passed=$((passed + p))
  failed=$((failed + q))
}

section build
npm run --silent build

section typecheck
npm run --silent typecheck

section lint
npm run --silent lint

# DISTILLERY_ISOLATED_UNIT=1 (set by .ci/run): the unit tests run from a copy of the tracked files in a folder with
# nothing beside it, so that a test reading ../shared (which a user's clone does not have) fails in CI too.
unit_dir=.
if [ -n "${DISTILLERY_ISOLATED_UNIT:-}" ]; then
  iso="$(mktemp -d "${TMPDIR:-/tmp}/distillery-isolated-XXXXXX")"
  unit_dir="$iso/distillery"
  mkdir "$unit_dir"
  git ls-files -z | xargs -0 cp --parents -t "$unit_dir"
  ln -s "$PWD/node_modules" "$unit_dir/node_modules"
  trap 'rc=$?; rm -rf "$iso"; (exit $rc); finish' EXIT
fi

section "unit tests (mocha)${DISTILLERY_ISOLATED_UNIT:+, from an isolated copy with no sibling folders}"
set +e
(cd "$unit_dir" && { [ "$unit_dir" = . ] || npm run --silent build; } && npx mocha --reporter spec) 2>&1 | tee "$results/unit.log"
unit_rc=${PIPESTATUS[0]}
set -e
# strip colour codes, then read mocha's own counts
clean=$(sed 's/\x1b\[[0-9;]*m//g' "$results/unit.log")
up=$(grep -Eo '^ *[0-9]+ passing' <<<"$clean" | tail -1 | grep -Eo '[0-9]+' || true)
uf=$(grep -Eo '^ *[0-9]+ failing' <<<"$clean" | tail -1 | grep -Eo '[0-9]+' || true)
passed=$((passed + ${up:-0}))
failed=$((failed + ${uf:-0}))
if [ "$unit_rc" -ne 0 ]; then
  [ "${uf:-0}" -gt 0 ] || failed=$((failed + 1))
  exit "$unit_rc"
fi

section "test prerequisites (apt packages, code-server, playwright-core)"
bash scripts/install-test-prereqs.sh

# Runs a VS Code suite (its script writes test-results/NAME/summary.json), adds its counts, stops on failure.
run_suite() {
  local name="$1" script="$2" rc
  rm -f "$results/$name/summary.json"
  set +e
  node "$script" "${@:3}"
  rc=$?
  set -e
  add_summary "$results/$name/summary.json"
  [ "$rc" -eq 0 ] || exit "$rc"
}

section "host tests (VS Code 1.100 via code-server)"
run_suite host scripts/host-test.mjs

section "end-to-end tests (Chromium)"
run_suite e2e scripts/e2e-test.mjs

section "reliability suites, bounded (full: npm run suites)"
run_suite suites test/suites/run.mjs --bounded
