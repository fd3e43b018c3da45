package search

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The static index: what the site's search box reads.
//
//	index.bin         the manifest, at a fixed address: read it first
//	V/p/N.bin         postings, in shards by key
//	V/w/N.bin         words and their terms, in shards by word
//	V/f/N.bin         what results show, in buckets of documents
//
// V is a version made from the content, so that every file but the
// manifest may be cached for good. An index written over an earlier one
// (FileOptions.Last) leaves the files whose content did not change in the
// folders they were in, and writes the others into a new folder named
// from their content: the manifest's "over" lists, for each folder but
// V, the files in it. Every .bin file is gzip-compressed by
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
// shares with the word and the rest of the term, and the term's weight
// (its best impact).
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
	// 16 KiB.
	ShardBytes int
	// BucketBytes is about how much text a bucket of documents holds
	// before compression; 0 means 2 KiB.
	BucketBytes int
	// Last lists the files of the index these files replace, which the
	// caller leaves where they are: a file whose content is unchanged is
	// not given to put again, but listed where it is. Once the files not
	// in the main folder would be more than about a sixteenth of all,
	// every file is written again into one folder. Nil writes every file.
	Last *FileList
}

// FileList is where each file of a static index is: the folder of the
// most, and for each file, by its name in that folder ("p/3.bin"), the
// key of its content before compression and the folder it is in.
type FileList struct {
	Base  string
	Files map[string]ListedFile
	// Docs and Bucket are the number of documents and of documents a
	// bucket holds.
	Docs, Bucket int
	// shards are the shards of postings, for a kept index to record.
	shards keptShards
}

// ListedFile is a file of a FileList.
type ListedFile struct {
	Key uint64
	Dir string
}

// FormatVersion is the version of the static index's format.
const FormatVersion = 4

// manifest is index.bin: JSON, gzip-compressed by the build as every
// other file is, so that it costs what it costs whatever the host.
type manifest struct {
	Format     int         `json:"format"`
	Dir        string      `json:"dir"`
	Docs       int         `json:"docs"`
	Bucket     int         `json:"bucket"`
	Scale      []int64     `json:"scale"`
	Post       shardHeads  `json:"post"`
	Words      []string    `json:"words"`
	Categories [][3]string `json:"categories"`
	Over       []overDir   `json:"over,omitempty"`
}

// overDir is a folder other than the manifest's Dir, and the numbers of
// the shards of postings (p), of words (w) and of the buckets (f) in it.
type overDir struct {
	Dir string `json:"dir"`
	P   []int  `json:"p,omitempty"`
	W   []int  `json:"w,omitempty"`
	F   []int  `json:"f,omitempty"`
}

// overrides returns the folder of each file not in the manifest's Dir,
// by its name in that folder.
func (m *manifest) overrides() map[string]string {
	dirs := map[string]string{}
	for _, o := range m.Over {
		for kind, list := range map[string][]int{"p": o.P, "w": o.W, "f": o.F} {
			for _, n := range list {
				dirs[fmt.Sprintf("%s/%d.bin", kind, n)] = o.Dir
			}
		}
	}
	return dirs
}

// shardHead is the first key of a shard of postings, and whether the shard
// starts by continuing that key's postings from the shard before.
type shardHead struct {
	Key  string
	Cont bool
}

// shardHeads are the heads of every shard, written front-coded: a list
// of [shared, rest, cont], where shared is the number of characters (code
// points) the key shares with the key before and rest the others, cont 1
// when the shard continues the key's postings from the shard before, and
// a fourth number, how many shards in a row have that head, when more
// than one do (the shards of a word in most guides).
type shardHeads []shardHead

func (hs shardHeads) MarshalJSON() ([]byte, error) {
	out := []any{}
	prev := ""
	for i := 0; i < len(hs); {
		h, n := hs[i], 1
		for i+n < len(hs) && hs[i+n] == h {
			n++
		}
		shared, at := 0, 0
		for at < len(prev) && at < len(h.Key) {
			r, size := utf8.DecodeRuneInString(h.Key[at:])
			if r2, size2 := utf8.DecodeRuneInString(prev[at:]); r != r2 || size != size2 {
				break
			}
			shared, at = shared+1, at+size
		}
		c := 0
		if h.Cont {
			c = 1
		}
		if n == 1 {
			out = append(out, []any{shared, h.Key[at:], c})
		} else {
			out = append(out, []any{shared, h.Key[at:], c, n})
		}
		prev = h.Key
		i += n
	}
	return json.Marshal(out)
}

