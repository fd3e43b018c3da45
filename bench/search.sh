#!/usr/bin/env bash
# bench/search.sh puts the project's search beside Pagefind on the same
# built site. It builds the site of a collection with guides, marks the
# article of every guide page with data-pagefind-body (as a site that
# searches with Pagefind does: Pagefind then indexes the guides, as the
# project does, and not the lists of them), indexes that site with
# Pagefind (the npm package, pinned, installed into .tools/), and prints
# side by side the time to build each index, its size and number of
# files. Then internal/cmd/searchbench serves the site as GitHub Pages
# serves one and types every query of bench/search-queries.txt in each
# search box in headless Chromium, on a fresh page and on a warm one,
# and prints the time from the last keystroke to the results, the bytes
# transferred, the longest task and the first five results of each side.
#
# Usage: bench/search.sh [-n GUIDES] [-r RUNS] [-t THROTTLE] [-q FILE] [-s] [DIR]
#
#   DIR  a collection (default: a synthetic one of GUIDES guides, 400)
#   -r   runs of every query on every side (default 1): medians are shown
#   -t   make the processor THROTTLE times slower (4 is Lighthouse's phone)
#   -q   the queries, one a line (default bench/search-queries.txt)
#   -s   the index sizes and build times only, without the browser
#
# Needs Go, Node.js, npm and Chromium. The times are of one run each on
# whatever else the machine does: compare the two columns of one run,
# and give the load average (printed) with them.
set -euo pipefail
cd "$(dirname "$0")/.."

guides=400
runs=1
throttle=1
queries=bench/search-queries.txt
sizes_only=
while getopts "n:r:t:q:s" opt; do
  case $opt in
    n) guides=$OPTARG ;;
    r) runs=$OPTARG ;;
    t) throttle=$OPTARG ;;
    q) queries=$OPTARG ;;
    s) sizes_only=1 ;;
    *) sed -n '2,24p' "$0"; exit 2 ;;
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
go build -o "$work/searchbench" ./internal/cmd/searchbench

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
# Only the guide pages: Pagefind indexes the pages that have the mark.
grep -l --null 'class="page-guide"' "$site"/*/index.html |
  xargs -0 sed -i 's|<article class="guide">|<article class="guide" data-pagefind-body>|'
t2=$(ms)
.tools/node_modules/.bin/pagefind --site "$site" --output-subdir pagefind >/dev/null
t3=$(ms)

size() { du -sb "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(find "$dir/data/guides" -name '*.md' | wc -l) guides in $dir"
echo
echo "| measure | guides | Pagefind 1.6.0 |"
echo "| --- | ---: | ---: |"
echo "| index build time | $(( (t1 - t0) / 1000000 )) ms (the whole site, index included) | $(( (t3 - t2) / 1000000 )) ms (the index alone, of the built site) |"
echo "| index size on disk | $(( $(size "$site/search") / 1024 )) KiB | $(( $(size "$site/pagefind") / 1024 )) KiB |"
echo "| index files | $(files "$site/search") | $(files "$site/pagefind") |"
echo
[ -n "$sizes_only" ] && exit 0
"$work/searchbench" -site "$site" -queries "$queries" -runs "$runs" -throttle "$throttle" -top
