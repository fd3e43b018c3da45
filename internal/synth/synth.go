// Package synth generates synthetic guide collections of any size for
// benchmarks: realistic front matter, dates with many equal ones, and about
// one guide in a hundred in two categories, in one of three shapes (see
// Shape). The output depends only on the options, so runs can be compared.
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
	Shape      Shape  // "" is Plain
}

// Shape is how the files of a collection are written.
type Shape string

const (
	// Plain: each guide in one of three quoting styles (double, single,
	// none), block lists of categories and double-quoted tags, LF line
	// ends, bodies of 0.5 to 4 KiB.
	Plain Shape = "plain"
	// Blocks: single-quoted titles, descriptions, categories and tags, a
	// double-quoted image, block lists, an unquoted date, bodies of about
	// 4 KiB (3.5 to 4.5).
	Blocks Shape = "blocks"
	// Mixed: CRLF line ends and a UTF-8 byte order mark in every file;
	// comments on lines of their own and after values; flow and block
	// lists, mixed; blank lines between keys; spaces at the ends of
	// lines; double-quoted texts with escapes (\" \\ \/ \u00e9);
	// single-quoted texts with ''; bodies of 0.5 to 4 KiB.
	Mixed Shape = "mixed"
)

// Shapes lists every shape, the default first.
func Shapes() []Shape { return []Shape{Plain, Blocks, Mixed} }

// ParseShape returns the shape named s.
func ParseShape(s string) (Shape, error) {
	for _, sh := range Shapes() {
		if string(sh) == s {
			return sh, nil
		}
	}
	return "", fmt.Errorf("unknown shape %q: want plain, blocks or mixed", s)
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
	switch opts.Shape {
	case "", Plain, Blocks, Mixed:
	default:
		return fmt.Errorf("synth: unknown shape %q", opts.Shape)
	}
	g := &gen{r: rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15)), words: strings.Fields(vocabulary)}
	r := g.r
	catIDs := make([]string, opts.Categories)
	for i := range catIDs {
		title := titleCase(g.pick(2))
		catIDs[i] = fmt.Sprintf("category-%03d-%s", i, slug(title))
		var b strings.Builder
		switch opts.Shape {
		case Mixed:
			fmt.Fprintf(&b, "%s---\n# The category of %s.\ntitle: \"%s\"   \ndescription: 'Guides about %s, and what''s in them.' # shown under the title\n\nimage: https://example.org/images/c%d.png\nicon: \"https:\\/\\/example.org\\/icons\\/c%d.png\"\nsort: %d # ascending\n---\n\n",
				bom, strings.ToLower(title), title, strings.ToLower(title), i, i, (i+1)*10)
		default:
			fmt.Fprintf(&b, "---\ntitle: '%s'\ndescription: 'Guides about %s.'\nimage: 'https://example.org/images/c%d.png'\nicon: 'https://example.org/icons/c%d.png'\nsort: %d\n---\n\n",
				title, strings.ToLower(title), i, i, (i+1)*10)
		}
		g.body(&b, 300+r.IntN(400))
		if err := emit("data/categories/"+catIDs[i]+".md", g.finish(opts.Shape, &b)); err != nil {
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
		switch opts.Shape {
		case Blocks:
			g.blocksGuide(&b, i, title, date, catIDs)
		case Mixed:
			g.mixedGuide(&b, i, title, date, catIDs)
		default:
			g.plainGuide(&b, i, title, date, catIDs)
		}
		if err := emit("data/guides/"+id+".md", g.finish(opts.Shape, &b)); err != nil {
			return err
		}
	}
	return emit("README.md", []byte("# Synthetic guides\n\n<!-- TOC -->\n<!-- /TOC -->\n"))
}

// bom is the UTF-8 byte order mark.
const bom = "\uFEFF"

// finish returns the bytes of a file, with CRLF line ends in the mixed
// shape.
func (g *gen) finish(shape Shape, b *strings.Builder) []byte {
	if shape == Mixed {
		return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
	}
	return []byte(b.String())
}

// plainGuide writes a guide of the plain shape. It draws from the
// generator exactly as the first version of this package did, so that
// collections made before shapes existed are made again byte for byte.
func (g *gen) plainGuide(b *strings.Builder, i int, title, date string, catIDs []string) {
	r := g.r
	b.WriteString("---\n")
	switch i % 3 {
	case 0: // double quotes everywhere, as most real guides are written
		fmt.Fprintf(b, "title: \"%s\"\ndescription: \"A visual guide to %s.\"\nimage: \"https://example.org/diagrams/%d.png\"\ncreatedAt: \"%s\"\n",
			title, strings.ToLower(title), i, date)
	case 1: // single quotes
		fmt.Fprintf(b, "title: '%s'\ndescription: 'How %s works, step by step.'\nimage: 'https://example.org/diagrams/%d.png'\ncreatedAt: '%s'\n",
			title, strings.ToLower(title), i, date)
	default: // plain scalars and an unquoted date
		fmt.Fprintf(b, "title: %s\ndescription: Why %s matters.\nimage: https://example.org/diagrams/%d.png\ncreatedAt: %s\n",
			title, strings.ToLower(title), i, date)
	}
	b.WriteString("draft: false\ncategories:\n")
	c := r.IntN(len(catIDs))
	fmt.Fprintf(b, "  - %s\n", catIDs[c])
	if r.IntN(100) == 0 && len(catIDs) > 1 {
		fmt.Fprintf(b, "  - %s\n", catIDs[(c+1+r.IntN(len(catIDs)-1))%len(catIDs)])
	}
	b.WriteString("tags:\n")
	for range 1 + r.IntN(3) {
		fmt.Fprintf(b, "  - \"%s\"\n", titleCase(g.pick(1)))
	}
	b.WriteString("---\n\n")
	g.body(b, 512+r.IntN(3328)) // stops within 260 bytes past n: at most 4 KiB
}