// maxShards bounds the shards a manifest may list (a million: 16 GiB of
// postings), so that a forged one of a few bytes cannot ask for more.
const maxShards = 1 << 20

func (hs *shardHeads) UnmarshalJSON(data []byte) error {
	var raw [][]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*hs = (*hs)[:0]
	prev := ""
	for _, r := range raw {
		var rest string
		shared, c, n := 0, 0, 1
		if len(r) < 3 || len(r) > 4 || json.Unmarshal(r[0], &shared) != nil || shared < 0 || json.Unmarshal(r[1], &rest) != nil ||
			json.Unmarshal(r[2], &c) != nil || c < 0 || c > 1 || len(r) == 4 && (json.Unmarshal(r[3], &n) != nil || n < 1) {
			return errors.New("a shard's head is not [shared, rest, 0 or 1, count]")
		}
		at := 0
		for range shared {
			if at >= len(prev) {
				return errors.New("a shard's head shares more than the key before has")
			}
			_, size := utf8.DecodeRuneInString(prev[at:])
			at += size
		}
		if len(*hs)+n > maxShards {
			return errors.New("too many shards")
		}
		h := shardHead{Key: prev[:at] + rest, Cont: c == 1}
		for range n {
			*hs = append(*hs, h)
		}
		prev = h.Key
	}
	return nil
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
const ManifestName = "index.bin"

// WriteFiles encodes the index as static files and gives each, by its path
// relative to the index's folder, to put, from several goroutines at once.
// It returns where every file is.
func (ix *Index) WriteFiles(opts FileOptions, put func(name string, data []byte) error) (*FileList, error) {
	postings := func(sink postingSink) ([]wordEntry, error) {
		for i, key := range ix.keys {
			if err := sink.add(key, ix.lists[i]); err != nil {
				return nil, err
			}
		}
		return ix.words, nil
	}
	catIndex := categoryIndex(opts.Categories)
	docs := docSource{
		textSize: func(i int) int { return ix.Docs[i].countText() },
		fragment: func(i int) ([]byte, error) {
			d := &ix.Docs[i]
			return encodeFragment(d, d.excerptText(), opts.URL, catIndex)
		},
	}
	return writeFiles(context.Background(), false, "", opts, len(ix.Docs), postings, nil, docs, put)
}

// WriteFiles merges what the Indexer holds and encodes it as static files
// as the merge goes, giving each to put as Index.WriteFiles does. Files
// wait in the Indexer's temporary folder, when it has one, until the
// name of their folder, a hash of them all, is known.
func (x *Indexer) WriteFiles(ctx context.Context, put func(name string, data []byte) error) (*FileList, error) {
	return x.WriteKept(ctx, put, nil)
}

// WriteKept is WriteFiles, writing besides to kept, when it is not nil,
// the kept index of what it made (see OpenKept): the Indexer must have
// been made with IndexerOptions.Keep.
func (x *Indexer) WriteKept(ctx context.Context, put func(name string, data []byte) error, kept io.Writer) (*FileList, error) {
	return x.writeKept(ctx, put, kept, nil)
}

// WriteKeptParts is WriteKept, writing the kept index in two parts, run
// and tail, both written as the merge goes: read one after the other
// (JoinKept), they are the kept index. A kept index in one file waits for
// its run to be done to copy its tail after it.
func (x *Indexer) WriteKeptParts(ctx context.Context, put func(name string, data []byte) error, run, tail io.Writer) (*FileList, error) {
	if run == nil || tail == nil {
		return nil, errors.New("search: a kept index in parts needs both")
	}
	return x.writeKept(ctx, put, run, tail)
}

func (x *Indexer) writeKept(ctx context.Context, put func(name string, data []byte) error, kept, tail io.Writer) (*FileList, error) {
	if kept != nil && !x.opts.Keep {
		return nil, errors.New("search: an Indexer made without Keep keeps no index")
	}
	srcs, err := x.finish()
	if err != nil {
		return nil, err
	}
	postings := func(sink postingSink) ([]wordEntry, error) {
		return x.merge(ctx, srcs, sink)
	}
	docs := docSource{textSize: x.textSize, fragment: x.fragment}
	if x.same != nil {
		docs.same = func(i int) bool { return x.same[i] }
	}
	if kept == nil {
		return writeFiles(ctx, x.spills, x.opts.TempDir, x.opts.Files, x.n, postings, x.opts.Base, docs, put)
	}
	x.kw = &keptWriter{w: bufio.NewWriterSize(kept, 256<<10)}
	x.kw.write([]byte(keptHeader))
	// The kept index's tail is written while the run is merged: into a
	// temporary file, when it is not a part of its own.
	t := &keptTail{}
	if tail == nil {
		if t.f, err = newTempFile(x.opts.TempDir); err != nil {
			return nil, err
		}
		defer t.f.Close()
		tail = t.f
	}
	t.w = &keptWriter{w: bufio.NewWriterSize(tail, 256<<10)}
	done := make(chan error, 1)
	go func() { done <- x.writeTailTo(t.w, &t.ends) }()
	list, err := writeFiles(ctx, x.spills, x.opts.TempDir, x.opts.Files, x.n, postings, x.opts.Base, docs, put)
	tailErr := <-done
	if err != nil {
		return nil, err
	}
	err = tailErr
	if err == nil {
		err = x.finishKept(t, list.shards)
	}
	if err != nil {
		return nil, fmt.Errorf("search: keeping the index: %w", err)
	}
	return list, nil
}

// docSource gives what the buckets of documents are made of: the size of
// each document's text, and its fragment, encoded.
type docSource struct {
	textSize func(i int) int
	fragment func(i int) ([]byte, error)
	// same, when set, reports whether document i is the same as in the
	// index the files replace (FileOptions.Last), fragment included.
	same func(i int) bool
}

// categoryIndex returns the index of each category of cats by its id.
func categoryIndex(cats [][3]string) map[string]int {
	m := map[string]int{}
	for i, c := range cats {
		m[c[0]] = i
	}
	return m
}

// encodeFragment encodes the fragment of d, whose excerpts are cut from
// text, with the URL url gives and the categories' indexes in catIndex.
func encodeFragment(d *Doc, text string, url func(*Doc) string, catIndex map[string]int) ([]byte, error) {
	f := fragment{Title: d.Title, Description: d.Description, Text: text, Categories: []int{}}
	if url != nil {
		f.URL = url(d)
	}
	f.Date, f.DateISO = FormatDate(d.Date, d.DateOnly)
	for _, c := range d.Categories {
		if i, ok := catIndex[c]; ok {
			f.Categories = append(f.Categories, i)
		}
	}
	return marshalJSON(f)
}

// writeFiles writes the static index of n documents. postings gives the
// sink every key and its postings, in order of key, and returns the
// words; base, when not nil, is the kept index the postings kept are
// from; docs gives the documents' fragments. Files are staged in a
// temporary file in tmp when staged is true, else in memory.
func writeFiles(ctx context.Context, staged bool, tmp string, opts FileOptions, n int,
	postings func(postingSink) ([]wordEntry, error), base *Kept,
	docs docSource,
	put func(name string, data []byte) error) (*FileList, error) {
	shardBytes := opts.ShardBytes
	if shardBytes <= 0 {
		shardBytes = 16 << 10
	}
	bucketBytes := opts.BucketBytes
	if bucketBytes <= 0 {
		bucketBytes = 2 << 10
	}
	m := manifest{Format: FormatVersion, Docs: n, Categories: opts.Categories}
	if m.Categories == nil {
		m.Categories = [][3]string{}
	}
	for _, v := range Scale() {
		m.Scale = append(m.Scale, v)
	}
	set, err := newFileSet(staged, tmp, opts.Last)
	if err != nil {
		return nil, err
	}
	defer set.close()
	shards, err := writePostings(set, &m, shardBytes, postings, base)
	if err != nil {
		return nil, err
	}
	if err := writeBuckets(ctx, set, &m, n, bucketBytes, docs); err != nil {
		return nil, err
	}

	// The version: a hash of every file's content.
	list, err := set.finish(ctx, put)
	if err != nil {
		return nil, err
	}
	m.Dir, m.Over = list.Base, overDirs(list)
	list.Docs, list.Bucket, list.shards = n, m.Bucket, shards
	data, err := marshalJSON(m)
	if err != nil {
		return nil, err
	}
	if data, err = compressBest(data); err != nil {
		return nil, err
	}
	return list, put(ManifestName, data)
}

// writePostings adds the shards of postings and of words to set, and
// lists them in m; it returns the shards of postings as a kept index
// records them. postings and base are as for writeFiles.
func writePostings(set *fileSet, m *manifest, shardBytes int, postings func(postingSink) ([]wordEntry, error), base *Kept) (keptShards, error) {
	made := keptShards{size: shardBytes}
	sh := postingSharder{size: shardBytes, base: base, last: set.last, emit: func(s madeShard) error {
		m.Post = append(m.Post, s.head)
		name := fmt.Sprintf("p/%d.bin", len(m.Post)-1)
		if s.data == nil {
			made.list = append(made.list, keptShard{s.head, s.pieces, s.file})
			made.reused++
			return set.addSame(name, s.file, s.build, false)
		}
		k := fileKey(s.data)
		made.list = append(made.list, keptShard{s.head, s.pieces, k})
		return set.addKeyed(name, s.data, k, false)
	}}
	words, err := postings(&sh)
	if err != nil {
		return made, err
	}
	if err := sh.flush(); err != nil {
		return made, err
	}
	made.keptKeys = sh.keys
	shards, firsts := wordShards(words, shardBytes)
	for i, data := range shards {
		if err := set.add(fmt.Sprintf("w/%d.bin", i), data, false); err != nil {
			return made, err
		}
	}
	m.Words = firsts
	return made, nil
}

// writeBuckets adds the fragments of the n documents to set in buckets of
// a fixed number of documents each, so that the script finds a document's
// bucket by division: about bucketBytes each, at most 64 documents. It
// sets m.Bucket.
func writeBuckets(ctx context.Context, set *fileSet, m *manifest, n, bucketBytes int, docs docSource) error {
	total := 0
	for i := range n {
		total += docs.textSize(i) + 200
	}
	m.Bucket = 1
	if n > 0 {
		m.Bucket = min(max(bucketBytes*n/max(total, 1), 1), 64)
	}
	// A bucket of the same documents as in the last index, cut the same,
	// is the same: it is not made again unless every file is written.
	cutSame := docs.same != nil && set.last != nil && set.last.Docs == n && set.last.Bucket == m.Bucket
	for start := 0; start < n; start += m.Bucket {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		name, end := fmt.Sprintf("f/%d.bin", start/m.Bucket), min(start+m.Bucket, n)
		build := func() ([]byte, error) { return bucket(docs, start, end) }
		if cutSame && allSame(docs.same, start, end) {
			if last, ok := set.last.Files[name]; ok {
				if err := set.addSame(name, last.Key, build, true); err != nil {
					return err
				}
				continue
			}
		}
		data, err := build()
		if err != nil {
			return err
		}
		if err := set.add(name, data, true); err != nil {
			return err
		}
	}
	return nil
}

// bucket returns the bucket of documents [start, end): a JSON array of
// their fragments.
func bucket(docs docSource, start, end int) ([]byte, error) {
	data := []byte{'['}
	for i := start; i < end; i++ {
		f, err := docs.fragment(i)
		if err != nil {
			return nil, err
		}
		if i > start {
			data = append(data, ',')
		}
		data = append(data, f...)
	}
	return append(data, ']'), nil
}

// allSame reports whether same holds for every document of [start, end).
func allSame(same func(int) bool, start, end int) bool {
	for i := start; i < end; i++ {
		if !same(i) {
			return false
		}
	}
	return true
}

// fileSet compresses the files of the index as they are made, on every
// core, and keeps them in a file of its folder, or in memory, until the
// hashes of their content name the folders they go to. A file unchanged
// since the index it replaces (last) is kept as it is, and compressed
// only if every file is written again.
type fileSet struct {
	h     hash.Hash64 // of every file
	hc    hash.Hash64 // of the files changed since last
	last  *FileList
	stage *tempFile // nil: in memory
	work  chan fileJob
	wg    sync.WaitGroup

	mu    sync.Mutex
	names []string
	keys  []uint64 // of each file's content
	same  []bool   // unchanged since last, and kept uncompressed
	fast  []bool
	build []func() ([]byte, error) // of a file known the same, not kept
	kept  [][]byte                 // in memory, by file
	spans [][2]int64
	off   int64
	err   error
}

type fileJob struct {
	i    int
	data []byte
	fast bool
}

func newFileSet(staged bool, tmp string, last *FileList) (*fileSet, error) {
	s := &fileSet{h: fnv.New64a(), hc: fnv.New64a(), last: last, work: make(chan fileJob, runtime.GOMAXPROCS(0))}
	if last != nil {
		// About as many files as the last time.
		n := len(last.Files) + 64
		s.names, s.keys, s.same, s.fast = make([]string, 0, n), make([]uint64, 0, n), make([]bool, 0, n), make([]bool, 0, n)
		s.build, s.kept, s.spans = make([]func() ([]byte, error), 0, n), make([][]byte, 0, n), make([][2]int64, 0, n)
	}
	if staged {
		f, err := newTempFile(tmp)
		if err != nil {
			return nil, err
		}
		s.stage = f
	}
	for range runtime.GOMAXPROCS(0) {
		s.wg.Go(s.compress)
	}
	return s, nil
}

// compressor compresses files. Compressed fast: the budgets of transfer
// hold with room to spare, and the build's time is budgeted too. Shards
// of postings, read by every query, at level 2; buckets of text, most of
// the bytes, at level 1.
type compressor struct {
	buf      bytes.Buffer
	zw, fast *gzip.Writer
}

func newCompressor() *compressor {
	c := &compressor{}
	c.zw, _ = gzip.NewWriterLevel(&c.buf, 2)
	c.fast, _ = gzip.NewWriterLevel(&c.buf, gzip.BestSpeed)
	return c
}

// compressBest returns data compressed as small as gzip makes it: for
// the manifest, one file that every query reads.
func compressBest(data []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	err := zw.Close()
	return b.Bytes(), err
}

// compress returns data compressed, in a buffer the next call reuses.
func (c *compressor) compress(data []byte, fast bool) ([]byte, error) {
	c.buf.Reset()
	w := c.zw
	if fast {
		w = c.fast
	}
	w.Reset(&c.buf)
	w.Write(data)
	err := w.Close()
	return c.buf.Bytes(), err
}

// compress compresses and keeps the files it is given.
func (s *fileSet) compress() {
	c := newCompressor()
	for j := range s.work {
		data, err := c.compress(j.data, j.fast)
		if err == nil {
			err = s.keep(j.i, data)
		}
		if err != nil {
			s.mu.Lock()
			s.err = cmp.Or(s.err, err)
			s.mu.Unlock()
		}
	}
}

// keep keeps file i's data.
func (s *fileSet) keep(i int, data []byte) error {
	s.mu.Lock()
	if s.stage == nil {
		s.kept[i] = bytes.Clone(data)
		s.mu.Unlock()
		return nil
	}
	off := s.off
	s.off += int64(len(data))
	s.spans[i] = [2]int64{off, int64(len(data))}
	s.mu.Unlock()
	if _, err := s.stage.WriteAt(data, off); err != nil {
		return fmt.Errorf("search: keeping a file: %w", err)
	}
	return nil
}

// add adds the file name, whose content is data, which it takes. Files
// are added one at a time.
func (s *fileSet) add(name string, data []byte, fast bool) error {
	return s.addKeyed(name, data, fileKey(data), fast)
}

// addKeyed is add, given the key of data (see fileKey).
func (s *fileSet) addKeyed(name string, data []byte, k uint64, fast bool) error {
	fmt.Fprintf(s.h, "%s %x\n", name, k)
	same := false
	if s.last != nil {
		f, ok := s.last.Files[name]
		same = ok && f.Key == k
	}
	if !same {
		fmt.Fprintf(s.hc, "%s %x\n", name, k)
	}
	i, err := s.entry(name, k, same, fast, nil)
	if err != nil {
		return err
	}
	if same {
		return s.keep(i, data)
	}
	s.work <- fileJob{i, data, fast}
	return nil
}

// addSame adds the file name, known to be the last index's, whose content
// has the key k: build makes it, should every file be written again.
func (s *fileSet) addSame(name string, k uint64, build func() ([]byte, error), fast bool) error {
	fmt.Fprintf(s.h, "%s %x\n", name, k)
	_, err := s.entry(name, k, true, fast, build)
	return err
}

// entry adds the entry of a file, and returns its number and the error
// of the set, if any.
func (s *fileSet) entry(name string, k uint64, same, fast bool, build func() ([]byte, error)) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names = append(s.names, name)
	s.keys = append(s.keys, k)
	s.same = append(s.same, same)
	s.fast = append(s.fast, fast)
	s.build = append(s.build, build)
	s.kept = append(s.kept, nil)
	s.spans = append(s.spans, [2]int64{})
	return len(s.names) - 1, s.err
}

