package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The static index: what the site's search box reads.
//
//	index.json        the manifest, at a fixed address: read it first
//	V/p/N.bin         postings, in shards by key
//	V/w/N.bin         words and their terms, in shards by word
//	V/f/N.bin         what results show, in buckets of documents
//
// V is a version made from the content, so that every file but the
// manifest may be cached for good. Every .bin file is gzip-compressed by
// the build: its size is what a reader transfers, whatever the host, and
// the script decompresses it (a host that compresses again, or that
// decompresses on the way, changes nothing).
//
// A shard of postings holds consecutive keys in order: the number of keys,
// then for each key the bytes it shares with the key before, the rest of
// it (length, then UTF-8 bytes) and the number of its postings here, then
// the gaps between the document numbers of every key's postings (the
// first from zero), then one byte of impact for each posting. Numbers are
// unsigned LEB128 varints. A key whose postings are longer than a shard
// continues in the next ones.
//
// A shard of words holds the number of words, then for each the bytes it
// shares with the word before and the rest of it, the bytes its term
// shares with the word and the rest of the term, and the number of
// documents with the term.
//
// A bucket of documents is a JSON array of objects with u (the URL path),
// t (title), d (date for people), i (date for machines), c (indexes into
// the manifest's categories), s (description) and x (the text excerpts are
// cut from).

// FileOptions shape the static index.
type FileOptions struct {
	// URL returns the URL path of a guide's page.
	URL func(d *Doc) string
	// Categories lists every category the filter offers: id, title and the
	// URL path of its page.
	Categories [][3]string
	// ShardBytes is the size a shard of postings or words stays under
	// before compression, but for the postings of one document; 0 means
	// 48 KiB.
	ShardBytes int
	// BucketBytes is about how much text a bucket of documents holds
	// before compression; 0 means 8 KiB.
	BucketBytes int
}

// FormatVersion is the version of the static index's format.
const FormatVersion = 1

// manifest is index.json.
type manifest struct {
	Format     int         `json:"format"`
	Dir        string      `json:"dir"`
	Docs       int         `json:"docs"`
	Bucket     int         `json:"bucket"`
	Scale      []int64     `json:"scale"`
	Post       []shardHead `json:"post"`
	Words      []string    `json:"words"`
	Categories [][3]string `json:"categories"`
}

// shardHead is the first key of a shard of postings, and whether the shard
// starts by continuing that key's postings from the shard before.
type shardHead struct {
	Key  string
	Cont bool
}

func (h shardHead) MarshalJSON() ([]byte, error) {
	c := 0
	if h.Cont {
		c = 1
	}
	return json.Marshal([]any{h.Key, c})
}

// fragment is a document in a bucket.
type fragment struct {
	URL         string `json:"u"`
	Title       string `json:"t"`
	Date        string `json:"d"`
	DateISO     string `json:"i"`
	Categories  []int  `json:"c"`
	Description string `json:"s,omitempty"`
	Text        string `json:"x"`
}

// ManifestName is the name of the manifest in the index's folder.
const ManifestName = "index.json"

