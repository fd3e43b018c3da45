package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/inputs"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/search"
)

// Reading a large collection whole takes most of a search's time: at
// 100,000 guides, a second of the floor of reading alone. So a search of
// a collection that had no errors also keeps, beside the state, the file
// "inputs": what the search asked of the collection's files (the two data
// folders, whose every entry counts, and what the rules looked at: images,
// link targets, layouts) and the sum of the stamps of the answers (see
// package inputs). When the same questions give the same sum, nothing
// changed that the search could see: it runs on the index the state names
// and reads only the files of the guides it shows. Otherwise it loads the
// collection, as it always may.

// inputsHeader starts the inputs file.
const inputsHeader = "guides search inputs 1\n"

// searchInputs is the inputs file.
type searchInputs struct {
	// version is searchVersion; manifest, the manifest the state named;
	// options, searchInputsOptions.
	version, manifest, options string
	sum                        [sha256.Size]byte
	questions                  []inputs.Question
	categories                 []string // the ids of the collection's categories
	paths                      []string // the files of the index's guides, in its order
}

var errSearchInputs = errors.New("the search cache's inputs file is damaged")

func (in *searchInputs) encode() []byte {
	b := []byte(inputsHeader)
	b = appendStrings(b, []string{in.version, in.manifest, in.options})
	b = append(b, in.sum[:]...)
	b = inputs.AppendQuestions(b, in.questions)
	b = appendStrings(b, in.categories)
	return appendStrings(b, in.paths)
}

func decodeSearchInputs(data []byte) (*searchInputs, error) {
	b, ok := bytes.CutPrefix(data, []byte(inputsHeader))
	if !ok {
		return nil, errSearchInputs
	}
	in := &searchInputs{}
	var heads []string
	if heads, b = readStrings(b); len(heads) != 3 || len(b) < sha256.Size {
		return nil, errSearchInputs
	}
	in.version, in.manifest, in.options = heads[0], heads[1], heads[2]
	copy(in.sum[:], b)
	qs, b, err := inputs.ReadQuestions(b[sha256.Size:])
	if err != nil {
		return nil, errSearchInputs
	}
	in.questions = qs
	if in.categories, b = readStrings(b); b == nil {
		return nil, errSearchInputs
	}
	if in.paths, b = readStrings(b); b == nil || len(b) > 0 || !validCacheName(in.manifest) {
		return nil, errSearchInputs
	}
	return in, nil
}

// appendStrings appends the number of ss, then each with its length.
func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// readStrings reads what appendStrings wrote at the start of b, and
// returns the bytes after it, empty but not nil at the end; nil when b is
// damaged.
func readStrings(b []byte) ([]string, []byte) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil
	}
	b = b[k:]
	// Grown as the strings are read: a count that lies costs no memory.
	out := make([]string, 0, min(n, 4096))
	for range n {
		size, k := binary.Uvarint(b)
		if k <= 0 || size > uint64(len(b)-k) {
			return nil, nil
		}
		out = append(out, string(b[k:k+int(size)]))
		b = b[k+int(size):]
	}
	return out, b[:len(b):len(b)]
}

// searchInputsOptions is what of the settings and the options changes
// which files a search reads and which guides it searches.
func (s *Session) searchInputsOptions(drafts bool) string {
	return fmt.Sprintf("%s\x00%s\x00%t", s.Config.GuidesDir, s.Config.CategoriesDir, drafts)
}

// searchKnownFiles runs o on the cached index when the inputs file says
// that nothing the search reads changed; ok is false, and nothing is
// done, when it cannot say so.
func (s *Session) searchKnownFiles(o SearchOptions) (res SearchResult, ok bool) {
	root := openSearchCache(s.Root)
	if root == nil {
		return res, false
	}
	defer root.Close()
	in, err := readSearchInputs(root)
	if err != nil || in.version != searchVersion() || in.options != s.searchInputsOptions(o.Drafts) {
		return res, false
	}
	if o.Category != "" && !slices.Contains(in.categories, o.Category) {
		return res, false // the full way words the error
	}
	data, err := readCacheFile(root, "state")
	if err != nil {
		return res, false
	}
	if st, err := decodeSearchState(data); err != nil || st.manifest != in.manifest || st.version != in.version {
		return res, false
	}
	if sum, _ := inputs.Sum(s.fsys, in.questions, s.clockNow()); sum != in.sum {
		return res, false
	}
	st, err := openCachedStatic(root, in.manifest)
	if err != nil || st.Docs() != len(in.paths) {
		return res, false
	}
	var files rules.Files
	files.Now = s.now
	guide := func(doc int) (*guides.Guide, error) {
		p := in.paths[doc]
		src, err := s.fsys.ReadFile(p)
		if err != nil {
			return nil, err
		}
		g, _ := load.GuideText(&files, p, strings.TrimSuffix(path.Base(p), ".md"), src)
		return g, nil
	}
	q := search.Query{Text: o.Query, Category: o.Category, Tag: o.Tag}
	if err := runCached(st, len(in.paths), guide, q, o.Limit, &res); err != nil {
		return SearchResult{}, false
	}
	return res, true
}

func readSearchInputs(root *os.Root) (*searchInputs, error) {
	data, err := readCacheFile(root, "inputs")
	if err != nil {
		return nil, err
	}
	return decodeSearchInputs(data)
}

// keepSearchInputs writes the inputs file of a search of c that started at
// start, asked rec's questions and ran on the cached index whose manifest
// is manifest; unless a file changed too close to start to be told apart.
// It is a help to later searches, not a part of this one: it fails
// silently.
func (s *Session) keepSearchInputs(ctx context.Context, l *Loaded, c *guides.Collection, rec *inputs.Recorder, start time.Time, manifest string, drafts bool) {
	if manifest == "" || ctx.Err() != nil {
		return
	}
	qs := append(rec.Asked(), inputs.Question{Op: inputs.List, Path: s.Config.GuidesDir}, inputs.Question{Op: inputs.List, Path: s.Config.CategoriesDir})
	sum, racy := inputs.Sum(s.fsys, qs, start)
	if racy {
		return
	}
	in := &searchInputs{version: searchVersion(), manifest: manifest, options: s.searchInputsOptions(drafts), sum: sum, questions: qs}
	for _, cat := range l.Coll.Categories {
		in.categories = append(in.categories, cat.ID)
	}
	for _, g := range c.Guides {
		in.paths = append(in.paths, g.Path)
	}
	root := openSearchCache(s.Root)
	if root == nil {
		return
	}
	defer root.Close()
	writeCacheFile(ctx, root, "inputs", in.encode())
}

// clockNow is the time by the session's clock of stamps.
func (s *Session) clockNow() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}
