#!/usr/bin/env bash
# Runs the tests N times on a clean clone of the committed HEAD and reports every failure by test name, to find
# tests that fail by chance. Usage:
#   scripts/test-repeat.sh N                      # `make test`, N times
#   scripts/test-repeat.sh N tests/SomeProject    # `dotnet test` of one project (or .sln), N times
# Exit status: 0 when every run was green, 1 otherwise.
set -uo pipefail
runs=${1:?usage: test-repeat.sh N [PROJECT]}
project=${2:-}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "test-repeat: N must be a positive number, not '$runs'" >&2; exit 2; }

top=$(git rev-parse --show-toplevel) || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/test-repeat.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone --quiet "$top" "$work/repo" || exit 2
cd "$work/repo" || exit 2
echo "test-repeat: $runs run(s) of ${project:-make test} on a clean clone of $(git rev-parse --short HEAD) in $work/repo"

# Build once, so each run measures the tests and not the compiler.
dotnet build TenantOperator.sln -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }

green=0
declare -A failures=()
start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
  results="$work/results-$i"
  run_start=$(date +%s)
  if [[ -z $project ]]; then
    make test RESULTS="$results" >"$work/run-$i.log" 2>&1
  else
    dotnet test "$project" -c Release --no-build --logger trx --results-directory "$results" >"$work/run-$i.log" 2>&1
  fi
  rc=$?
  # Every test that did not pass, by name, from the TRX files (a crashed host leaves tests "NotExecuted" or none).
  failed=$(grep -ho '<UnitTestResult [^>]*' "$results"/*.trx 2>/dev/null \
    | grep -v 'outcome="Passed"' | grep -v 'outcome="NotExecuted"' \
    | sed -n 's/.*testName="\([^"]*\)".*/\1/p' | sort -u)
  summary=$(grep -h '^tests: ' "$work/run-$i.log" | tail -n 1)
  if [[ $rc -eq 0 && -z $failed ]]; then
    green=$((green + 1))
    echo "run $i/$runs: green in $(($(date +%s) - run_start)) s ${summary:+($summary)}"
  else
    echo "run $i/$runs: RED (exit $rc) in $(($(date +%s) - run_start)) s ${summary:+($summary)}"
    [[ -n $failed ]] || failed="(no failed test recorded: see the log) run-$i"
    while IFS= read -r name; do
      echo "    $name"
      failures["$name"]=$((${failures["$name"]:-0} + 1))
    done <<<"$failed"
    cp "$work/run-$i.log" "${TMPDIR:-/tmp}/test-repeat-run-$i.log" && echo "    log: ${TMPDIR:-/tmp}/test-repeat-run-$i.log"
  fi
done

echo "test-repeat: $green of $runs green in $(($(date +%s) - start)) s"
if ((${#failures[@]} > 0)); then
  echo "failures by test (count):"
  for name in "${!failures[@]}"; do echo "  ${failures[$name]}  $name"; done | sort -rn
  exit 1
fi
