#!/usr/bin/env bash
# bench/run.sh times whole `guides readme` and `guides check` processes on
# synthetic collections, beside the file-system floor (a command that only
# lists the data folders and reads every file whole); whole `guides build`
# processes of up to 100,000 guides beside the floor of writing (`floor
# -write`: the same folders and files, made from memory) and, where a `hugo`
# is installed ($HUGO, else on the PATH), beside Hugo building the same
# guides; a second `guides build` after one guide's body changed, beside
# the whole build; and the time from saving each kind of edit to the page
# that shows it under `guides serve` (BenchmarkServeEdit). It writes the
# tables to docs/performance.md with the machine it ran on.
#
# Usage: bench/run.sh [-r RUNS] [-d DIR] [-s SHAPES] [-b SHAPE] [-n] [-e] [SIZE...]
#
#   -r RUNS  timed runs of each command per size (default 5); the table shows
#            the median wall time and the largest peak RSS
#   -d DIR   where binaries and collections go (default $GUIDES_BENCH_DIR or
#            /tmp/guides-bench); collections are generated once and kept
#   -s SHAPES  shapes of front matter (internal/synth) timed at 100,000
#            guides, or at the largest SIZE below that, each beside its
#            floor (default "plain blocks mixed"; "" for none)
#   -b SHAPE the shape of the collections the website's rows build
#            (default plain)
#   -n       print the table only; do not write docs/performance.md
#   -e       leave out the benchmark of edits under guides serve, which
#            makes and serves collections of its own (minutes at 100,000)
#   SIZE     numbers of guides (default: 400 10000 100000 1000000)
#
# The file cache is warm: every command runs once before it is timed. Runs
# of the floor, readme and check alternate, so that a machine whose speed
# drifts treats them alike. Needs /usr/bin/time (Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
dir=${GUIDES_BENCH_DIR:-/tmp/guides-bench}
write=1
shapes="plain blocks mixed"
buildShape=plain
serve=1
while getopts "r:d:s:b:ne" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    d) dir=$OPTARG ;;
    s) shapes=$OPTARG ;;
    b) buildShape=$OPTARG ;;
    e) serve=0 ;;
    n) write=0 ;;
    *) sed -n '2,32p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(400 10000 100000 1000000)

if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing: apt-get install time" >&2
  exit 2
fi

bin=$dir/bin
mkdir -p "$bin"
# A static binary starts faster than one linked against the C library,
# which the net package (through the flag library) would bring otherwise.
CGO_ENABLED=0 go build -trimpath -o "$bin/guides" ./cmd/guides
CGO_ENABLED=0 go build -trimpath -o "$bin/floor" ./internal/cmd/floor
CGO_ENABLED=0 go build -trimpath -o "$bin/synth" ./internal/cmd/synth

# measure FILE CMD...: time CMD, then run it again under /usr/bin/time for
# its peak RSS, and append "seconds KiB" to FILE. The time is taken from
# bash's clock around the bare command, since /usr/bin/time counts only
# hundredths of a second; the /bin/true line under the table shows what
# starting a process this way costs.
measure() {
  local out=$1 t start end
  shift
  t=$(mktemp)
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "bench: $* failed" >&2; exit 1; }
  end=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$t" "$@" >/dev/null 2>&1
  echo "$start $end $(tail -n 1 "$t")" | awk '{ printf "%.6f %s\n", $2 - $1, $3 }' >>"$out"
  rm -f "$t"
}

# summary FILE: "median-seconds max-MiB"
summary() {
  sort -n "$1" | awk '{ s[NR] = $1; if ($2 > m) m = $2 } END {
    med = (NR % 2) ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
    printf "%.6f %.1f\n", med, m / 1024 }'
}

# collection N SHAPE: the folder of the collection of N guides of a shape,
# generated on first use. The plain shape's folder keeps its old name.
collection() {
  local coll=$dir/c$1
  [ "$2" = plain ] || coll=$coll-$2
  if [ ! -f "$coll/.complete" ]; then
    echo "bench: generating $1 guides of shape $2 in $coll" >&2
    rm -rf "$coll"
    "$bin/synth" -guides "$1" -categories 20 -seed 1 -shape "$2" -o "$coll" >&2
    touch "$coll/.complete"
  fi
  echo "$coll"
}

