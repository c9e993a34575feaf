#!/usr/bin/env bash
# bench/peer.sh: `score check` against OpenSSF Scorecard `--local` on the
# same working trees, measured in one run. See bench/README.md.
#
#   bench/peer.sh            # fixture repositories + generated trees; appends to bench/results.md
#
# Environment (all optional):
#   REPS        repetitions of every measure; the fastest counts (default 3)
#   SIZES       files of the generated trees (default "200 1000 5000")
#   BENCH_DIR   work folder (default bench/.work); Scorecard's binary is kept there
#   RESULTS     file the section is appended to (default bench/results.md; "-" for none)
#   SCORECARD   a Scorecard binary to use instead of building one; "none" to measure score alone
#
# Scorecard v5.5.0 is built from the Go module proxy in a scratch module
# under a temporary folder. If it does not resolve or build here, the script
# says so, still measures score, and the section says Scorecard was not
# measured.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-3}
SIZES=${SIZES:-"200 1000 5000"}
WORK=${BENCH_DIR:-bench/.work}
RESULTS=${RESULTS:-bench/results.md}
SCORECARD_MODULE=github.com/ossf/scorecard/v5
SCORECARD_VERSION=v5.5.0
SC_CHECKS=Binary-Artifacts,Dangerous-Workflow,Dependency-Update-Tool,License,Packaging,Pinned-Dependencies,SAST,Security-Policy,Token-Permissions
mkdir -p "$WORK/bin"
WORK=$(cd "$WORK" && pwd)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", ($1) }"; }
log "build score, the generator and the timer"
go build -o "$WORK/bin/score" ./cmd/score
go build -o "$WORK/bin/gen" ./bench/gen
go build -o "$WORK/bin/timeit" ./bench/timeit

SC=${SCORECARD:-"$WORK/bin/scorecard-$SCORECARD_VERSION"}
SC_NOTE=""
if [ "$SC" = none ]; then
  SC_NOTE="Scorecard was not measured in this run (SCORECARD=none)."
elif [ ! -x "$SC" ]; then
  scratch=$(mktemp -d)
  log "build Scorecard $SCORECARD_VERSION in $scratch (a scratch module)"
  if ! (cd "$scratch" && go mod init x >/dev/null 2>&1 &&
        go list -m "$SCORECARD_MODULE@$SCORECARD_VERSION" >/dev/null &&
        go get "$SCORECARD_MODULE@$SCORECARD_VERSION" >"$scratch/get.log" 2>&1 &&
        go build -o "$SC" "$SCORECARD_MODULE") >"$scratch/build.log" 2>&1; then
    SC_NOTE="Scorecard $SCORECARD_VERSION did not resolve or build here (see $scratch/*.log); only score was measured."
    log "$SC_NOTE"
    tail -5 "$scratch/build.log" "$scratch/get.log" >&2 || true
  else
    rm -rf "$scratch"
  fi
fi

# The trees: every fixture repository and generated monorepos, copied out
# of this git repository so that both tools see plain folders.
TREES=$(mktemp -d)
trap 'rm -rf "$TREES"' EXIT
for d in testdata/repos/*/; do
  name=$(basename "$d")
  cp -r "$d" "$TREES/fixture-$name"
done
fixtures=$(find "$TREES" -mindepth 1 -maxdepth 1 -name 'fixture-*' | wc -l)
for n in $SIZES; do
  "$WORK/bin/gen" -tree "$n" -seed "$n" -out "$TREES/gen-$n" 2>/dev/null
done

# measure NAME CMD...: wall seconds, peak RSS (KiB) and CPU seconds of CMD,
# into $WORK/peer-NAME.m. bench/timeit measures to the microsecond: a run
# here takes 50-150 ms, and GNU time's 10 ms steps (truncated) would be a
# tenth of it.
measure() {
  local name=$1; shift
  "$WORK/bin/timeit" -o "$WORK/peer-$name.m" "$@" >/dev/null 2>"$WORK/peer-$name.err" || {
    echo "peer: $name failed:" >&2; tail -5 "$WORK/peer-$name.err" >&2; return 1; }
}
# keep_min ARRAY KEY VALUE: ARRAY[KEY] = min(ARRAY[KEY], VALUE).
keep_min() {
  local -n arr=$1
  if [ -z "${arr[$2]:-}" ] || [ "$(calc "$3 < ${arr[$2]}" 0)" = 1 ]; then arr[$2]=$3; fi
}

export SCORE_CACHE_DIR="$WORK/cache"
# One load fills the policy cache: every later start is a warm one, as on
# a developer's machine after the first run.
"$WORK/bin/score" policy list >/dev/null

# Per tree and repetition, score then Scorecard, so both see the same machine.
declare -A best_score best_sc cpu_score cpu_sc rss_score
for tree in "$TREES"/*/; do
  t=$(basename "$tree")
  for r in $(seq "$REPS"); do
    measure "score-$t-$r" "$WORK/bin/score" check "$tree" --format json --no-compare
    read -r wall rss cpu <"$WORK/peer-score-$t-$r.m"
    keep_min best_score "$t" "$wall"; keep_min cpu_score "$t" "$cpu"
    if [ -z "${rss_score[$t]:-}" ] || [ "$rss" -gt "${rss_score[$t]}" ]; then rss_score[$t]=$rss; fi
    if [ -x "$SC" ]; then
      # Scorecard's nine file-based checks: they need no token with
      # --local. Fuzzing and Vulnerabilities ask web services (OSS-Fuzz,
      # OSV) and are left out.
      if measure "sc-$t-$r" "$SC" --local "$tree" --format json --show-details --checks "$SC_CHECKS"; then
        read -r wall rss cpu <"$WORK/peer-sc-$t-$r.m"
        keep_min best_sc "$t" "$wall"; keep_min cpu_sc "$t" "$cpu"
      fi
    fi
  done
  log "$t: score ${best_score[$t]} s, Scorecard ${best_sc[$t]:-n/a} s"
