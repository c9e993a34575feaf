#!/usr/bin/env bash
# bench/instructions.sh: instructions per op of the catalogue's evaluation,
# counted by valgrind's callgrind, for A/B comparisons of the evaluator on
# a machine whose wall-clock times wander. See bench/README.md.
#
#   bench/instructions.sh                      # this checkout
#   bench/instructions.sh REV                  # REV against this checkout
#
# Environment (all optional):
#   BENCH   the benchmark (default BenchmarkCatalogue)
#   FN      the function whose instructions count (default Engine.Evaluate:
#           conversion and evaluation; Engine.EvaluateValue is evaluation alone)
#   N       ops measured (default 300)
#
# The count covers everything called under FN, garbage collection off
# (GOGC=off): it measures the work the code does, not the collector's or
# the cache's share, which wall-clock runs (bench/run.sh) show. Each op is
# one fixture repository in turn, as in the benchmark; the first op, which
# fills the caches that outlive one evaluation, is averaged in. Repeated runs
# of one build agree within 0.5%.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH=${BENCH:-BenchmarkCatalogue}
FN=${FN:-'github.com/scoredev/score/engine.(*Engine).Evaluate'}
N=${N:-300}
command -v valgrind >/dev/null 2>&1 || {
  echo "valgrind is not installed (apt-get install valgrind)" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# count BINARY: instructions per op under FN.
count() {
  local out
  out=$(cd bench && GOGC=off GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind \
    --callgrind-out-file=/dev/null --collect-atstart=no "--toggle-collect=$FN" \
    "$1" -test.run '^$' -test.bench "^$BENCH\$" -test.benchtime "${N}x" 2>&1)
  echo "$out" | awk -v n="$N" '/Collected :/ {printf "%.0f\n", $4 / (n + 1)}'
}

go test -c -o "$work/head.test" ./bench
head=$(count "$work/head.test")
if [ $# -eq 0 ]; then
  echo "$BENCH: $head instructions per op (this checkout)"
  exit 0
fi
git worktree add -q --detach "$work/base" "$1"
trap 'git worktree remove --force "$work/base"; rm -rf "$work"' EXIT
(cd "$work/base" && go test -c -o "$work/base.test" ./bench)
base=$(count "$work/base.test")
awk -v b="$base" -v h="$head" -v r="$1" -v n="$BENCH" 'BEGIN {
  printf "%s: %d instructions per op at %s, %d here: %.3f ×\n", n, b, r, h, h / b }'
