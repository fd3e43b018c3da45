package search

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// overEdits are edits of a list of documents, one after another, as an
// index written over the last one meets them: whole says that the edit
// changes so many files that every file is written again.
var overEdits = []struct {
	name  string
	edit  func(docs []Doc)
	whole bool
}{
	{"a body", func(docs []Doc) {
		docs[7].Body = append(slices.Clone(docs[7].Body), Block{Kind: Prose, Text: "A quokka and a zebra share a queue."})
	}, false},
	{"nothing", func([]Doc) {}, false},
	{"a title", func(docs []Doc) { docs[30].Title = "Quokka caches at the edge" }, false},
	{"the same body again", func(docs []Doc) {
		docs[7].Body = append(slices.Clone(docs[7].Body), Block{Kind: Prose, Text: "Then a zebra leaves."})
	}, false},
	{"every title", func(docs []Doc) {
		for i := range docs {
			docs[i].Title = fmt.Sprintf("Guide %d of many", i)
		}
	}, true},
}

// TestFilesOverLast writes the index of a collection, then, after each
// of overEdits, the index of the edited documents over the last one, into
// a folder kept as a site's is (the files listed stay, the others go),
// and expects a reader of that folder to see what it sees of a whole
// index of the same documents, with fewer files written.
func TestFilesOverLast(t *testing.T) {
	_, docs := collectionDocs(t, synthFS(t, 120))
	opts := FileOptions{ShardBytes: 2 << 10, BucketBytes: 512}
	folder, put := collectFiles()
	last, err := Build(docs).WriteFiles(opts, put)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range overEdits {
		docs = slices.Clone(docs)
		e.edit(docs)
		ix := Build(docs)
		whole, wput := collectFiles()
		if _, err := ix.WriteFiles(opts, wput); err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Last = last
		written, put := collectFiles()
		list, err := ix.WriteFiles(o, put)
		if err != nil {
			t.Fatal(err)
		}
		folder, last = folderAfter(t, list, written, folder), list

		got, want := readerView(t, folder), readerView(t, whole)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the reader sees another index than a whole one's (-whole +over):\n%s", e.name, diff)
		}
		over := 0
		for _, f := range list.Files {
			if f.Dir != list.Base {
				over++
			}
		}
		switch {
		case e.whole && (over != 0 || len(written) != len(list.Files)+1):
			t.Errorf("%s: %d files written, %d out of the main folder; want every file written into one", e.name, len(written), over)
		case !e.whole && len(written) > len(list.Files)/2:
			t.Errorf("%s: %d of %d files written again", e.name, len(written), len(list.Files))
		}
		t.Logf("%s: %d of %d files written, %d out of the main folder", e.name, len(written)-1, len(list.Files), over)
	}
}

// readerView returns what a reader of the index whose files are in folder
// sees (Static.View).
func readerView(t *testing.T, folder map[string][]byte) map[string][]byte {
	t.Helper()
	s, err := OpenStatic(func(name string) ([]byte, error) {
		data, ok := folder[name]
		if !ok {
			return nil, fmt.Errorf("no file %s", name)
		}
		return data, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	view, err := s.View()
	if err != nil {
		t.Fatal(err)
	}
	return view
}