done

sum_score=0; sum_sc=0; sum_fx_score=0; sum_fx_sc=0; cpu_s=0; cpu_c=0; cpu_fx_s=0; cpu_fx_c=0
for t in "${!best_score[@]}"; do
  [ -n "${best_sc[$t]:-}" ] || continue
  sum_score=$(calc "$sum_score + ${best_score[$t]}" 3); sum_sc=$(calc "$sum_sc + ${best_sc[$t]}" 3)
  cpu_s=$(calc "$cpu_s + ${cpu_score[$t]}" 3); cpu_c=$(calc "$cpu_c + ${cpu_sc[$t]}" 3)
  case "$t" in fixture-*)
    sum_fx_score=$(calc "$sum_fx_score + ${best_score[$t]}" 3); sum_fx_sc=$(calc "$sum_fx_sc + ${best_sc[$t]}" 3)
    cpu_fx_s=$(calc "$cpu_fx_s + ${cpu_score[$t]}" 3); cpu_fx_c=$(calc "$cpu_fx_c + ${cpu_sc[$t]}" 3) ;;
  esac
done
met() { if [ "$(calc "$1 <= $2" 0)" = 1 ]; then echo yes; else echo "**no**"; fi; }

{
  echo
  echo "## score check and OpenSSF Scorecard --local, side by side"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg); written by \`bench/peer.sh\` (REPS=$REPS)."
  echo "Each tree is a plain folder (no git): the $fixtures fixture repositories of \`testdata/repos\` and monorepos of the"
  echo "benchmark organisation generated with \`gen -tree N\`. \`score check TREE --format json --no-compare\` with a warm"
  echo "policy cache, and \`scorecard --local TREE --format json --show-details --checks ...\` (Scorecard $SCORECARD_VERSION, its nine"
  echo "file-based checks: $SC_CHECKS; Fuzzing and Vulnerabilities call web services and are left out), in turn for every tree;"
  echo "the fastest of $REPS repetitions of each counts. Wall seconds and CPU seconds (user + system), measured to the microsecond by \`bench/timeit\`."
  [ -z "$SC_NOTE" ] || { echo; echo "$SC_NOTE"; }
  echo
  echo "| tree | score s | Scorecard s | ratio | score CPU s | Scorecard CPU s | ratio (CPU) | score peak RSS MiB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in $(printf '%s\n' "${!best_score[@]}" | sort); do
    sc=${best_sc[$t]:-}
    ratio=""; cratio=""
    [ -n "$sc" ] && ratio=$(calc "${best_score[$t]} / $sc" 3) && cratio=$(calc "${cpu_score[$t]} / ${cpu_sc[$t]}" 3)
    echo "| $t | $(calc "${best_score[$t]}" 3) | $([ -n "$sc" ] && calc "$sc" 3 || echo n/a) | $ratio | $(calc "${cpu_score[$t]}" 3) | $([ -n "$sc" ] && calc "${cpu_sc[$t]}" 3 || echo n/a) | $cratio | $(( ${rss_score[$t]} / 1024 )) |"
  done
  if [ "$(calc "$sum_sc > 0" 0)" = 1 ]; then
    echo
    echo "| measure | score s | Scorecard s | ratio | score CPU s | Scorecard CPU s | ratio (CPU) | target | met (wall, CPU) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    if [ "$(calc "$sum_fx_sc > 0" 0)" = 1 ]; then
      r=$(calc "$sum_fx_score / $sum_fx_sc" 3); rc=$(calc "$cpu_fx_s / $cpu_fx_c" 3)
      echo "| fixture repositories | $sum_fx_score | $sum_fx_sc | $r | $cpu_fx_s | $cpu_fx_c | $rc | ≤ 0.5 × Scorecard | $(met "$r" 0.5), $(met "$rc" 0.5) |"
    fi
    r=$(calc "$sum_score / $sum_sc" 3); rc=$(calc "$cpu_s / $cpu_c" 3)
    echo "| all trees | $sum_score | $sum_sc | $r | $cpu_s | $cpu_c | $rc | ≤ 0.5 × Scorecard | $(met "$r" 0.5), $(met "$rc" 0.5) |"
  fi
  big=$(printf '%s\n' "${!rss_score[@]}" | grep '^gen-' | sort -t- -k2 -n | tail -1)
  if [ -n "$big" ]; then
    echo
    echo "Peak RSS of \`score check\` on the largest generated tree ($big, $(find "$TREES/$big" -type f | wc -l) files): $(( ${rss_score[$big]} / 1024 )) MiB (target ≤ 60 MiB: $(met "$(( ${rss_score[$big]} / 1024 ))" 60))."
  fi
} >"$WORK/peer.md"
cat "$WORK/peer.md"
if [ "$RESULTS" != "-" ]; then
  cat "$WORK/peer.md" >>"$RESULTS"
  log "appended to $RESULTS"
fi
