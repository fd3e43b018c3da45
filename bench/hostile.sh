#!/usr/bin/env bash
# bench/hostile.sh times whole guides processes on collections that attack
# their time and memory: in each, one file of 1 MB of one pathological
# kind (see internal/cmd/hostile). Every command must end within 2 s and
# 200 MiB on each; the script prints the table and writes it to
# docs/security.md.
#
# Usage: bench/hostile.sh [-r RUNS] [-d DIR] [-n]
#
#   -r RUNS  timed runs of each command per kind (default 3); the table shows
#            the median wall time and the largest peak RSS
#   -d DIR   where binaries and collections go (default $GUIDES_BENCH_DIR or
#            /tmp/guides-bench)
#   -n       print the table only; do not write docs/security.md
#
# Exits 1 when a command takes 2 s or more, or 200 MiB or more. Needs
# /usr/bin/time (Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
dir=${GUIDES_BENCH_DIR:-/tmp/guides-bench}
write=1
while getopts "r:d:n" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    d) dir=$OPTARG ;;
    n) write=0 ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
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
colls=$dir/hostile
rm -rf "$colls"
mapfile -t kinds < <("$bin/hostile" -o "$colls")
commands=(check readme list build)

results=$(mktemp -d)
over=0
for kind in "${kinds[@]}"; do
  for c in "${commands[@]}"; do
    for ((r = 0; r < runs; r++)); do
      t=$(mktemp)
      start=$EPOCHREALTIME
      "$bin/guides" -C "$colls/$kind" "$c" >/dev/null 2>&1 || true
      end=$EPOCHREALTIME
      /usr/bin/time -f "%M" -o "$t" "$bin/guides" -C "$colls/$kind" "$c" >/dev/null 2>&1 || true
      echo "$start $end $(tail -n 1 "$t")" | awk '{ printf "%.6f %s\n", $2 - $1, $3 }' >>"$results/$kind-$c"
      rm -f "$t"
    done
  done
done

table=$(
  echo "| kind | \`check\` | \`readme\` | \`list\` | \`build\` | verdict |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  for kind in "${kinds[@]}"; do
    row="| $kind |"
    for c in "${commands[@]}"; do
      cell=$(sort -n "$results/$kind-$c" | awk '{ s[NR] = $1; if ($2 > m) m = $2 } END {
        med = (NR % 2) ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
        printf "%.2f s, %.0f MiB", med, m / 1024 }')
      row="$row $cell |"
    done
    out=$("$bin/guides" -C "$colls/$kind" check 2>&1 || true)
    verdict=accepted
    if grep -q '\[limit\]' <<<"$out"; then verdict="refused (limit)"; fi
    echo "$row $verdict |"
  done
)
over=$(cat "$results"/* | awk '$1 >= 2 || $2 >= 200 * 1024 { n++ } END { print n + 0 }')
rm -rf "$results"

machine=$(
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), Linux $(uname -r), $(go version | awk '{ print $3 }'), $runs runs per cell"
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
  echo "bench: $over runs took 2 s or 200 MiB or more" >&2
  exit 1
fi
