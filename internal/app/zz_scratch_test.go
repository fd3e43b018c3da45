package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkScratchBuild(b *testing.B) {
	root := os.Getenv("COLL")
	s, err := Open(OpenOptions{Dir: root})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.Config.Output = filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := s.Build(context.Background(), BuildOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
