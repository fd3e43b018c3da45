package app

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestComplete completes the values of --category and --tag from the
// fixture collection.
func TestComplete(t *testing.T) {
	s := openAt(t, collection(t, nil))
	tests := []struct {
		flag, prefix string
		want         []Choice
	}{
		{"category", "", []Choice{{"net", "Networking"}, {"db", "Databases"}}},
		{"category", "d", []Choice{{"db", "Databases"}}},
		{"category", "x", nil},
		// Each tag once, as first written: "Caching" and "caching" are one.
		{"tag", "", []Choice{{Value: "Caching"}, {Value: "Drafting"}, {Value: "Go"}}},
		{"tag", "ca", []Choice{{Value: "Caching"}}},
		{"tag", "CA", []Choice{{Value: "Caching"}}},
		{"tag", "D", []Choice{{Value: "Drafting"}}},
		{"tag", "z", nil},
		{"author", "", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.flag, tt.prefix), func(t *testing.T) {
			if got := s.Complete(context.Background(), tt.flag, tt.prefix); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCompleteLeniently completes in a folder that has no collection yet,
// and in one that cannot be read: nothing, and no error.
func TestCompleteLeniently(t *testing.T) {
	empty, err := Open(OpenOptions{Dir: t.TempDir(), Starting: true})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if got := empty.Complete(context.Background(), "category", ""); got != nil {
		t.Errorf("a folder without a collection gives %q", got)
	}

	// The guides folder is a file: the collection cannot be read.
	root := collection(t, nil)
	replace(t, root, "data/guides", func(p string) error { writeFile(t, root, "data/guides", "a file\n"); return nil })
	if got := openAt(t, root).Complete(context.Background(), "category", ""); got != nil {
		t.Errorf("a collection that cannot be read gives %q", got)
	}
}