# timeReadme KEY FOLDER: time the floor, guides readme and guides check on
# a collection, alternately, into the results named KEY.
timeReadme() {
  local key=$1 coll=$2
  # Warm the file cache and make README current, as it is on most runs.
  "$bin/floor" -C "$coll" >/dev/null
  "$bin/guides" -C "$coll" readme >/dev/null
  "$bin/guides" -C "$coll" check >/dev/null
  echo "bench: timing $key, $runs runs" >&2
  for ((r = 0; r < runs; r++)); do
    measure "$results/floor-$key" "$bin/floor" -C "$coll"
    measure "$results/readme-$key" "$bin/guides" -C "$coll" readme
    measure "$results/check-$key" "$bin/guides" -C "$coll" check
  done
}

# hugo_site COLL OUT: a Hugo project of the guides and categories of the
# collection COLL, in OUT: the same files as content (Hugo reads their YAML
# front matter; createdAt is the date, categories and tags are its default
# taxonomies) and the fewest layouts that make the same pages: the index of
# every category with its guides, a page per category, guide and tag, the
# list of tags, the feed and the sitemap.
hugo_site() {
  local coll=$1 out=$2 f id
  [ -f "$out/.complete" ] && return
  rm -rf "$out"
  mkdir -p "$out/content/guides" "$out/content/categories" "$out/layouts/_default"
  cp "$coll"/data/guides/*.md "$out/content/guides/"
  for f in "$coll"/data/categories/*.md; do
    id=$(basename "$f" .md)
    mkdir -p "$out/content/categories/$id"
    cp "$f" "$out/content/categories/$id/_index.md"
  done
  cat >"$out/hugo.yaml" <<'YAML'
baseURL: https://example.org/guides/
title: Bench
frontmatter:
  date: [createdAt, ":default"]
YAML
  # :contentbasename is Hugo 0.144's name of what :filename was before.
  if [ "$hugoMinor" -ge 144 ]; then
    printf 'permalinks:\n  page:\n    guides: /:contentbasename/\n' >>"$out/hugo.yaml"
  else
    printf 'permalinks:\n  guides: /:filename/\n' >>"$out/hugo.yaml"
  fi
  cat >"$out/layouts/_default/baseof.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.description }}{{ . }}{{ else }}{{ .Title }}{{ end }}"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat >"$out/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.description }}<p>{{ . }}</p>{{ end }}{{ .Content }}
<ul>{{ range .GetTerms "categories" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>{{ end }}
HTML
  cat >"$out/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time> {{ .Params.description }}</li>{{ end }}</ul>{{ end }}
HTML
  cat >"$out/layouts/index.html" <<'HTML'
{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range site.Taxonomies.categories }}<section><h2><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time></li>{{ end }}</ul></section>{{ end }}{{ end }}
HTML
  touch "$out/.complete"
}

results=$(mktemp -d)
for n in "${sizes[@]}"; do
  timeReadme "$n" "$(collection "$n" plain)"
done
# The shapes, at 100,000 guides or the largest size below.
shapeSize=0
for n in "${sizes[@]}"; do
  if [ "$n" -le 100000 ] && [ "$n" -gt "$shapeSize" ]; then shapeSize=$n; fi
done
shapeList=()
if [ "$shapeSize" -gt 0 ]; then
  for s in $shapes; do
    shapeList+=("$s")
    if [ "$s" = plain ]; then
      for f in floor readme check; do cp "$results/$f-$shapeSize" "$results/$f-$shapeSize-plain"; done
    else
      timeReadme "$shapeSize-$s" "$(collection "$shapeSize" "$s")"
    fi
  done
fi
# The website: whole builds, to disk, of the collections of 100,000 guides
# or fewer, beside the floor of writing the same site and beside Hugo.
hugo=${HUGO:-$(command -v hugo || true)}
hugoMinor=0
if [ -n "$hugo" ]; then
  hugoMinor=$("$hugo" version | sed -n 's/^hugo v0\.\([0-9]*\).*/\1/p')
  hugoMinor=${hugoMinor:-0}
fi
built=()
for n in "${sizes[@]}"; do
  [ "$n" -le 100000 ] || continue
  built+=("$n")
  coll=$(collection "$n" "$buildShape")
  hugoDir=$dir/hugo-$(basename "$coll")
  "$bin/guides" -C "$coll" build >/dev/null
  "$bin/floor" -write "$coll/public" -o "$dir/floor-c$n" >/dev/null
  if [ -n "$hugo" ] && [ "$n" -le 10000 ]; then
    hugo_site "$coll" "$hugoDir"
    "$hugo" --quiet -s "$hugoDir" -d "$hugoDir/public" >/dev/null
  fi
  echo "bench: timing guides build of $n guides of shape $buildShape, $runs runs" >&2
  # The guide whose body changes before each update.
  edited=$(find "$coll/data/guides" -name '*.md' | sort | sed -n "$((n / 2 + 1))p")
  cp "$edited" "$dir/edited.md"
  for ((r = 0; r < runs; r++)); do
    # A whole build, into a new folder swapped in, as a first build is.
    measure "$results/build-$n" "$bin/guides" -C "$coll" build --whole
    # The floor times its writing alone, from memory.
    "$bin/floor" -write "$coll/public" -o "$dir/floor-c$n" | awk '/^seconds / { print $2, 0 }' >>"$results/wfloor-$n"
    if [ -n "$hugo" ] && [ "$n" -le 10000 ]; then
      measure "$results/hugo-$n" "$hugo" --quiet -s "$hugoDir" -d "$hugoDir/public"
    fi
    # The next build after one body changed updates the folder in place.
    # measure runs a command twice: the second run finds nothing changed.
    printf '\nA paragraph of run %d.\n' "$r" >>"$edited"
    start=$EPOCHREALTIME
    "$bin/guides" -C "$coll" build >/dev/null
    end=$EPOCHREALTIME
    echo "$start $end" | awk '{ printf "%.6f 0\n", $2 - $1 }' >>"$results/update-$n"
    measure "$results/same-$n" "$bin/guides" -C "$coll" build
  done
  cp "$dir/edited.md" "$edited"
  "$bin/guides" -C "$coll" build >/dev/null
  rm -rf "$dir/floor-c$n"
done
# guides serve: from saving each kind of edit to the page that shows it,
# as the Go benchmark measures it, at the sizes of the table that it knows.
served=()
for n in "${built[@]}"; do
  [ "$serve" = 1 ] || break
  case $n in 10000 | 100000) served+=("$n") ;; esac
