#!/usr/bin/env bash
# bench/hostile.sh measures whole guides processes on collections that
# attack their time and memory: in each, one file of one shape (see
# internal/cmd/hostile), of 1 MB and of 4 MB. For every shape and size it
# measures check, readme, build, and an edit under serve (from the edit of
# the shape's file to the last line serve logs about it; the memory is the
# server's peak), and sets each beside the same command on plain text of
# the same size. Time is processor time, user and system: on a machine
# that others share, wall time says more of the others than of guides. Every shape guides accepts must cost at most 8 times what
# plain text costs, in time and in memory; the others must be refused by
# the limit rule. The script prints the table and writes it to
# docs/security.md.
#
# Usage: bench/hostile.sh [-r RUNS] [-s SIZES] [-k KINDS] [-d DIR] [-n]
#
#   -r RUNS   timed runs of each command (default 1); a cell is the median
#             time and the largest peak memory
#   -s SIZES  sizes in bytes, separated by commas (default 1000000,4000000:
#             the largest must stay under the 4 MiB a guide may have)
#   -k KINDS  the shapes, separated by commas (default: all); plain is
#             always measured
#   -d DIR    where binaries and collections go (default $GUIDES_BENCH_DIR
#             or /tmp/guides-bench)
#   -n        print the table only; do not write docs/security.md
#
# Exits 1 when an accepted shape costs more than 8 times plain text in
# some command. Needs /usr/bin/time (Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
sizes=1000000,4000000
only=
dir=${GUIDES_BENCH_DIR:-/tmp/guides-bench}
write=1
while getopts "r:s:k:d:n" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    s) sizes=$OPTARG ;;
    k) only=$OPTARG ;;
    d) dir=$OPTARG ;;
    n) write=0 ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing: apt-get install time" >&2
  exit 2
fi

bin=$dir/bin
mkdir -p "$bin"
CGO_ENABLED=0 go build -trimpath -o "$bin/guides" ./cmd/guides
CGO_ENABLED=0 go build -trimpath -o "$bin/hostile" ./internal/cmd/hostile
results=$(mktemp -d)
serving= # the server of serve_edit, while it runs
trap 'rm -rf "$results"; [ -z "$serving" ] || kill -INT "$serving" 2>/dev/null || true' EXIT
commands=(check readme build edit)

# measure DIR COMMAND prints the processor seconds and peak KiB of one
# run.
measure() {
  local d=$1 c=$2 t
  t=$(mktemp)
  if [ "$c" = edit ]; then
    serve_edit "$d" "$t"
  else
    /usr/bin/time -f "%U %S %M" -o "$t" "$bin/guides" -C "$d" "$c" >/dev/null 2>&1 || true
    tail -n 1 "$t" | awk '{ printf "%.2f %s\n", $1 + $2, $3 }'
  fi
  rm -f "$t"
}

# cputime PID prints the processor seconds the process PID has used.
cputime() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}

# serve_edit DIR TMP serves DIR, appends a paragraph to its shape's file
# once the site is served, and prints the processor seconds the server
# spends from the edit to the last line it logs after it (once it has been
# quiet for 2 s), and its peak KiB.
serve_edit() {
  local d=$1 t=$2 log pid i size last now start cpu0 cpu1
  log=$(mktemp)
  cp "$d/data/guides/x.md" "$d/x.md.orig"
  /usr/bin/time -f "%M" -o "$t" "$bin/guides" -C "$d" serve --addr 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  serving=
  for ((i = 0; i < 100; i++)); do
    [ -z "$serving" ] || break
    sleep 0.02
    serving=$(ps -o pid= --ppid "$pid" | tr -d ' ')
  done
  for ((i = 0; i < 6000; i++)); do
    grep -q ' Serving ' "$log" && break
    sleep 0.05
  done
  sleep 1 # the watcher is set
  cpu0=$(cputime "$serving")
  size=$(stat -c %s "$log")
  start=$EPOCHREALTIME
  last=$start
  printf '\nAn edit of the body.\n' >>"$d/data/guides/x.md"
  while :; do
    sleep 0.05
    now=$EPOCHREALTIME
    if [ "$(stat -c %s "$log")" != "$size" ]; then
      size=$(stat -c %s "$log")
      last=$now
    fi
    if awk -v n="$now" -v l="$last" -v s="$start" 'BEGIN { exit !((l > s && n - l > 2) || n - s > 600) }'; then
      break
    fi
  done
  cpu1=$(cputime "$serving")
  kill -INT "$serving"
  wait "$pid" || true
  serving=
  mv "$d/x.md.orig" "$d/data/guides/x.md"
  echo "$cpu0 $cpu1 $(tail -n 1 "$t")" | awk '{ printf "%.2f %s\n", $2 - $1, $3 }'
  rm -f "$log"
}

