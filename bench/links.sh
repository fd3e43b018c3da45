#!/usr/bin/env bash
# bench/links.sh times whole `guides check --links` processes against local
# web servers that answer after 50 ms (internal/cmd/linkbench), and writes
# the table to docs/performance.md with the machine it ran on.
#
# Usage: bench/links.sh [-r RUNS] [-n]
#
#   -r RUNS  cold and warm runs of each case (default 3); the table shows
#            medians
#   -n       print the table only; do not write docs/performance.md
#
# Every case fails, and so does the script, if a host ever had more
# connections or requests at once than the per-host limit, if a warm run
# (within the cache's max age) made a request, or, with faults, if the
# findings are not exactly those the faulty answers call for.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
write=1
while getopts "r:n" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    n) write=0 ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
CGO_ENABLED=0 go build -trimpath -o "$bin/guides" ./cmd/guides
go build -o "$bin/linkbench" ./internal/cmd/linkbench

lb() { echo "bench: linkbench $*" >&2; "$bin/linkbench" -guides "$bin/guides" -runs "$runs" "$@"; }
table=$(
  echo "| collection | unique URLs | places | hosts | latency | per host | findings | cold run | warm run | most at once / limit |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  lb -shape real | sed 's/^| real /| original collection /'
  lb -shape real -per-host 6 | sed 's/^| real /| original collection /'
  lb -shape real -faults | sed 's/^| real /| original, with faults /'
  lb -shape one-host -faults | sed 's/^| one-host /| original on one host, with faults /'
  lb -shape spread -urls 451 -hosts 16 | sed 's/^| spread /| spread /'
  lb -shape spread -urls 10000 -hosts 100 | sed 's/^| spread /| spread /'
)

machine=$(
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), Linux $(uname -r), $(go version | awk '{ print $3 }'), $runs runs per case"
)
echo "$table"
echo
echo "Machine: $machine"
if [ "$write" = 1 ]; then
  doc=docs/performance.md
  section=$(mktemp)
  {
    echo "<!-- links:begin -->"
    echo "Machine: $machine."
    echo
    echo "$table"
    echo "<!-- links:end -->"
  } >"$section"
  awk -v table="$section" '
    /<!-- links:begin -->/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- links:end -->/ { skip = 0; next }
    !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  rm -f "$section"
  echo "bench: wrote $doc" >&2
fi