done
for n in "${served[@]}"; do
  echo "bench: timing guides serve edits at $n guides" >&2
  GUIDES_BENCH_GUIDES=$n go test ./internal/app -run '^$' -bench "BenchmarkServeEdit/guides=$n/" -benchtime "${runs}x" -timeout 3h |
    awk '/^BenchmarkServeEdit/ { split($1, p, "/"); sub(/-[0-9]+$/, "", p[3]); print p[3], $3 / 1e9, $5 / 1e3 }' >"$results/serve-$n"
done
for ((r = 0; r < runs; r++)); do
  measure "$results/true" /bin/true
  measure "$results/version" "$bin/guides" version
done

table=$(
  echo "| guides | floor | \`guides readme\` | × floor | peak RSS | \`guides check\` | × floor | peak RSS |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for n in "${sizes[@]}"; do
    read -r fs fm <<<"$(summary "$results/floor-$n")"
    read -r rs rm <<<"$(summary "$results/readme-$n")"
    read -r cs cm <<<"$(summary "$results/check-$n")"
    awk -v n="$n" -v fs="$fs" -v rs="$rs" -v rm="$rm" -v cs="$cs" -v cm="$cm" 'BEGIN {
      printf "| %\047d | %s | %s | %.2f | %.0f MiB | %s | %.2f | %.0f MiB |\n",
        n, secs(fs), secs(rs), rs / fs, rm, secs(cs), cs / fs, cm }
      function secs(s) { return s < 1 ? sprintf("%.1f ms", s * 1000) : sprintf("%.2f s", s) }'
  done
  if [ ${#shapeList[@]} -gt 0 ]; then
    echo
    echo "| shape at $(printf "%'d" "$shapeSize") guides | floor | \`guides readme\` | × floor | peak RSS | \`guides check\` | × floor | peak RSS |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for s in "${shapeList[@]}"; do
      read -r fs fm <<<"$(summary "$results/floor-$shapeSize-$s")"
      read -r rs rm <<<"$(summary "$results/readme-$shapeSize-$s")"
      read -r cs cm <<<"$(summary "$results/check-$shapeSize-$s")"
      awk -v s="$s" -v fs="$fs" -v rs="$rs" -v rm="$rm" -v cs="$cs" -v cm="$cm" 'BEGIN {
        printf "| %s | %s | %s | %.2f | %.0f MiB | %s | %.2f | %.0f MiB |\n",
          s, secs(fs), secs(rs), rs / fs, rm, secs(cs), cs / fs, cm }
        function secs(s) { return s < 1 ? sprintf("%.1f ms", s * 1000) : sprintf("%.2f s", s) }'
    done
  fi
  if [ ${#built[@]} -gt 0 ]; then
    echo
    [ "$buildShape" = plain ] || echo "The website's collections are of the $buildShape shape."
    echo "| guides | \`guides build\` | floor of writing | × floor | peak RSS | Hugo | × Hugo | Hugo's peak RSS | after one edit | × whole | nothing changed |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for n in "${built[@]}"; do
      read -r bs bm <<<"$(summary "$results/build-$n")"
      read -r ws _ <<<"$(summary "$results/wfloor-$n")"
      read -r us _ <<<"$(summary "$results/update-$n")"
      read -r ss _ <<<"$(summary "$results/same-$n")"
      hs=0 hm=0
      if [ -s "$results/hugo-$n" ]; then
        read -r hs hm <<<"$(summary "$results/hugo-$n")"
      fi
      awk -v n="$n" -v bs="$bs" -v bm="$bm" -v ws="$ws" -v hs="$hs" -v hm="$hm" -v hugo="$hugo" -v us="$us" -v ss="$ss" 'BEGIN {
        if (hs > 0) h = sprintf("%s | %.2f | %.0f MiB", secs(hs), bs / hs, hm)
        else if (hugo == "") h = "no hugo installed | | "
        else h = "not run at this size | | "
        printf "| %\047d | %s | %s | %.2f | %.0f MiB | %s | %s | %.3f | %s |\n", n, secs(bs), secs(ws), bs / ws, bm, h, secs(us), us / bs, secs(ss) }
        function secs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }'
    done
  fi
  if [ ${#served[@]} -gt 0 ]; then
    echo
    echo "| guides | edit under \`guides serve\` | saved → the page that shows it | saved → the search index follows |"
    echo "| ---: | --- | ---: | ---: |"
    for n in "${served[@]}"; do
      awk -v n="$n" '{ printf "| %\047d | %s | %.0f ms | %.1f s |\n", n, $1, $2 * 1000, $3 }' "$results/serve-$n"
    done
  fi
  read -r ts _ <<<"$(summary "$results/true")"
  read -r vs vm <<<"$(summary "$results/version")"
  echo
  awk -v ts="$ts" -v vs="$vs" -v vm="$vm" 'BEGIN {
    printf "Process start-up, measured the same way: `/bin/true` %.1f ms; `guides version` %.1f ms, %.0f MiB.\n", ts * 1000, vs * 1000, vm }'
)
rm -rf "$results"

machine=$(
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
  mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $mem, Linux $(uname -r), $(go version | awk '{ print $3 }'), $runs runs per cell"
)

echo "$table"
echo
echo "Machine: $machine"
if [ "$write" = 1 ]; then
  doc=docs/performance.md
  {
    echo "<!-- bench:begin -->"
    echo "Machine: $machine."
    echo
    echo "$table"
    echo "<!-- bench:end -->"
  } >"$results.table"
  awk -v table="$results.table" '
    /<!-- bench:begin -->/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0; next }
    !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  rm -f "$results.table"
  echo "bench: wrote $doc" >&2
fi
