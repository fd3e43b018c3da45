#!/usr/bin/env bash
# bench/lighthouse.sh builds this repository's site, serves it on the
# loopback address, and runs Lighthouse on each kind of page, as a phone
# (Lighthouse's default: a slow 4G network and a slowed processor) and as
# a desktop, printing a table of the four scores: the median of RUNS runs
# of each (5 by default), since a machine busy with other work slows some
# runs. Audits that fall short are printed on standard error. docs/site.md
# holds the table as last measured.
#
# Usage: bench/lighthouse.sh [-p PORT] [-r RUNS] [PAGE...]
#
#   PAGE  index, category, guide, tag, tags, search or 404 (default: all)
#
# Needs Node.js and npm (Lighthouse is installed from the npm registry into
# .tools/, which git ignores), Chromium (CHROME_PATH, default
# /usr/bin/chromium) and python3, whose http.server serves the built site.
set -euo pipefail
cd "$(dirname "$0")/.."

port=8731
runs=5
while getopts "p:r:" opt; do
  case $opt in
    p) port=$OPTARG ;;
    r) runs=$OPTARG ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
only=" $* "
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ ! -x .tools/node_modules/.bin/lighthouse ]; then
  npm install --prefix .tools --no-audit --no-fund --silent lighthouse@12
fi

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port/guides"
go run ./cmd/guides build --base-url "$base" -o "$work/site/guides" >/dev/null
(cd "$work/site" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -sf "$base/" >/dev/null && break; sleep 0.1; done

pages=(
  "index|$base/"
  "category|$base/caching/"
  "guide|$base/consistent-hashing/"
  "tag|$base/tags/caching/"
  "tags|$base/tags/"
  "search|$base/search/?q=cache"
  "404|$base/404.html"
)
printf '| page | form | performance | accessibility | best practices | SEO | performance of each run |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
for entry in "${pages[@]}"; do
  name=${entry%%|*}
  url=${entry#*|}
  [ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || continue
  for form in mobile desktop; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    for run in $(seq "$runs"); do
      .tools/node_modules/.bin/lighthouse "$url" "${preset[@]}" --quiet \
        --chrome-flags="--headless=new --no-sandbox" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$work/report-$run.json" >/dev/null 2>&1
    done
    node -e '
      const [name, form, ...files] = process.argv.slice(1);
      const reports = files.map(f => require(f));
      const median = k => {
        const v = reports.map(r => Math.round(r.categories[k].score * 100)).sort((a, b) => a - b);
        return v[(v.length - 1) >> 1];
      };
      const runs = reports.map(r => Math.round(r.categories.performance.score * 100)).join(", ");
      console.log(`| ${name} | ${form} | ${median("performance")} | ${median("accessibility")} | ${median("best-practices")} | ${median("seo")} | ${runs} |`);
      reports.forEach((r, i) => {
        for (const a of Object.values(r.audits)) {
          if (a.score !== null && a.score < 1 && !["informative", "manual", "notApplicable"].includes(a.scoreDisplayMode))
            console.error(`  ${name} ${form} run ${i + 1}: ${a.id} ${a.score} ${a.displayValue || ""}`);
        }
      });' "$name" "$form" "$work"/report-*.json
    rm -f "$work"/report-*.json
  done
done
