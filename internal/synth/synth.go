// Package synth generates synthetic guide collections of any size for
// benchmarks: realistic front matter in both YAML quoting styles, unquoted
// and quoted dates with many equal ones, bodies of 0.5 to 4 KiB, and about
// one guide in a hundred in two categories. The output depends only on the
// options, so runs can be compared.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Options shape a collection.
type Options struct {
	Guides     int
	Categories int    // at least 1
	Seed       uint64 // the same seed gives the same files
}

// vocabulary is the words titles and bodies are made of.
const vocabulary = `cache queue shard replica index log stream broker
	lease token bucket ring hash tree page proxy gateway socket packet route
	load balancer schema table lock clock vector quorum leader follower
	snapshot compaction bloom filter retry backoff circuit breaker limit
	window batch pipeline event saga outbox webhook cursor cookie session
	certificate handshake latency throughput partition consensus gossip`

// Generate calls emit for every file of the collection, with its path
// relative to the collection root: data/categories/*.md, data/guides/*.md
// and README.md.
func Generate(opts Options, emit func(path string, data []byte) error) error {
	if opts.Categories < 1 {
		opts.Categories = 1
	}
	g := &gen{r: rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15)), words: strings.Fields(vocabulary)}
	r := g.r
	catIDs := make([]string, opts.Categories)
	for i := range catIDs {
		title := titleCase(g.pick(2))
		catIDs[i] = fmt.Sprintf("category-%03d-%s", i, slug(title))
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: '%s'\ndescription: 'Guides about %s.'\nimage: 'https://example.org/images/c%d.png'\nicon: '/icons/c%d.png'\nsort: %d\n---\n\n",
			title, strings.ToLower(title), i, i, (i+1)*10)
		g.body(&b, 300+r.IntN(400))
		if err := emit("data/categories/"+catIDs[i]+".md", []byte(b.String())); err != nil {
			return err
		}
	}
	// About forty guides share each day, so equal dates are common.
	days := max(1, opts.Guides/40)
	for i := 0; i < opts.Guides; i++ {
		// Titles of a curated collection are unique: the number makes sure.
		title := fmt.Sprintf("%s %d", titleCase(g.pick(3+r.IntN(5))), i)
		id := slug(title)
		day := 19700 + r.IntN(days) // days since 1970: 2023 onwards
		date := dateString(day)
		var b strings.Builder
		b.WriteString("---\n")
		switch i % 3 {
		case 0: // double quotes everywhere, as most real guides are written
			fmt.Fprintf(&b, "title: \"%s\"\ndescription: \"A visual guide to %s.\"\nimage: \"https://example.org/diagrams/%d.png\"\ncreatedAt: \"%s\"\n",
				title, strings.ToLower(title), i, date)
		case 1: // single quotes
			fmt.Fprintf(&b, "title: '%s'\ndescription: 'How %s works, step by step.'\nimage: 'https://example.org/diagrams/%d.png'\ncreatedAt: '%s'\n",
				title, strings.ToLower(title), i, date)
		default: // plain scalars and an unquoted date
			fmt.Fprintf(&b, "title: %s\ndescription: Why %s matters.\nimage: https://example.org/diagrams/%d.png\ncreatedAt: %s\n",
				title, strings.ToLower(title), i, date)
		}
		b.WriteString("draft: false\ncategories:\n")
		c := r.IntN(len(catIDs))
		fmt.Fprintf(&b, "  - %s\n", catIDs[c])
		if r.IntN(100) == 0 && len(catIDs) > 1 {
			fmt.Fprintf(&b, "  - %s\n", catIDs[(c+1+r.IntN(len(catIDs)-1))%len(catIDs)])
		}
		b.WriteString("tags:\n")
		for range 1 + r.IntN(3) {
			fmt.Fprintf(&b, "  - \"%s\"\n", titleCase(g.pick(1)))
		}
		b.WriteString("---\n\n")
		g.body(&b, 512+r.IntN(3328)) // stops within 260 bytes past n: at most 4 KiB
		if err := emit("data/guides/"+id+".md", []byte(b.String())); err != nil {
			return err
		}
	}
	return emit("README.md", []byte("# Synthetic guides\n\n<!-- TOC -->\n<!-- /TOC -->\n"))
}

// gen holds the state of one generation.
type gen struct {
	r     *rand.Rand
	words []string
}

func (g *gen) pick(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.words[g.r.IntN(len(g.words))]
	}
	return out
}

func titleCase(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(out, " ")
}

func slug(title string) string { return strings.ToLower(strings.ReplaceAll(title, " ", "-")) }

// body writes about n bytes of markdown: paragraphs, a list, a heading.
func (g *gen) body(b *strings.Builder, n int) {
	start := b.Len()
	for b.Len()-start < n {
		switch g.r.IntN(6) {
		case 0:
			fmt.Fprintf(b, "## %s\n\n", titleCase(g.pick(3)))
		case 1:
			for range 3 {
				fmt.Fprintf(b, "- %s\n", strings.Join(g.pick(6), " "))
			}
			b.WriteString("\n")
		default:
			s := strings.Join(g.pick(24), " ")
			fmt.Fprintf(b, "%s%s.\n\n", strings.ToUpper(s[:1]), s[1:])
		}
	}
}

// dateString formats days since 1970-01-01 as YYYY-MM-DD.
func dateString(days int) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format(time.DateOnly)
}
