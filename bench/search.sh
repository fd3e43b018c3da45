#!/usr/bin/env bash
# bench/search.sh builds the site of a collection with guides, indexes the
# same built site with Pagefind (the npm package, pinned, installed into
# .tools/), and prints side by side what each index costs: the time to
# build it, its size on disk and compressed, its number of files; then
# the bytes the project's search moves per query, fresh and warm, from
# BenchmarkTransfer.
#
# Usage: bench/search.sh [-n GUIDES] [DIR]
#
#   DIR     a collection (default: a synthetic one of GUIDES guides, 400)
#
# Needs Go, Node.js and npm. The times are of one run each on whatever
# else the machine does: compare the two columns of one run, and give the
# load average (printed) with them.
set -euo pipefail
cd "$(dirname "$0")/.."

guides=400
while getopts "n:" opt; do
  case $opt in
    n) guides=$OPTARG ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

work=${GUIDES_BENCH_DIR:-/tmp/guides-bench}/search
mkdir -p "$work"
if [ ! -x .tools/node_modules/.bin/pagefind ]; then
  npm install --prefix .tools --no-audit --no-fund --silent pagefind@1.6.0
fi
bin=$work/guides
CGO_ENABLED=0 go build -o "$bin" ./cmd/guides

dir=${1:-}
if [ -z "$dir" ]; then
  dir=$work/synth-$guides
  [ -d "$dir" ] || go run ./internal/cmd/synth -guides "$guides" -o "$dir"
fi

ms() { date +%s%N; }
site=$work/site
t0=$(ms)
"$bin" -C "$dir" build -o "$site" >/dev/null
t1=$(ms)
rm -rf "$site/pagefind"
t2=$(ms)
.tools/node_modules/.bin/pagefind --site "$site" --output-subdir pagefind >/dev/null
t3=$(ms)

size() { du -sb "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }
gz() { find "$1" -type f -exec cat {} + | gzip -c | wc -c; }
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(find "$dir/data/guides" -name '*.md' | wc -l) guides in $dir"
echo
echo "| measure | guides | Pagefind 1.6.0 |"
echo "| --- | ---: | ---: |"
echo "| index build time | $(( (t1 - t0) / 1000000 )) ms (the whole site, index included) | $(( (t3 - t2) / 1000000 )) ms (the index alone, of the built site) |"
echo "| index size on disk | $(( $(size "$site/search") / 1024 )) KiB | $(( $(size "$site/pagefind") / 1024 )) KiB |"
echo "| index files | $(files "$site/search") | $(files "$site/pagefind") |"
echo
echo "The project's bytes per query (every file is gzip-compressed already):"
go test -run '^$' -bench 'Transfer' -short -benchtime 1x ./internal/search/ | grep Benchmark
