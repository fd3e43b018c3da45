package search

import (
	"encoding/base64"
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/synth"
)

var loadOpts = load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

// collectionDocs loads the collection of fsys and returns the Docs of its
// published guides.
func collectionDocs(t testing.TB, fsys fs.FS) (*guides.Collection, []Doc) {
	t.Helper()
	c, diags, err := load.Load(fsys, loadOpts)
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading: %v %v", err, diags)
	}
	c = c.Published()
	docs, err := ReadDocs(fsys, c, c.Guides)
	if err != nil {
		t.Fatal(err)
	}
	return c, docs
}

// fixtureFS returns testdata/collection.txtar, a collection of short
// guides on system design: the tests of relevance judge rankings on it.
func fixtureFS(t testing.TB) fstest.MapFS {
	t.Helper()
	return golden.Load(t, "testdata/collection.txtar").FS("")
}

// synthFS returns a synthetic collection of n guides.
func synthFS(t testing.TB, n int) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// staticFiles writes the static index of ix into memory.
func staticFiles(t testing.TB, ix *Index, c *guides.Collection) map[string][]byte {
	t.Helper()
	files, put := collectFiles()
	if _, err := ix.WriteFiles(fileOptions(c), put); err != nil {
		t.Fatal(err)
	}
	return files
}

// staticFilesOver writes the static index of earlier, then that of ix
// over it, and returns the files a site's folder then holds: those ix's
// files list, written or left from earlier's.
func staticFilesOver(t testing.TB, earlier, ix *Index, c *guides.Collection) map[string][]byte {
	t.Helper()
	opts := fileOptions(c)
	first, put := collectFiles()
	last, err := earlier.WriteFiles(opts, put)
	if err != nil {
		t.Fatal(err)
	}
	opts.Last = last
	written, put := collectFiles()
	list, err := ix.WriteFiles(opts, put)
	if err != nil {
		t.Fatal(err)
	}
	over := false
	for _, f := range list.Files {
		over = over || f.Dir != list.Base
	}
	if !over {
		t.Fatal("every file of the index was written into one folder")
	}
	return folderAfter(t, list, written, first)
}

// folderAfter returns the folder of an index written over an earlier
// one, as a site keeps it: the files list names, those written over the
// folder's files before, and no others.
func folderAfter(t testing.TB, list *FileList, written, before map[string][]byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{ManifestName: written[ManifestName]}
	for name, f := range list.Files {
		data, ok := written[f.Dir+name]
		if !ok {
			data, ok = before[f.Dir+name]
		}
		if !ok {
			t.Fatalf("%s%s was neither written nor left from the last index", f.Dir, name)
		}
		files[f.Dir+name] = data
	}
	return files
}

// fileOptions are the options of the static index of c's guides.
func fileOptions(c *guides.Collection) FileOptions {
	var cats [][3]string
	for _, cat := range c.Categories {
		cats = append(cats, [3]string{cat.ID, cat.Title, "/guides/" + cat.ID + "/"})
	}
	return FileOptions{Categories: cats, URL: func(d *Doc) string { return "/guides/" + d.ID + "/" }}
}

// collectFiles returns a map and a function that puts files into it, from
// several goroutines at once, as WriteFiles calls it.
func collectFiles() (map[string][]byte, func(name string, data []byte) error) {
	files := map[string][]byte{}
	var mu sync.Mutex
	return files, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = data
		return nil
	}
}

func base64Files(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = base64.StdEncoding.EncodeToString(v)
	}
	return out
}
