//go:build unix

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/search"
)

// TestStoredCutUnderQuery plays another program cutting the stored index
// short while a search reads it where it is mapped: the search reports a
// damaged index instead of the program being stopped by the system, and
// the command builds the index again.
func TestStoredCutUnderQuery(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	root := collection(t, nil)
	s := openAt(t, root)
	if _, err := s.Search(context.Background(), SearchOptions{Query: "packets"}); err != nil {
		t.Fatal(err)
	}
	l, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := l.Coll.Published()
	ix, release, cached, err := s.searchIndex(context.Background(), c, false)
	if err != nil || !cached {
		t.Fatalf("the stored index was not used: cached %v, %v", cached, err)
	}
	dir, name := searchCachePath(root)
	if err := os.Truncate(filepath.Join(dir, name), 0); err != nil {
		t.Fatal(err)
	}
	var res SearchResult
	err = runStored(ix, release, c, search.Query{Text: "packets"}, 0, &res)
	if err == nil || !strings.Contains(err.Error(), "changed as it was read") {
		t.Fatalf("a query of an index cut short under it: %v, want an error", err)
	}
	res, err = s.Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("after the index was cut short: %d found, %v", len(res.Hits), err)
	}
}
