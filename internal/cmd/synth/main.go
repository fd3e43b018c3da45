// Command synth writes a synthetic guide collection for benchmarks.
//
// Usage:
//
//	go run ./internal/cmd/synth -guides 100000 -categories 20 [-shape plain|blocks|mixed] -o DIR
//
// DIR must not exist yet, or be empty.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/visual-guides/guides/internal/synth"
)

func main() {
	guides := flag.Int("guides", 400, "number of guides")
	categories := flag.Int("categories", 15, "number of categories")
	seed := flag.Uint64("seed", 1, "seed of the generator; the same seed writes the same files")
	shapeName := flag.String("shape", string(synth.Plain), "how files are written: plain, blocks (block lists, single quotes, 4 KiB bodies) or mixed (CRLF, BOM, comments, mixed lists)")
	out := flag.String("o", "", "output `folder`, new or empty")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	shape, err := synth.ParseShape(*shapeName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(2)
	}
	if err := write(*out, synth.Options{Guides: *guides, Categories: *categories, Seed: *seed, Shape: shape}); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

func write(dir string, opts synth.Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	for _, sub := range []string{"data/guides", "data/categories"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	return synth.Generate(opts, func(p string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), data, 0o644)
	})
}