// WriteFiles encodes the index as static files and gives each, by its path
// relative to the index's folder, to put, from several goroutines at once.
func (ix *Index) WriteFiles(opts FileOptions, put func(name string, data []byte) error) error {
	shardBytes := opts.ShardBytes
	if shardBytes <= 0 {
		shardBytes = 48 << 10
	}
	bucketBytes := opts.BucketBytes
	if bucketBytes <= 0 {
		bucketBytes = 8 << 10
	}
	m := manifest{Format: FormatVersion, Docs: len(ix.Docs), Categories: opts.Categories}
	if m.Categories == nil {
		m.Categories = [][3]string{}
	}
	for _, v := range Scale() {
		m.Scale = append(m.Scale, v)
	}
	catIndex := map[string]int{}
	for i, c := range opts.Categories {
		catIndex[c[0]] = i
	}

	var files []namedFile
	post, heads := ix.postingShards(shardBytes)
	for i, data := range post {
		files = append(files, namedFile{fmt.Sprintf("p/%d.bin", i), data})
	}
	m.Post = heads
	words, firsts := ix.wordShards(shardBytes)
	for i, data := range words {
		files = append(files, namedFile{fmt.Sprintf("w/%d.bin", i), data})
	}
	m.Words = firsts

	// Buckets: a fixed number of documents each, so that the script finds
	// a document's bucket by division.
	total := 0
	for i := range ix.Docs {
		total += ix.Docs[i].countText()
		total += 200
	}
	m.Bucket = 1
	if len(ix.Docs) > 0 {
		m.Bucket = min(max(bucketBytes*len(ix.Docs)/max(total, 1), 1), 64)
	}
	for start := 0; start < len(ix.Docs); start += m.Bucket {
		var frags []fragment
		for d := start; d < min(start+m.Bucket, len(ix.Docs)); d++ {
			doc := &ix.Docs[d]
			f := fragment{Title: doc.Title, Description: doc.Description, Text: doc.excerptText(), Categories: []int{}}
			if opts.URL != nil {
				f.URL = opts.URL(doc)
			}
			f.Date, f.DateISO = FormatDate(doc.Date, doc.DateOnly)
			for _, c := range doc.Categories {
				if i, ok := catIndex[c]; ok {
					f.Categories = append(f.Categories, i)
				}
			}
			frags = append(frags, f)
		}
		data, err := marshalJSON(frags)
		if err != nil {
			return err
		}
		files = append(files, namedFile{fmt.Sprintf("f/%d.bin", start/m.Bucket), data})
	}

	// The version: a hash of every file's content.
	h := fnv.New64a()
	for _, f := range files {
		fmt.Fprintf(h, "%s %d\n", f.name, len(f.data))
		h.Write(f.data)
	}
	m.Dir = fmt.Sprintf("%016x/", h.Sum64())

	errs := make([]error, len(files))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			// Compressed fast: the budgets of transfer hold with room to
			// spare, and the build's time is budgeted too. Shards of
			// postings, read by every query, at level 2; buckets of text,
			// most of the bytes, at level 1.
			zw, _ := gzip.NewWriterLevel(&buf, 2)
			fast, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			for i := range work {
				buf.Reset()
				zw := zw
				if strings.HasPrefix(files[i].name, "f/") {
					zw = fast
				}
				zw.Reset(&buf)
				zw.Write(files[i].data)
				if err := zw.Close(); err != nil {
					errs[i] = err
					continue
				}
				errs[i] = put(m.Dir+files[i].name, bytes.Clone(buf.Bytes()))
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	data, err := marshalJSON(m)
	if err != nil {
		return err
	}
	return put(ManifestName, data)
}

type namedFile struct {
	name string
	data []byte
}

// FormatDate formats a guide's date for people ("26 January 2024", with
// the time in UTC when one was given) and for machines, as the site does.
func FormatDate(t time.Time, dateOnly bool) (human, iso string) {
	if dateOnly {
		return t.UTC().Format("2 January 2006"), t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format("2 January 2006, 15:04 UTC"), t.UTC().Format(time.RFC3339)
}

// marshalJSON writes v as JSON without escaping <, > and &, which only
// matter inside HTML.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// postingShards encodes the postings in shards of about size bytes.
func (ix *Index) postingShards(size int) ([][]byte, []shardHead) {
	type piece struct {
		key  string
		list []Posting
	}
	var (
		shards [][]byte
		heads  []shardHead
		cur    []piece
		bytes  int
		cont   bool
	)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		var head, gaps, imps []byte
		head = binary.AppendUvarint(head, uint64(len(cur)))
		prev := ""
		for _, p := range cur {
			shared := commonPrefix(prev, p.key)
			head = binary.AppendUvarint(head, uint64(shared))
			head = binary.AppendUvarint(head, uint64(len(p.key)-shared))
			head = append(head, p.key[shared:]...)
			head = binary.AppendUvarint(head, uint64(len(p.list)))
			prev = p.key
			last := uint32(0)
			for _, post := range p.list {
				gaps = binary.AppendUvarint(gaps, uint64(post.Doc-last))
				last = post.Doc
				imps = append(imps, post.Impact)
			}
		}
		shards = append(shards, append(append(head, gaps...), imps...))
		heads = append(heads, shardHead{Key: cur[0].key, Cont: cont})
		cur, bytes = nil, 0
	}
	for i, key := range ix.keys {
		list := ix.lists[i]
		first := true
		for {
			if len(cur) > 0 && (size-bytes-len(key)-4)/3 < 16 {
				flush()
			}
			n := min(len(list), max((size-bytes-len(key)-4)/3, 16))
			if len(cur) == 0 {
				cont = !first
			}
			cur = append(cur, piece{key, list[:n]})
			bytes += len(key) + 4 + 3*n
			list, first = list[n:], false
			if len(list) == 0 {
				break
			}
			flush()
		}
	}
	flush()
	return shards, heads
}

// wordShards encodes the words in shards of about size bytes.
func (ix *Index) wordShards(size int) ([][]byte, []string) {
	var (
		shards [][]byte
		firsts []string
		buf    []byte
		n      int
		prev   string
		body   []byte
	)
	flush := func() {
		if n == 0 {
			return
		}
		buf = binary.AppendUvarint(buf[:0], uint64(n))
		shards = append(shards, append(append([]byte(nil), buf...), body...))
		body, n, prev = nil, 0, ""
	}
	for _, e := range ix.words {
		if len(body) > size {
			flush()
		}
		if n == 0 {
			firsts = append(firsts, e.word)
		}
		shared := commonPrefix(prev, e.word)
		body = binary.AppendUvarint(body, uint64(shared))
		body = binary.AppendUvarint(body, uint64(len(e.word)-shared))
		body = append(body, e.word[shared:]...)
		ts := commonPrefix(e.word, e.term)
		body = binary.AppendUvarint(body, uint64(ts))
		body = binary.AppendUvarint(body, uint64(len(e.term)-ts))
		body = append(body, e.term[ts:]...)
		body = binary.AppendUvarint(body, uint64(e.df))
		prev = e.word
		n++
	}
	flush()
	return shards, firsts
}

// commonPrefix returns the number of bytes a and b begin with alike.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
