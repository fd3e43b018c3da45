package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Static reads the static index the way the site's script does, fetching
// only the files a query needs: the tests check with it that the files
// rank as the index does, and the benchmarks count what a query
// transfers.
type Static struct {
	get     func(name string) ([]byte, error)
	m       manifest
	over    map[string]string // the folder of each file not in m.Dir
	fetched map[string]int    // the size of every file read
	cache   map[string][]byte
}

// OpenStatic reads the manifest through get, which returns a file of the
// index's folder by its relative path.
func OpenStatic(get func(name string) ([]byte, error)) (*Static, error) {
	s := &Static{get: get, fetched: map[string]int{}, cache: map[string][]byte{}}
	data, err := s.fetch(ManifestName, true)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &s.m); err != nil {
		return nil, fmt.Errorf("search: %s: %w", ManifestName, err)
	}
	s.over = s.m.overrides()
	return s, nil
}

// Docs returns the number of documents of the index.
func (s *Static) Docs() int { return s.m.Docs }

// Files returns the path of every file of the index but the manifest, by
// its name in its folder: "p/3.bin" may be at "0c0ca97390a0f5ad/p/3.bin".
func (s *Static) Files() map[string]string {
	out := map[string]string{}
	add := func(kind string, n int) {
		for i := range n {
			name := fmt.Sprintf("%s/%d.bin", kind, i)
			out[name] = s.path(name)
		}
	}
	add("p", len(s.m.Post))
	add("w", len(s.m.Words))
	add("f", (s.m.Docs+s.m.Bucket-1)/max(s.m.Bucket, 1))
	return out
}

// Content returns the manifest without the folders the files are in: what
// two indexes of the same documents share, however they were written.
func (s *Static) Content() ([]byte, error) {
	m := s.m
	m.Dir, m.Over = "", nil
	return marshalJSON(m)
}

// View returns what a reader of the index sees, wherever its files are:
// the manifest without the folders of the files (Content), by its name,
// and every other file by its name in its folder ("p/3.bin"),
// decompressed.
func (s *Static) View() (map[string][]byte, error) {
	m, err := s.Content()
	if err != nil {
		return nil, err
	}
	view := map[string][]byte{ManifestName: m}
	for name := range s.Files() {
		if view[name], err = s.file(name); err != nil {
			return nil, err
		}
	}
	return view, nil
}

// file returns the file of the index at name, such as "p/3.bin",
// decompressed, from the folder it is in.
func (s *Static) file(name string) ([]byte, error) {
	return s.fetch(s.path(name), true)
}

// path returns the path of the file of the index at name, such as
// "p/3.bin", in the folder it is in.
func (s *Static) path(name string) string {
	if dir, ok := s.over[name]; ok {
		return dir + name
	}
	return s.m.Dir + name
}

// Transferred returns the bytes read so far, every file once.
func (s *Static) Transferred() int {
	n := 0
	for _, v := range s.fetched {
		n += v
	}
	return n
}

// fetch returns a file, decompressed when gz.
func (s *Static) fetch(name string, gz bool) ([]byte, error) {
	if data, ok := s.cache[name]; ok {
		return data, nil
	}
	data, err := s.get(name)
	if err != nil {
		return nil, err
	}
	s.fetched[name] = len(data)
	if gz && len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("search: %s: %w", name, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("search: %s: %w", name, err)
		}
	}
	s.cache[name] = data
	return data, nil
}

// Found is a result read from the static index.
type Found struct {
	Result
	URL, Title, Date, Description, Text string
	Categories                          []int
}

// Search runs q and returns the results with the documents of the first
// show of them.
func (s *Static) Search(q Query, show int) ([]Found, Plan, error) {
	p, err := s.plan(q)
	if err != nil {
		return nil, p, err
	}
	lists := map[string][]Posting{}
	for _, k := range p.Keys() {
		l, err := s.postings(k)
		if err != nil {
			return nil, p, err
		}
		lists[k] = l
	}
	results := Rank(p, func(k string) []Posting { return lists[k] }, s.m.Docs)
	out := make([]Found, len(results))
	for i, r := range results {
		out[i].Result = r
		if i >= show {
			continue
		}
		b := r.Doc / s.m.Bucket
		data, err := s.file(fmt.Sprintf("f/%d.bin", b))
		if err != nil {
			return nil, p, err
		}
		var frags []fragment
		if err := json.Unmarshal(data, &frags); err != nil {
			return nil, p, fmt.Errorf("search: bucket %d: %w", b, err)
		}
		f := frags[r.Doc-b*s.m.Bucket]
		out[i].URL, out[i].Title, out[i].Date, out[i].Description, out[i].Text, out[i].Categories = f.URL, f.Title, f.Date, f.Description, f.Text, f.Categories
	}
	return out, p, nil
}

