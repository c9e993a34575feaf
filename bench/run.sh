#!/usr/bin/env bash
# bench/run.sh: the whole-run benchmark of score at org scale, measured
# against the physical floor in the same run. See bench/README.md.
#
#   bench/run.sh                 # 500 repositories; memory at 100 and 1,000
#   N=100 bench/run.sh           # a quick run: 100 repositories; memory at 10 and 100
#
# Environment (all optional):
#   N           repositories for the timed scans (default 500)
#   P           parallelism of the floor and of score scan --concurrency (default 8)
#   SERVER      direct (default): one git upload-pack per request, as GitLab's Gitaly;
#               cgi: git http-backend as CGI, two git processes per request
#   SEED        generator seed (default 1)
#   MEM_SMALL   repositories for the smaller peak-memory scan (default 100; N/10 when N <= 100)
#   MEM_LARGE   repositories for the larger peak-memory scan (default 1000; N when N <= 100)
#   REPS        repetitions of floor, cold scan and rescan in turn; the fastest of each counts (default 3)
#   BENCH_DIR   work folder, kept between runs for the generated org (default bench/.work)
#   FLOOR_DIR   where the floor's clones go (default: a folder in /dev/shm, so that
#               the floor pays for no disk; BENCH_DIR/floor without it)
#   RESULTS     where to write the table (default bench/results.md)
#   PROFILE=1   also write CPU and heap profiles of the cold scan and the rescan
#               (BENCH_DIR/*.prof) and put their top functions in the results
#   PEER=0      skip bench/peer.sh (score check against Scorecard --local, and
#               peak RSS of score check on a 5,000-file tree); it runs by default
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-500}
P=${P:-8}
SERVER=${SERVER:-direct}
SEED=${SEED:-1}
REPS=${REPS:-3}
if [ "$N" -le 100 ]; then
  MEM_LARGE=${MEM_LARGE:-$N}
  MEM_SMALL=${MEM_SMALL:-$(( N / 10 > 0 ? N / 10 : 1 ))}
else
  MEM_LARGE=${MEM_LARGE:-1000}
  MEM_SMALL=${MEM_SMALL:-100}
fi
WORK=${BENCH_DIR:-bench/.work}
RESULTS=${RESULTS:-bench/results.md}
PROFILE=${PROFILE:-0}
PEER=${PEER:-1}
ORG_N=$(( N > MEM_LARGE ? N : MEM_LARGE ))
mkdir -p "$WORK/bin"
WORK=$(cd "$WORK" && pwd)
ORG="$WORK/org-seed$SEED"
if [ -z "${FLOOR_DIR:-}" ]; then
  FLOOR_DIR="$WORK/floor"
  [ -d /dev/shm ] && [ -w /dev/shm ] && FLOOR_DIR=/dev/shm/score-bench-floor
fi
TIME=/usr/bin/time

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need=()
[ -x "$TIME" ] || need+=(time)      # GNU time, for peak memory
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v git >/dev/null || { echo "bench: git is not on PATH" >&2; exit 1; }

log "build"
go build -o "$WORK/bin/score" ./cmd/score
go build -o "$WORK/bin/serve" ./bench/serve
go build -o "$WORK/bin/gen" ./bench/gen

log "generate $ORG_N repositories (seed $SEED; kept in $ORG)"
gen_start=$(date +%s.%N)
"$WORK/bin/gen" -n "$ORG_N" -seed "$SEED" -out "$ORG"
gen_secs=$(calc "$(date +%s.%N) - $gen_start" 0)

log "serve $ORG/repos on loopback ($SERVER)"
rm -f "$WORK/url"
"$WORK/bin/serve" -root "$ORG/repos" -mode "$SERVER" -url-file "$WORK/url" 2>"$WORK/serve.log" &
SERVE_PID=$!
trap 'kill "$SERVE_PID" 2>/dev/null || true; rm -rf "$FLOOR_DIR"' EXIT
for _ in $(seq 100); do [ -s "$WORK/url" ] && break; sleep 0.1; done
URL=$(cat "$WORK/url")