IFS=, read -ra sizelist <<<"$sizes"
for size in "${sizelist[@]}"; do
  colls=$dir/hostile-$size
  rm -rf "$colls"
  kinds_arg=()
  if [ -n "$only" ]; then kinds_arg=(-kinds "plain,$only"); fi
  mapfile -t kinds < <("$bin/hostile" -o "$colls" -size "$size" "${kinds_arg[@]}")
  for kind in "${kinds[@]}"; do
    for c in "${commands[@]}"; do
      for ((r = 0; r < runs; r++)); do
        measure "$colls/$kind" "$c" >>"$results/$size-$kind-$c"
      done
    done
    out=$("$bin/guides" -C "$colls/$kind" check 2>&1 || true)
    if grep -q '\[limit\]' <<<"$out"; then echo refused >"$results/$size-$kind-verdict"; else echo accepted >"$results/$size-$kind-verdict"; fi
  done
done

# cell SIZE KIND COMMAND prints the median seconds and the largest KiB.
cell() {
  sort -n "$results/$1-$2-$3" | awk '{ s[NR] = $1; if ($2 > m) m = $2 } END {
    med = (NR % 2) ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
    printf "%.2f %d\n", med, m }'
}

over=0
overs=()
table=$(
  echo "| shape | size | \`check\` | \`readme\` | \`build\` | serve edit | verdict |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for size in "${sizelist[@]}"; do
    for kind in $(ls "$dir/hostile-$size"); do
      verdict=$(cat "$results/$size-$kind-verdict")
      row="| $kind | $((size / 1000000)) MB |"
      for c in "${commands[@]}"; do
        read -r s k <<<"$(cell "$size" "$kind" "$c")"
        read -r ps pk <<<"$(cell "$size" plain "$c")"
        row="$row $(awk -v s="$s" -v k="$k" -v ps="$ps" -v pk="$pk" -v plain="$([ "$kind" = plain ] && echo 1 || echo 0)" 'BEGIN {
          if (plain) { printf "%.2f s, %.0f MiB", s, k / 1024; exit }
          printf "%.2f s (%.1f×), %.0f MiB (%.1f×)", s, s / (ps > 0.01 ? ps : 0.01), k / 1024, k / pk }') |"
      done
      echo "$row $verdict |"
    done
  done
)
for size in "${sizelist[@]}"; do
  for kind in $(ls "$dir/hostile-$size"); do
    [ "$(cat "$results/$size-$kind-verdict")" = accepted ] || continue
    for c in "${commands[@]}"; do
      read -r s k <<<"$(cell "$size" "$kind" "$c")"
      read -r ps pk <<<"$(cell "$size" plain "$c")"
      if awk -v s="$s" -v k="$k" -v ps="$ps" -v pk="$pk" 'BEGIN { exit !(s > 8 * (ps > 0.01 ? ps : 0.01) || k > 8 * pk) }'; then
        over=$((over + 1))
        overs+=("$kind $((size / 1000000)) MB $c")
      fi
    done
  done
done

machine=$(
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), Linux $(uname -r), $(go version | awk '{ print $3 }'), $runs runs per cell, load average $(awk '{ print $1 }' /proc/loadavg) at the end"
)
echo "$table"
echo
echo "Machine: $machine"
if [ "$write" = 1 ]; then
  doc=docs/security.md
  {
    echo "<!-- hostile:begin -->"
    echo "Machine: $machine."
    echo
    echo "$table"
    echo "<!-- hostile:end -->"
  } >"$dir/hostile.table"
  awk -v table="$dir/hostile.table" '
    /<!-- hostile:begin -->/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- hostile:end -->/ { skip = 0; next }
    !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  rm -f "$dir/hostile.table"
  echo "bench: wrote $doc" >&2
fi
if [ "$over" -gt 0 ]; then
  echo "bench: $over cells of accepted shapes cost more than 8 times plain text:" >&2
  printf '  %s\n' "${overs[@]}" >&2
  exit 1
fi