// categories returns one category id, or two for about one guide in a
// hundred.
func (g *gen) categories(catIDs []string) []string {
	c := g.r.IntN(len(catIDs))
	if g.r.IntN(100) == 0 && len(catIDs) > 1 {
		return []string{catIDs[c], catIDs[(c+1+g.r.IntN(len(catIDs)-1))%len(catIDs)]}
	}
	return []string{catIDs[c]}
}

// tags returns one to four tags.
func (g *gen) tags() []string {
	tags := make([]string, 1+g.r.IntN(4))
	for k := range tags {
		tags[k] = titleCase(g.pick(1))
	}
	return tags
}

// blocksGuide writes a guide of the blocks shape.
func (g *gen) blocksGuide(b *strings.Builder, i int, title, date string, catIDs []string) {
	r := g.r
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: '%s'\n", title)
	desc := fmt.Sprintf("A step-by-step look at %s, and when it is the right tool.", strings.ToLower(title))
	if i%4 == 0 {
		desc = fmt.Sprintf("What %s is, and why it''s used.", strings.ToLower(title))
	}
	fmt.Fprintf(b, "description: '%s'\n", desc)
	fmt.Fprintf(b, "image: \"https://example.org/diagrams/%s.png\"\n", slug(title))
	fmt.Fprintf(b, "createdAt: %s\n", date)
	b.WriteString("draft: false\ncategories:\n")
	for _, c := range g.categories(catIDs) {
		fmt.Fprintf(b, "  - '%s'\n", c)
	}
	b.WriteString("tags:\n")
	for _, t := range g.tags() {
		fmt.Fprintf(b, "  - '%s'\n", t)
	}
	b.WriteString("---\n\n")
	g.body(b, 3500+r.IntN(800))
}

// mixedGuide writes a guide of the mixed shape, varying its front matter
// from one guide to the next.
func (g *gen) mixedGuide(b *strings.Builder, i int, title, date string, catIDs []string) {
	r := g.r
	b.WriteString(bom + "---\n")
	if i%2 == 0 {
		fmt.Fprintf(b, "# Guide %d, generated.\n", i)
	}
	switch i % 4 {
	case 0: // escapes in double quotes
		fmt.Fprintf(b, "title: \"%s\"\n", title)
		fmt.Fprintf(b, "description: \"The \\\"%s\\\" pattern, caf\\u00e9 style: a\\/b \\\\ c.\"  # escapes\n", strings.ToLower(title))
	case 1: // single quotes, a doubled one
		fmt.Fprintf(b, "title: '%s'\n", title)
		fmt.Fprintf(b, "description: 'Why %s isn''t magic.'\n", strings.ToLower(title))
	case 2: // plain, with spaces after values
		fmt.Fprintf(b, "title: %s   \n", title)
		fmt.Fprintf(b, "description: How %s works, step by step.  \n", strings.ToLower(title))
	default: // trailing comments
		fmt.Fprintf(b, "title: \"%s\" # the title\n", title)
		fmt.Fprintf(b, "description: 'A visual guide to %s.'    # shown in lists\n", strings.ToLower(title))
	}
	b.WriteString("\n")
	if i%3 == 0 {
		fmt.Fprintf(b, "image: https://example.org/diagrams/%d.png # diagram\n", i)
	} else {
		fmt.Fprintf(b, "image: \"https://example.org/diagrams/%d.png\"\n", i)
	}
	if i%2 == 0 {
		fmt.Fprintf(b, "createdAt: %s\n", date)
	} else {
		fmt.Fprintf(b, "createdAt: '%s' \n", date)
	}
	b.WriteString("draft: false\n")
	cats, tags := g.categories(catIDs), g.tags()
	if i%2 == 0 {
		b.WriteString("# Where it is listed.\ncategories:\n")
		for _, c := range cats {
			fmt.Fprintf(b, "- %s\n", c)
		}
		fmt.Fprintf(b, "tags: [%s]\n", quoteAll(tags, "'", ", "))
	} else {
		fmt.Fprintf(b, "categories: [ %s ]  # flow\n", quoteAll(cats, "", ", "))
		b.WriteString("tags:\n")
		for k, t := range tags {
			if k%2 == 0 {
				fmt.Fprintf(b, "  - \"%s\"\n", t)
			} else {
				fmt.Fprintf(b, "  - %s # a tag\n", t)
			}
		}
	}
	b.WriteString("---\n\n")
	g.body(b, 512+r.IntN(3328))
}

// quoteAll joins ss with sep, each between quotes q.
func quoteAll(ss []string, q, sep string) string {
	out := make([]string, len(ss))
	for k, s := range ss {
		out[k] = q + s + q
	}
	return strings.Join(out, sep)
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
