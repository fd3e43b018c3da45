package markdown

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

var pathological = flag.Bool("pathological", false, "run BenchmarkPathological, on inputs goldmark itself is slow on")

func readGuide(tb testing.TB) []byte {
	src, err := os.ReadFile(filepath.Join("testdata", "guide.md"))
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// BenchmarkScan scans a typical guide body of 4 KiB.
func BenchmarkScan(b *testing.B) {
	src := readGuide(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(src)
	}
}

// BenchmarkParse parses the same body with goldmark configured as the
// site, for comparison with BenchmarkScan.
func BenchmarkParse(b *testing.B) {
	src := readGuide(b)
	p := siteMarkdown().Parser()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		p.Parse(text.NewReader(src))
	}
}

// BenchmarkMayHaveLocalRefs runs MayHaveLocalRefs on the typical body,
// which links to other guides early on, and on a body of the same size
// without links, which it reads to the end.
func BenchmarkMayHaveLocalRefs(b *testing.B) {
	guide := readGuide(b)
	plain := withoutLinks(guide)
	if MayHaveLocalRefs(plain) {
		b.Fatal("MayHaveLocalRefs(body without links) = true")
	}
	for _, bm := range []struct {
		name string
		src  []byte
	}{{"links", guide}, {"nolinks", plain}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(bm.src)))
			b.ReportAllocs()
			for b.Loop() {
				MayHaveLocalRefs(bm.src)
			}
		})
	}
}

// withoutLinks returns src with every "](", "]:" and "<" made harmless and
// without "ftp:".
func withoutLinks(src []byte) []byte {
	s := strings.NewReplacer("](", "] (", "]:", "] :", "<", "‹", "ftp:", "ftp").Replace(string(src))
	return []byte(s)
}

// Inputs on which goldmark v1.8.7 itself is slow, whatever Scan adds.
// Measured with -pathological -benchtime 1x on a 2-core AMD EPYC (Turin)
// virtual machine (ranges over runs); nearly all the time is spent in
// goldmark's parse:
//
//   - "[a](" repeated to 150 KB: 5.1 to 5.8 s. Each "](" makes the link
//     parser read a destination up to the end of the line (the "(" are
//     never balanced, there is no space), and then fail: quadratic.
//   - "*a_" repeated to 300 KB: 64 to 124 s, in parser.ProcessDelimiters:
//     delimiters that never match are looked through again for every
//     closer.
//   - "[a]: b\n" repeated to 350 KB (50,000 definitions in one
//     paragraph): 1.9 to 2.5 s. For every definition, the block reader
//     looks through all the paragraph's lines to get the label's text,
//     and the lines after it are copied to take it out.
//   - 50,000 "[" then 50,000 "]" (100 KB): 0.5 s; 1 MB of "[": 1.1 s.
//
// MayHaveLocalRefs answers true for the first and third (they hold "](" or
// "]:") and false for the others. Check refuses all four before anything
// parses them (see limits.go and docs/goldmark-limits.md); the benchmark
// measures goldmark itself. Scan adds little to any of them (see
// BenchmarkScanStress, on inputs goldmark parses fast).
func BenchmarkPathological(b *testing.B) {
	if !*pathological {
		b.Skip("goldmark itself is slow on these; run with -pathological")
	}
	for name, src := range map[string][]byte{
		"open-links":  bytes.Repeat([]byte("[a]("), 150_000/4),
		"emphasis":    bytes.Repeat([]byte("*a_"), 100_000),
		"definitions": bytes.Repeat([]byte("[a]: b\n"), 50_000),
		"brackets":    append(bytes.Repeat([]byte("["), 50_000), bytes.Repeat([]byte("]"), 50_000)...),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Scan(src)
			}
		})
	}
}

// stressInputs are large inputs that stress Scan (many links, many
// brackets, many "<") but that goldmark itself parses in about linear time;
// each is about a megabyte divided by div.
func stressInputs(div int) map[string][]byte {
	rep := func(s string, n int) []byte { return bytes.Repeat([]byte(s), n/div) }
	return map[string][]byte{
		"links":           rep("[a](b.md) ", 100_000),
		"links-one-line":  rep("[a](b.md)", 100_000),
		"refs":            append([]byte("[a]: b\n\n"), rep("[a] ", 200_000)...),
		"images-in-links": rep("[![a](b.png)](c.md)", 50_000),
		"lt":              rep("<", 1_000_000),
		"lt-scheme":       rep("<a", 500_000),
		"autolinks":       rep("<https://x.org> www.y.org ", 40_000),
		"closers":         rep("](", 500_000),
		"headings":        rep("# a\n", 100_000),
		"table":           append([]byte("a|b\n-|-\n"), rep("[a](b)|[c](d)\n", 50_000)...),
		"dest-lines":      rep("[a](\n\n", 100_000),
		"brackets":        append(rep("[", 10_000), rep("]", 10_000)...),
	}
}

// BenchmarkScanStress measures what Scan and MayHaveLocalRefs add to
// goldmark's parse on the inputs of stressInputs, about a megabyte each (a
// tenth of that with -short). Scan stays within a small multiple of the
// parse, and MayHaveLocalRefs far below it: the Scan and MayHaveLocalRefs
// runs report their time as a multiple of the parse's (x-goldmark), where
// a quadratic step would show as a ratio in the hundreds.
func BenchmarkScanStress(b *testing.B) {
	div := 1
	if testing.Short() {
		div = 10
	}
	inputs := stressInputs(div)
	p := siteMarkdown().Parser()
	for _, name := range slices.Sorted(maps.Keys(inputs)) {
		src := inputs[name]
		var parse float64 // nanoseconds a parse takes
		b.Run(name+"/goldmark", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				p.Parse(text.NewReader(src))
			}
			parse = perOp(b)
		})
		for _, f := range []struct {
			name string
			run  func([]byte)
		}{{"Scan", func(src []byte) { Scan(src) }}, {"MayHaveLocalRefs", func(src []byte) { MayHaveLocalRefs(src) }}} {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					f.run(src)
				}
				if parse > 0 {
					b.ReportMetric(perOp(b)/parse, "x-goldmark")
				}
			})
		}
	}
}

// perOp returns the nanoseconds each iteration of b took.
func perOp(b *testing.B) float64 {
	return float64(b.Elapsed().Nanoseconds()) / float64(b.N)
}