// fileKey returns the key of a file's content.
func fileKey(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// list returns where each file goes: every file into the folder named by
// the hash of them all when there is no last index, or when too many
// files would be out of the main folder; else the files unchanged since
// the last index where they are, and the others into a folder named by
// the hash of them.
func (s *fileSet) list() (list *FileList, whole bool) {
	list = &FileList{Files: make(map[string]ListedFile, len(s.names))}
	over := 0
	if s.last != nil {
		for i, name := range s.names {
			if !s.same[i] || s.last.Files[name].Dir != s.last.Base {
				over++
			}
		}
	}
	whole = s.last == nil || over > len(s.names)/16+64
	changed := fmt.Sprintf("%016x/", s.hc.Sum64())
	list.Base = fmt.Sprintf("%016x/", s.h.Sum64())
	if !whole {
		list.Base = s.last.Base
	}
	for i, name := range s.names {
		dir := list.Base
		switch {
		case whole:
		case s.same[i]:
			dir = s.last.Files[name].Dir
		default:
			dir = changed
		}
		list.Files[name] = ListedFile{Key: s.keys[i], Dir: dir}
	}
	return list, whole
}

// finish waits for every file to be kept, and gives to put, on every
// core, each file that is not where the last index left it, by its path
// under the index's folder. It returns where every file is.
func (s *fileSet) finish(ctx context.Context, put func(name string, data []byte) error) (*FileList, error) {
	close(s.work)
	s.wg.Wait()
	s.work = nil
	if s.err != nil {
		return nil, s.err
	}
	list, whole := s.list()
	errs := make([]error, len(s.names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			c := newCompressor()
			for i := range next {
				errs[i] = s.give(c, i, list, put)
			}
		})
	}
	for i := range s.names {
		if ctx.Err() != nil {
			break
		}
		if whole || !s.same[i] {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return list, errors.Join(errs...)
}

// give gives file i to put, compressing it first if it was kept as it is.
func (s *fileSet) give(c *compressor, i int, list *FileList, put func(name string, data []byte) error) error {
	data := s.kept[i]
	if s.build[i] != nil {
		var err error
		if data, err = s.build[i](); err != nil {
			return err
		}
	} else if s.stage != nil {
		data = make([]byte, s.spans[i][1])
		if _, err := s.stage.ReadAt(data, s.spans[i][0]); err != nil {
			return fmt.Errorf("search: reading a kept file: %w", err)
		}
	}
	s.kept[i] = nil
	if s.same[i] {
		z, err := c.compress(data, s.fast[i])
		if err != nil {
			return err
		}
		data = bytes.Clone(z)
	}
	name := s.names[i]
	return put(list.Files[name].Dir+name, data)
}

// overDirs returns the folders of list other than its Base, in order,
// with the files in each.
func overDirs(list *FileList) []overDir {
	by := map[string]*overDir{}
	for name, f := range list.Files {
		if f.Dir == list.Base {
			continue
		}
		o := by[f.Dir]
		if o == nil {
			o = &overDir{Dir: f.Dir}
			by[f.Dir] = o
		}
		kind, rest, _ := strings.Cut(name, "/")
		n, err := strconv.Atoi(strings.TrimSuffix(rest, ".bin"))
		if err != nil {
			continue
		}
		switch kind {
		case "p":
			o.P = append(o.P, n)
		case "w":
			o.W = append(o.W, n)
		case "f":
			o.F = append(o.F, n)
		}
	}
	out := make([]overDir, 0, len(by))
	for _, o := range by {
		slices.Sort(o.P)
		slices.Sort(o.W)
		slices.Sort(o.F)
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b overDir) int { return strings.Compare(a.Dir, b.Dir) })
	return out
}

// close stops the compressors, if finish did not, and removes the file
// of kept files.
func (s *fileSet) close() {
	if s.work != nil {
		close(s.work)
		s.wg.Wait()
	}
	if s.stage != nil {
		s.stage.Close()
	}
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

// wordShards encodes the words in shards of about size bytes.
func wordShards(words []wordEntry, size int) ([][]byte, []string) {
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
	for _, e := range words {
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
		body = binary.AppendUvarint(body, uint64(e.weight))
		prev = e.word
		n++
		if cut(e.word, len(e.word)+len(e.term)+4, len(body), size) {
			flush()
		}
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
