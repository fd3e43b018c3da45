package rules

import (
	"testing"
	"testing/fstest"
)

// TestClosestBound checks that "did you mean" stops comparing names once
// a check has compared maxCompared of them, and suggests until then.
func TestClosestBound(t *testing.T) {
	fsys := fstest.MapFS{"data/guides/tcp-vs-udp.md": {}, "data/guides/.tcp-vs-udpp.md.swp": {}}
	l := newLinker(fsys, nil)
	if got := l.closest("tcp-vs-udpp.md#part", []string{"data/guides/tcp-vs-udpp.md"}); got != "tcp-vs-udp.md#part" {
		t.Errorf("closest = %q, want tcp-vs-udp.md#part", got)
	}
	l.compared = maxCompared
	if got := l.closest("tcp-vs-udpp.md", []string{"data/guides/tcp-vs-udpp.md"}); got != "" {
		t.Errorf("closest past the bound = %q, want none", got)
	}
}
