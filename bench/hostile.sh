#!/usr/bin/env bash
# bench/hostile.sh: the 50-repository scan of issue 17 at the sizes the issue
# reported (a 1 GiB blob, a 20,000-level tree, 40 local includes of 1 MB, an
# ARG bomb, links out of the tree, a YAML alias bomb, five invalid tree
# entries, a git server that hangs, one that answers 500, one that answers
# HTML, a closed port, a deleted repository) with the real binary, served on
# loopback by bench/serve. It checks 40 scored rows, 10 error rows, a
# complete OUT and store and no leak, and measures the peak RSS of
# `score scan` with GNU time (target: under 500 MB). See bench/README.md.
#
#   bench/hostile.sh             # the issue's sizes
#   SMALL=1 bench/hostile.sh     # test sizes, a quick run
#
# Environment (all optional): SMALL=1, BENCH_DIR (default bench/.work),
# TIMEOUT (score scan --timeout, default 3m: the 1 GiB blob and the 20,000-level
# tree each take 40 s alone on a loaded 2-core machine), P (--concurrency, default 8),
# RESULTS (default bench/results.md; the figures are appended).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${BENCH_DIR:-bench/.work}
TIMEOUT=${TIMEOUT:-3m}
P=${P:-8}
SMALL=${SMALL:-0}
RESULTS=${RESULTS:-bench/results.md}
TIME=/usr/bin/time
mkdir -p "$WORK/bin"
WORK=$(cd "$WORK" && pwd)
ORG="$WORK/hostile-org$([ "$SMALL" = 1 ] && echo -small || true)"
RUN="$WORK/hostile-run"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need=()
[ -x "$TIME" ] || need+=(time) # GNU time, for peak memory
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v git >/dev/null || { echo "bench: git is not on PATH" >&2; exit 1; }

log "build"
go build -o "$WORK/bin/score" ./cmd/score
go build -o "$WORK/bin/serve" ./bench/serve
go build -o "$WORK/bin/hostilegen" ./bench/hostilegen

if [ ! -s "$ORG/expect.txt" ]; then
  log "generate the hostile organisation in $ORG (kept)"
  rm -rf "$ORG"
  "$WORK/bin/hostilegen" -out "$ORG" $([ "$SMALL" = 1 ] && echo -small || true)
fi
rm -rf "$RUN" && mkdir -p "$RUN"

"$WORK/bin/serve" -root "$ORG/repos" -url-file "$RUN/url" 2>"$RUN/serve.log" &
SERVE_PID=$!
"$WORK/bin/hostilegen" -serve-bad -url-file "$RUN/bad-url" 2>"$RUN/bad.log" &
BAD_PID=$!
trap 'kill "$SERVE_PID" "$BAD_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$RUN/url" ] && [ -s "$RUN/bad-url" ] && break; sleep 0.1; done
URL=$(cat "$RUN/url")
BAD=$(cat "$RUN/bad-url")
# A port where nothing listens: the bad server's, plus one, checked closed.
CLOSED=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 9)

# The list of clone URLs, and for each repository name what it must be.
: >"$RUN/repos.txt"
: >"$RUN/expect.txt"
while read -r path kind; do
  case "$path" in
    /*) url="$BAD$path" ;;
    closed:*) url="http://127.0.0.1:$CLOSED/${path#closed:}" ;;
    *) url="$URL/$path" ;;
  esac
  echo "$url" >>"$RUN/repos.txt"
  name=${path#closed:}; name=${name#/}; name=${name%.git} # as score names it: the URL's path
  echo "$name $kind" >>"$RUN/expect.txt"
done <"$ORG/expect.txt"

log "scan $(wc -l <"$RUN/repos.txt") repositories (--timeout $TIMEOUT, --concurrency $P)"
start=$(date +%s.%N)
"$TIME" -f "%e %U %S %M" -o "$RUN/scan.time" \
  "$WORK/bin/score" scan --repos "$RUN/repos.txt" --out "$RUN/scan.json" --store "$RUN/history.db" \
  --timeout "$TIMEOUT" --concurrency "$P" --progress lines >"$RUN/stdout" 2>"$RUN/stderr" || {
  echo "bench: score scan failed; see $RUN/stderr" >&2; tail -5 "$RUN/stderr" >&2; exit 1; }
read -r wall user sys rss_kb <"$RUN/scan.time"
rss_mb=$(( rss_kb / 1024 ))

# Checks: rows, kinds, causes, leaks, store.
problems=()
rows=$(jq '.repos | length' "$RUN/scan.json")
scored=$(jq '[.repos[] | select(.error == "")] | length' "$RUN/scan.json")
errors=$(jq '[.repos[] | select(.error != "")] | length' "$RUN/scan.json")
[ "$rows" = 50 ] && [ "$scored" = 40 ] && [ "$errors" = 10 ] || problems+=("rows $rows, scored $scored, errors $errors (want 50, 40, 10)")
while read -r name kind; do
  got=$(jq -r --arg n "$name" '.repos[] | select(.name == $n) | if .error == "" then "scored" else "error" end' "$RUN/scan.json")
  [ "$got" = "$kind" ] || problems+=("$name: ${got:-missing}, want $kind")
done <"$RUN/expect.txt"
for leak in hostile-outside-team HOSTILE-OUTSIDE-SECRET glcbt-HOSTILEJOBTOKEN0123 root:x:0:0; do
  if grep -qF "$leak" "$RUN/scan.json" "$RUN/stdout" "$RUN/stderr" "$RUN/history.db"*; then problems+=("leak: $leak"); fi
done
[ -e "$RUN/scan.json.partial" ] && problems+=("scan.json.partial left behind")
"$WORK/bin/score" history --store "$RUN/history.db" >"$RUN/history.txt" 2>&1 || problems+=("history: $(cat "$RUN/history.txt")")
grep -q "50" "$RUN/history.txt" || problems+=("the store does not list a scan of 50 repositories")

met="met"; [ "$rss_mb" -lt 500 ] || met="not met"
sizes="issue sizes: 1 GiB blob, 20,000-level tree, 40 x 1 MB includes"
[ "$SMALL" = 1 ] && sizes="test sizes (SMALL=1): 4 MiB blob, 300-level tree, 12 x 512 KiB includes"
echo "peak RSS $rss_mb MB (target < 500 MB): $met"
echo "wall ${wall}s, client CPU $(awk "BEGIN{print $user+$sys}")s; rows $rows: $scored scored, $errors errors"
jq -r '.repos[] | select(.error != "") | "  \(.name): \(.error)"' "$RUN/scan.json" | cut -c1-200

{
  echo
  echo "## Hostile scan (bench/hostile.sh, $(date -u +%Y-%m-%d))"
  echo
  echo "50 repositories ($sizes; ARG bomb, links out, YAML alias bomb; 10 error rows), --concurrency $P, --timeout $TIMEOUT, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| peak RSS of score scan | $rss_mb MB (target < 500 MB: $met) |"
  echo "| wall | ${wall} s |"
  echo "| client CPU | $(awk "BEGIN{print $user+$sys}") s |"
  echo "| rows | $rows: $scored scored, $errors errors |"
  echo "| checks | $([ ${#problems[@]} -eq 0 ] && echo "all passed" || printf '%s; ' "${problems[@]}") |"
} >>"$RESULTS"

if [ ${#problems[@]} -gt 0 ]; then
  printf 'bench: %s\n' "${problems[@]}" >&2
  exit 1
fi