list() { # list COUNT FILE: the first COUNT repositories as clone URLs
  head -n "$1" "$ORG/repos.txt" | sed "s|^|$URL/|; s|\$|.git|" >"$2"
}
list "$N" "$WORK/list-$N.txt"
list "$MEM_SMALL" "$WORK/list-$MEM_SMALL.txt"
list "$MEM_LARGE" "$WORK/list-$MEM_LARGE.txt"
files=$(head -n "$N" "$ORG/repos.txt" | awk 'NR==FNR{want[$1]=1; next} want[$1]{f+=$4; b+=$5} END{printf "%d files, %.0f MiB", f, b/1048576}' - "$ORG/repos.tsv")

# server_cpu: seconds of CPU the server and the git processes it ran have used.
server_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15+$16+$17)/hz}' "/proc/$SERVE_PID/stat"
}
# measure NAME CMD...: runs CMD under GNU time; records wall, client CPU,
# peak RSS and the server's CPU in $WORK/NAME.m as "wall cpu rss_kb server_cpu".
measure() {
  local name=$1; shift
  local s0 s1
  s0=$(server_cpu)
  "$TIME" -f "%e %U %S %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1 || {
    echo "bench: $name failed:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
  s1=$(server_cpu)
  read -r wall u s rss <"$WORK/$name.time"
  echo "$wall $(calc "$u + $s") $rss $(calc "$s1 - $s0")" >"$WORK/$name.m"
  log "$name: $(cat "$WORK/$name.m") (wall s, client cpu s, peak rss KiB, server cpu s)"
}
field() { cut -d' ' -f"$2" "$WORK/$1.m"; }
stats() { curl -fsS "$URL/_stats"; }

floor() {
  rm -rf "$FLOOR_DIR" && mkdir -p "$FLOOR_DIR"
  awk -v d="$FLOOR_DIR" '{print $0, d "/" NR}' "$WORK/list-$N.txt" >"$WORK/floor-pairs.txt"
  measure "$1" xargs -P "$P" -n 2 git clone -q --depth 1 --single-branch --no-tags <"$WORK/floor-pairs.txt"
  rm -rf "$FLOOR_DIR"
}
floor_bare() { # the same clone without a checkout: only fetching and indexing the pack
  rm -rf "$FLOOR_DIR" && mkdir -p "$FLOOR_DIR"
  measure "$1" xargs -P "$P" -n 2 git clone -q --bare --depth 1 --single-branch --no-tags <"$WORK/floor-pairs.txt"
  rm -rf "$FLOOR_DIR"
}
prof() { # prof NAME: profile flags for a scan when PROFILE=1
  [ "$PROFILE" = 1 ] && echo "--cpuprofile $WORK/$1.cpu.prof --memprofile $WORK/$1.mem.prof" || true
}
cold() {
  rm -f "$WORK/store.db"*
  # shellcheck disable=SC2046
  measure "$1" "$WORK/bin/score" scan --repos "$WORK/list-$N.txt" --store "$WORK/store.db" \
    --concurrency "$P" --progress none --out "$WORK/cold.json" $(prof cold)
}

best() { # best PREFIX: the name of the fastest repetition
  for r in $(seq "$REPS"); do echo "$(field "$1-$r" 1) $1-$r"; done | sort -n | head -1 | cut -d' ' -f2
}

# 1. Floor, cold scan and rescan with nothing changed (on the cold scan's
# store), in turn so that all three see the same machine.
for r in $(seq "$REPS"); do
  log "floor: git clone --depth 1 of $N repositories, $P at a time (repetition $r)"
  floor "floor-$r"
  log "floor without checkout: git clone --bare --depth 1 (repetition $r)"
  floor_bare "bare-$r"
  log "score scan cold (repetition $r)"
  before=$(stats)
  cold "cold-$r"
  after=$(stats)
  log "score scan again, nothing changed (repetition $r)"
  # shellcheck disable=SC2046
  measure "rescan-$r" "$WORK/bin/score" scan --repos "$WORK/list-$N.txt" --store "$WORK/store.db" \
    --concurrency "$P" --progress none --out "$WORK/rescan.json" $(prof rescan)
  after_re=$(stats)
done
FLOOR=$(best floor); BARE=$(best bare); COLD=$(best cold); RESCAN=$(best rescan)
packs_re=$(( $(echo "$after_re" | jq .upload_pack) - $(echo "$after" | jq .upload_pack) ))
same=no
if diff <(jq 'del(.started_at, .finished_at)' "$WORK/cold.json") <(jq 'del(.started_at, .finished_at)' "$WORK/rescan.json") >/dev/null; then
  same=yes
