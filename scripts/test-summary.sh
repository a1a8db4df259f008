#!/usr/bin/env bash
# Sums the TRX result files that `dotnet test --logger trx` wrote and prints, as its last line:
#   tests: N passed, N failed
# Usage: scripts/test-summary.sh [results-dir] [solution]   (defaults: artifacts/test-results, TenantOperator.sln)
#
# "failed" counts every outcome that is not a pass (failed, error, timeout, aborted, notExecuted, inconclusive,
# notRunnable, disconnected), plus one for each run that cannot be trusted: a test run that was aborted (a crashed or
# killed test host: the tests it was running are in no counter), a run in which no test ran, and a test project of the
# solution (a project under tests/) that left no results file. Each of those is explained on stderr. The exit status is
# non-zero whenever "failed" is, so an empty or crashed run can never pass.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-artifacts/test-results}
solution=${2:-$root/TenantOperator.sln}
passed=0
failed=0

problem() {
  echo "test-summary: $*" >&2
  failed=$((failed + 1))
}

# One attribute of the first <Counters .../> element, 0 when absent.
counter() {
  local value
  value=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")
  echo "${value:-0}"
}

# The test projects of the solution: every project whose path starts with tests\ (or tests/), except a support
# library that says it is none (<IsTestProject>false</IsTestProject>, e.g. tests/TenantOperator.TestSupport).
expected_projects() {
  [[ -f $solution ]] || return 0
  local name path
  sed -n 's/^Project("[^"]*") = "\([^"]*\)", "\(tests[\\/][^"]*\.csproj\)".*/\1 \2/p' "$solution" | tr -d '\r' |
    while read -r name path; do
      path="$(dirname "$solution")/${path//\\//}"
      grep -q '<IsTestProject>false</IsTestProject>' "$path" 2>/dev/null || echo "$name"
    done
}

# Whether a results file is the run of the named test assembly: its tests' storage path, xUnit's "Starting: name"
# line (present even when the host crashed before any result), or the "No test is available in .../name.dll" notice.
# Each is matched where the test platform writes it, never in test names or output, which may quote anything.
is_run_of() {
  local name=${2//./\\.}
  grep -qiE "storage=\"[^\"]*[/\\\\]${name}\.dll\"|^\[xUnit\.net [0-9:.]+\] +Starting: +${name}\s*$|<Text>No test is available in [^<]*[/\\\\]${name}\.dll" "$1"
}

shopt -s nullglob globstar
files=("$dir"/**/*.trx)
if [[ ${#files[@]} -eq 0 ]]; then
  problem "no results file (*.trx) in $dir: no test ran"
fi

for trx in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
  summary=$(sed -n 's/.*<ResultSummary outcome="\([A-Za-z]*\)".*/\1/p' "$trx" | head -n 1)
  if [[ -z $counters ]]; then
    problem "$trx has no counters: the test run did not finish writing it"
    continue
  fi

  total=$(counter total "$counters")
  passed=$((passed + $(counter passed "$counters") + $(counter passedButRunAborted "$counters")))
  not_passed=0
  for outcome in failed error timeout aborted notExecuted inconclusive notRunnable disconnected; do
    not_passed=$((not_passed + $(counter "$outcome" "$counters")))
  done
  failed=$((failed + not_passed))

  if grep -q '<Text>The active test run was aborted' "$trx" || [[ $summary =~ ^(Aborted|Error|Timeout|Disconnected)$ ]]; then
    reason=$(grep -o '<Text>The active test run was aborted\. Reason: [^<&]*' "$trx" | head -n 1 | sed 's/.*Reason: //' || true)
    problem "$trx: the test run was aborted (${reason:-outcome $summary}); the test it was running is counted nowhere"
  elif [[ $total -eq 0 ]]; then
    problem "$trx: no test ran ($(grep -o '<Text>No test is available in [^ <]*' "$trx" | head -n 1 | sed 's/^<Text>//' || echo "the run found no tests"))"
  elif [[ $summary == Failed && $not_passed -eq 0 ]]; then
    problem "$trx: the run failed although no test did"
  fi
done

while IFS= read -r project; do
  [[ -n $project ]] || continue
  found=false
  for trx in "${files[@]}"; do
    if is_run_of "$trx" "$project"; then
      found=true
      break
    fi
  done

  if [[ $found == false ]]; then
    problem "test project $project (in $(basename "$solution")) left no results file in $dir"
  fi
done < <(expected_projects)

echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