// plan makes the plan of q as Index.Plan does, looking its words up in
// the files.
func (s *Static) plan(q Query) (Plan, error) {
	p := ParsePlan(q)
	err := p.Resolve(staticLexicon{s})
	return p, err
}

// staticLexicon looks words up in the files of a static index.
type staticLexicon struct{ s *Static }

func (l staticLexicon) Has(term string) (bool, error) {
	list, err := l.s.postings(term)
	return len(list) > 0, err
}

func (l staticLexicon) Words(prefix string, f func(word, term string, weight int)) error {
	return l.s.words(prefix, f)
}

// words calls f with every word that starts with prefix.
func (s *Static) words(prefix string, f func(word, term string, weight int)) error {
	firsts := s.m.Words
	i := max(0, countAtMost(firsts, prefix)-1)
	for ; i < len(firsts); i++ {
		if i > 0 && firsts[i] > prefix && !strings.HasPrefix(firsts[i], prefix) {
			break
		}
		data, err := s.file(fmt.Sprintf("w/%d.bin", i))
		if err != nil {
			return err
		}
		r := &reader{b: data}
		n := r.uvarint()
		var prev []byte
		for range n {
			shared, rest := r.uvarint(), r.uvarint()
			word := append(prev[:min(shared, len(prev)):min(shared, len(prev))], r.bytes(rest)...)
			ts, trest := r.uvarint(), r.uvarint()
			term := string(append(append([]byte(nil), word[:min(ts, len(word))]...), r.bytes(trest)...))
			df := r.uvarint()
			if strings.HasPrefix(string(word), prefix) {
				f(string(word), term, df)
			}
			prev = word
		}
		if r.err != nil {
			return fmt.Errorf("search: shard of words %d: %w", i, r.err)
		}
	}
	return nil
}

// countAtMost returns the number of strings of list, which is sorted, that are
// at most key.
func countAtMost(list []string, key string) int {
	i, found := slices.BinarySearch(list, key)
	if found {
		i++
	}
	return i
}

// postings returns the postings of key, from every shard that holds some.
func (s *Static) postings(key string) ([]Posting, error) {
	heads := s.m.Post
	hi := -1
	for i := range heads { // the last shard whose first key is at most key
		if heads[i].Key <= key {
			hi = i
		}
	}
	if hi < 0 {
		return nil, nil
	}
	lo := hi
	for lo > 0 && heads[lo].Key == key && heads[lo].Cont {
		lo--
	}
	var out []Posting
	for i := lo; i <= hi; i++ {
		data, err := s.file(fmt.Sprintf("p/%d.bin", i))
		if err != nil {
			return nil, err
		}
		l, err := decodePostings(data, key)
		if err != nil {
			return nil, fmt.Errorf("search: shard of postings %d: %w", i, err)
		}
		out = append(out, l...)
	}
	return out, nil
}

// decodePostings returns the postings of key in a shard.
func decodePostings(data []byte, key string) ([]Posting, error) {
	r := &reader{b: data}
	n := r.uvarint()
	var prev []byte
	at, count, before := -1, 0, 0
	total := 0
	for i := range n {
		shared, rest := r.uvarint(), r.uvarint()
		k := append(prev[:min(shared, len(prev)):min(shared, len(prev))], r.bytes(rest)...)
		c := r.uvarint()
		if string(k) == key {
			at, count, before = i, c, total
		}
		total += c
		prev = k
	}
	if r.err != nil {
		return nil, r.err
	}
	gaps := make([]int, total)
	for i := range gaps {
		gaps[i] = r.uvarint()
	}
	imps := r.bytes(total)
	if r.err != nil {
		return nil, r.err
	}
	if at < 0 {
		return nil, nil
	}
	out := make([]Posting, count)
	doc := 0
	for j := range count {
		doc += gaps[before+j]
		out[j] = Posting{Doc: uint32(doc), Impact: imps[before+j]}
	}
	return out, nil
}

// reader reads varints and bytes, remembering the first error.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("the data ends too soon")

func (r *reader) uvarint() int { return int(r.uvarint64()) }

func (r *reader) uvarint64() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		if r.err == nil {
			r.err = errShort
		}
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		if r.err == nil {
			r.err = errShort
		}
		n = len(r.b)
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}