fi
packs_cold=$(( $(echo "$after" | jq .upload_pack) - $(echo "$before" | jq .upload_pack) ))

# ls-remote floor: what any change detection over git costs.
log "floor of change detection: git ls-remote of $N repositories, $P at a time"
measure lsremote sh -c "xargs -P '$P' -n 1 git ls-remote -q --symref >/dev/null <'$WORK/list-$N.txt'"

# 3. Peak memory, each with a fresh store, REPS times in turn. One run's
# peak is the heap at the worst moment: which large repositories happen
# to be in flight together, and where the collector's cycle stands then.
# Runs of the same scan differ by up to a sixth, so the median of the
# repetitions is compared.
for r in $(seq "$REPS"); do
  for m in "$MEM_SMALL" "$MEM_LARGE"; do
    log "peak memory: score scan of $m repositories (repetition $r)"
    rm -f "$WORK/mem.db"*
    measure "mem-$m-$r" "$WORK/bin/score" scan --repos "$WORK/list-$m.txt" --store "$WORK/mem.db" \
      --concurrency "$P" --progress none --out "$WORK/mem-$m.json"
  done
done
rss_list() { # rss_list PREFIX: every repetition's peak RSS in MiB
  for r in $(seq "$REPS"); do echo $(( $(field "$1-$r" 3) / 1024 )); done | paste -sd/
}
median_rss() { # median_rss PREFIX: the name of the repetition with the median peak RSS
  for r in $(seq "$REPS"); do echo "$(field "$1-$r" 3) $1-$r"; done | sort -n | sed -n "$(( (REPS + 1) / 2 ))p" | cut -d' ' -f2
}
MEM_S=$(median_rss "mem-$MEM_SMALL"); MEM_L=$(median_rss "mem-$MEM_LARGE")

# 4. Engine and per-repository Go benchmarks.
log "go test -bench (engine: whole catalogue vs one query per check; collection; clone and scan)"
# REPS times each, as the scans: the machine's neighbours slow a run down
# by up to half, never speed it up.
go test ./bench -run '^$' -bench . -benchtime 1s -count "$REPS" >"$WORK/gobench.txt" 2>&1 || { cat "$WORK/gobench.txt" >&2; exit 1; }
# metric BENCH UNIT: the value a benchmark reported in UNIT (ns/op,
# cpu-ms/op, ...), the least of its REPS runs (the fastest counts).
metric() { awk -v b="$1" -v u="$2" '$1 ~ "^"b"(-[0-9]+)?$" {for (i = 3; i <= NF; i++) if ($i == u && (m == "" || $(i-1) + 0 < m + 0)) m = $(i-1)} END {if (m != "") print m}' "$WORK/gobench.txt"; }
nsop() { metric "$1" ns/op; }
cpuop() { metric "$1" cpu-ms/op; }
one=$(nsop BenchmarkCatalogue)
each=$(nsop BenchmarkCataloguePerCheck)
collect=$(nsop BenchmarkCollect5000Files)
clonescan=$(nsop BenchmarkCloneScan)
checks=$(awk '/checks in the catalogue/ {print $(NF-4); exit}' "$WORK/gobench.txt")

# Report.
r2() { calc "$1 / $2" 3; }
ms() { calc "$1 / 1000000" 3; }
yes_no() { if [ "$(calc "$1 <= $2" 0)" = 1 ]; then echo "yes"; else echo "**no**"; fi; }
fw=$(field "$FLOOR" 1); cw=$(field "$COLD" 1); rw=$(field "$RESCAN" 1); lw=$(field lsremote 1)
ms_small=$(( $(field "$MEM_S" 3) / 1024 )); ms_large=$(( $(field "$MEM_L" 3) / 1024 ))
cold_ratio=$(r2 "$cw" "$fw"); re_ratio=$(r2 "$rw" "$cw"); mem_ratio=$(r2 "$ms_large" "$ms_small")
one_ms=$(ms "$one"); each_ms=$(ms "$each")

case "$SERVER" in
  direct) server_desc="one \`git upload-pack\` per request (as GitLab's Gitaly)" ;;
  *) server_desc="\`git http-backend\` as CGI (two git processes per request)" ;;
esac
{
  echo "## Figures"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average at start $LOAD_START;"
  echo "$(git --version), $(go version | cut -d' ' -f3). Org: seed $SEED, $N repositories ($files), served on loopback by $server_desc;"
  echo "parallelism $P; the fastest of $REPS repetitions (floor, cold scan, rescan in turn) of each, and the median peak RSS of $REPS scans of $MEM_SMALL and of $MEM_LARGE. Generating the org took $gen_secs s (it is kept between runs)."
  echo
  echo "| measure | wall s | client CPU s | server CPU s | peak RSS MiB | ratio | target | met |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  row() { echo "| $1 | $(field "$2" 1) | $(field "$2" 2) | $(field "$2" 4) | $(( $(field "$2" 3) / 1024 )) | $3 | $4 | $5 |"; }
  row "floor: \`git clone --depth 1 --single-branch --no-tags\`, $N repos" "$FLOOR" "1.00" "" ""
  row "floor without checkout: \`git clone --bare --depth 1 --single-branch --no-tags\`" "$BARE" "$(r2 "$(field "$BARE" 1)" "$fw") × floor" "" ""
  row "\`score scan\` cold, $N repos (fresh store)" "$COLD" "$cold_ratio × floor ($(r2 "$cw" "$(field "$BARE" 1)") × bare)" "≤ 1.3 × floor" "$(yes_no "$cold_ratio" 1.3)"
  row "\`score scan\` again, nothing changed ($packs_re fetches; result identical: $same)" "$RESCAN" "$re_ratio × cold" "≤ 0.1 × cold" "$(yes_no "$re_ratio" 0.1)"
  row "floor of change detection: \`git ls-remote\`, $N repos" lsremote "$(r2 "$rw" "$lw") rescan ÷ this" "" ""
  row "\`score scan\` cold, $MEM_SMALL repos (median peak RSS of $REPS: $(rss_list "mem-$MEM_SMALL") MiB)" "$MEM_S" "1.00" "" ""
  row "\`score scan\` cold, $MEM_LARGE repos (median peak RSS of $REPS: $(rss_list "mem-$MEM_LARGE") MiB)" "$MEM_L" "$mem_ratio × $MEM_SMALL repos (peak RSS)" "≤ 1.5 ×" "$(yes_no "$mem_ratio" 1.5)"
  echo
  echo "Engine and per-repository (\`go test ./bench -bench .\`; $checks checks in the catalogue):"
  echo
  echo "| benchmark | ms per repo | CPU ms per repo | ratio (CPU) | target | met |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| whole catalogue, one query on the plan evaluator, facts converted (\`BenchmarkCatalogue\`) | $one_ms | $(cpuop BenchmarkCatalogue) | 1.00 | ≤ 0.5 ms | $(yes_no "$one_ms" 0.5) |"
  echo "| the same on OPA's topdown evaluator, the engine's only one before the plan evaluator (\`BenchmarkCatalogueTopdown\`) | $(ms "$(nsop BenchmarkCatalogueTopdown)") | $(cpuop BenchmarkCatalogueTopdown) | $(r2 "$(cpuop BenchmarkCatalogueTopdown)" "$(cpuop BenchmarkCatalogue)") × one query | | |"
  echo "| the same without converting the facts (\`BenchmarkCatalogueParsed\`) | $(ms "$(nsop BenchmarkCatalogueParsed)") | $(cpuop BenchmarkCatalogueParsed) | $(r2 "$(cpuop BenchmarkCatalogueParsed)" "$(cpuop BenchmarkCatalogue)") × one query | | |"
  echo "| one topdown query per check, the usual pattern (\`BenchmarkCataloguePerCheck\`) | $each_ms | $(cpuop BenchmarkCataloguePerCheck) | $(r2 "$(cpuop BenchmarkCataloguePerCheck)" "$(cpuop BenchmarkCatalogue)") × one query | | |"
  echo "| collect facts + evaluate, 5,000-file working tree (\`BenchmarkCollect5000Files\`; collect $(metric BenchmarkCollect5000Files collect-ms) ms, evaluate $(metric BenchmarkCollect5000Files evaluate-ms) ms) | $(ms "$collect") | $(cpuop BenchmarkCollect5000Files) | | | |"
  echo "| clone from loopback into memory + collect + evaluate, one 525-file repo (\`BenchmarkCloneScan\`) | $(ms "$clonescan") | $(cpuop BenchmarkCloneScan) | | | |"
  echo "| \`score check\`'s merge base, 5,000-file packed repository: read from git, pack reopened per object as before (\`BenchmarkMergeBase/reopen\`) | $(ms "$(nsop BenchmarkMergeBase/reopen)") | $(cpuop BenchmarkMergeBase/reopen) | 1.00 | | |"
  echo "| the same with the packs kept open (\`BenchmarkMergeBase/kept\`) | $(ms "$(nsop BenchmarkMergeBase/kept)") | $(cpuop BenchmarkMergeBase/kept) | $(r2 "$(cpuop BenchmarkMergeBase/kept)" "$(cpuop BenchmarkMergeBase/reopen)") × reopen | | |"
  echo "| the catalogue's query with the collectors' indexes (\`BenchmarkCatalogueIndexes/with\`) | $(ms "$(nsop BenchmarkCatalogueIndexes/with)") | $(cpuop BenchmarkCatalogueIndexes/with) | $(r2 "$(cpuop BenchmarkCatalogueIndexes/with)" "$(cpuop BenchmarkCatalogueIndexes/without)") × without | | |"
  echo "| the same without them, the library scanning every line (\`BenchmarkCatalogueIndexes/without\`) | $(ms "$(nsop BenchmarkCatalogueIndexes/without)") | $(cpuop BenchmarkCatalogueIndexes/without) | 1.00 | | |"
  echo
  echo "Policy load of the default catalogue plus one \`--policy\` directory (\`BenchmarkLoadDefault\`):"
  echo
  echo "| measure | ms | CPU ms | ratio (CPU) | target | met |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| cold: parse and compile, no cache (\`BenchmarkLoadDefault/cold\`) | $(ms "$(nsop BenchmarkLoadDefault/cold)") | $(cpuop BenchmarkLoadDefault/cold) | 1.00 | | |"
  echo "| warm: compiled set read from the load cache (\`BenchmarkLoadDefault/warm\`) | $(ms "$(nsop BenchmarkLoadDefault/warm)") | $(cpuop BenchmarkLoadDefault/warm) | $(r2 "$(cpuop BenchmarkLoadDefault/warm)" "$(cpuop BenchmarkLoadDefault/cold)") × cold | ≤ 20 ms | $(yes_no "$(ms "$(nsop BenchmarkLoadDefault/warm)")" 20) (wall), $(yes_no "$(cpuop BenchmarkLoadDefault/warm)" 20) (CPU) |"
  echo
  echo "Server requests: the last cold scan fetched $packs_cold packs for $N repositories, the rescan $packs_re."
  echo
  echo "Where the catalogue's time goes: the costliest checks evaluated alone (\`BenchmarkEachCheck\`, CPU ms per repository,"
  echo "each with the lib helpers it needs; in the single query those helpers are computed once for all checks):"
  echo
  echo "| check | CPU ms per repo |"
  echo "| --- | ---: |"
  # The least of each check's REPS runs, as for every other benchmark.
  awk '$1 ~ /^BenchmarkEachCheck\// {name=$1; sub(/^BenchmarkEachCheck\//, "", name); sub(/-[0-9]+$/, "", name);
      if (!(name in m) || $5 + 0 < m[name] + 0) m[name] = $5} END {for (n in m) print m[n], n}' "$WORK/gobench.txt" |
    sort -rn | head -10 | awk '{printf "| `%s` | %s |\n", $2, $1}'
  if [ "$PROFILE" = 1 ]; then
    echo
    echo "Profile of the cold scan (client CPU, \`go tool pprof -top\`):"
    echo
    echo '```'
    go tool pprof -top -nodecount=25 "$WORK/bin/score" "$WORK/cold.cpu.prof" 2>/dev/null | sed -n '4,35p'
    echo '```'
  fi
} >"$WORK/table.md"

# 5. score check against Scorecard --local, and peak RSS of score check on
# a 5,000-file tree (bench/peer.sh, same machine, same run).
if [ "$PEER" = 1 ]; then
  log "bench/peer.sh: score check against Scorecard --local"
  BENCH_DIR="$WORK" RESULTS=- REPS="$REPS" bench/peer.sh >/dev/null
  cat "$WORK/peer.md" >>"$WORK/table.md"
fi

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` (N=$N P=$P SEED=$SEED REPS=$REPS SERVER=$SERVER). Ratios are measured in the same run;"
  echo "bench/README.md explains the measures."
  echo
  cat "$WORK/table.md"
} >"$RESULTS"
cat "$WORK/table.md"
log "wrote $RESULTS"
