package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
)

// postingSink takes the postings of every key, in order of key.
type postingSink interface {
	// add adds the postings of key, a list it copies what it keeps of.
	add(key string, list []Posting) error
	// addKept adds the postings of key that are the base's, unchanged
	// (see keptList), not decoded: valid until the next call.
	addKept(key string, k keptList) error
	// addUnchanged is add, for a list the same, documents and impacts,
	// as the base's record of key at span in its run.
	addUnchanged(key string, list []Posting, span [2]int64) error
	// drop tells that a key of the base has no postings left.
	drop()
}

// emitSink is a postingSink that gives every list to a function, a kept
// list decoded.
type emitSink func(key string, list []Posting) error

func (e emitSink) add(key string, list []Posting) error { return e(key, list) }

func (e emitSink) addKept(key string, k keptList) error {
	list, err := k.decode(nil)
	if err != nil {
		return err
	}
	return e(key, list)
}

func (e emitSink) addUnchanged(key string, list []Posting, _ [2]int64) error { return e(key, list) }

func (emitSink) drop() {}

// keptList is a key's postings as the run of a kept index has them: their
// number, their encoding (see runSource) and their impacts, and where the
// key's record is in the run, from the run's start.
type keptList struct {
	count      int
	data, imps []byte
	span       [2]int64
	// changed tells that the postings' documents or impacts are not
	// those of the record at span.
	changed bool
}

// decode appends the postings of k to out.
func (k keptList) decode(out []Posting) ([]Posting, error) {
	if len(k.imps) != k.count {
		return out, errors.New("search: reading a run: impacts are missing")
	}
	b := k.data
	off, doc := 0, int64(0)
	for i := range k.count {
		d, n := binary.Uvarint(b[off:])
		if n <= 0 || off+n >= len(b) {
			return out, errors.New("search: reading a run: a posting is cut short")
		}
		doc += int64(d>>1) ^ -int64(d&1)
		if doc < 0 || doc > 1<<32-1 {
			return out, errors.New("search: reading a run: a document out of range")
		}
		end, ok := skipCounts(b, off+n)
		if !ok {
			return out, errors.New("search: reading a run: a count is cut short")
		}
		off = end
		out = append(out, Posting{Doc: uint32(doc), Impact: k.imps[i]})
	}
	return out, nil
}

// parseRecord reads the record of a key of a kept index's run, whose key
// it leaves out: what the run's span of it holds.
func parseRecord(rec []byte) (keptList, error) {
	_, _, k, n, err := nextRecord(rec)
	if err == nil && n != len(rec) {
		err = errRecord
	}
	return k, err
}

var errRecord = errors.New("search: the kept index is damaged: a key's record")

// nextRecord reads the record of a key at the start of b: the bytes its
// key shares with the key before and the rest, its postings, and its
// length.
func nextRecord(b []byte) (shared int, rest []byte, k keptList, n int, err error) {
	var v [4]uint64
	at := 0
	for i := range v {
		m := 0
		v[i], m = binary.Uvarint(b[at:])
		if m <= 0 {
			return 0, nil, k, 0, errRecord
		}
		at += m
		if i == 1 { // the rest of the key
			if v[1] > uint64(len(b)-at) {
				return 0, nil, k, 0, errRecord
			}
			rest = b[at : at+int(v[1])]
			at += int(v[1])
		}
	}
	count, size := v[2], v[3]
	if size > uint64(len(b)-at) || count > uint64(len(b)-at)-size || v[0] > 1<<20 {
		return 0, nil, k, 0, errRecord
	}
	data := b[at : at+int(size)]
	at += int(size)
	k = keptList{count: int(count), data: data, imps: b[at : at+int(count)]}
	return int(v[0]), rest, k, at + int(count), nil
}

// keptShard is a shard of postings as a kept index records it: its head,
// the number of its pieces, and the key of its content.
type keptShard struct {
	head   shardHead
	pieces int
	file   uint64
}

// keptShards are the shards of postings a kept index records, of about
// size bytes.
type keptShards struct {
	size int
	list []keptShard
	// reused counts the shards the sharder found the base's, not encoded,
	// and keptKeys the keys it was given kept (addKept).
	reused, keptKeys int
}

// madeShard is a shard of postings the sharder made: its encoding, or,
// for a shard the same as the base's, nil and the key of its content,
// with build to encode it again should it be written.
type madeShard struct {
	head   shardHead
	pieces int
	data   []byte
	file   uint64
	build  func() ([]byte, error)
}

// postingSharder encodes postings, given key by key in order, in shards
// of about size bytes, and gives each shard to emit as it is done.
//
// With a base (a kept index, and the files last made from it), a shard
// whose every key is the base's, unchanged, is not encoded: it starts
// where a shard of the base started, at the same place in the list of
// shards, and holds as many keys, so it is that shard (its end depends on
// its keys alone, see put), unless a key of the base between them is gone
// (drop).
type postingSharder struct {
	size  int
	emit  func(madeShard) error
	cur   []shardPiece
	posts []Posting // of the pieces of cur, one after another
	bytes int
	cont  bool

	base  *Kept
	last  *FileList
	kept  []byte // the data, then the impacts, of the kept pieces of cur
	dirty bool   // a key of the base in cur's stretch is gone
	made  int    // the shards made
	keys  int    // the keys given kept

	// long is the data, then the impacts, of the kept list longer than a
	// shard being cut into pieces: longData bytes of data, longCount
	// postings, decoded into longPosts when a piece is not the base's.
	long                []byte
	longData, longCount int
	longPosts           []Posting
	head, gaps          []byte    // reused by encode
	order               []Posting // reused by materialize
	scratch             []Posting // reused by addKept
}

// shardPiece is a key's postings, or some of them, in a shard:
// posts[from:to]; or, kept, count postings of the key as the base's run
// encodes them, whose data and impacts are at kept[at:], n bytes of
// data, or, long, the postings of the list in the sharder's long from the
// first. same tells that the piece, kept or not, is the base's postings
// from the first (a kept piece's) or all of them, of the record at span.
type shardPiece struct {
	key              string
	from, to         int
	kept, same, long bool
	at, n            int
	count            int
	first            int
	span             [2]int64
}

// per returns the postings of key one shard holds.
func (s *postingSharder) per(key string) int { return max((s.size-len(key)-4)/3, 16) }

func (s *postingSharder) add(key string, list []Posting) error {
	return s.put(key, list, nil, nil)
}

func (s *postingSharder) addKept(key string, k keptList) error {
	s.keys++
	if s.base == nil {
		list, err := k.decode(s.scratch[:0])
		s.scratch = list[:0]
		if err != nil {
			return err
		}
		return s.put(key, list, nil, nil)
	}
	return s.put(key, nil, &k, nil)
}

func (s *postingSharder) addUnchanged(key string, list []Posting, span [2]int64) error {
	if s.base == nil || len(list) > s.per(key) {
		return s.put(key, list, nil, nil)
	}
	return s.put(key, list, nil, &span)
}

func (s *postingSharder) drop() { s.dirty = true }

// put adds the postings of key, list or, when k is set, a kept list;
// span, when set, is where the base's record of list is, the same.
//
// Where a shard ends depends on the keys near it alone, so that an edit
// of one document changes the shards of its keys and not every shard
// after them: a shard ends after a key chosen by the key's hash (see
// cut), and a list longer than a shard holds starts a shard of its own
// and is cut into pieces of a fixed number of postings.
func (s *postingSharder) put(key string, list []Posting, k *keptList, span *[2]int64) error {
	per := s.per(key)
	cont := false
	n, first := len(list), 0
	if k != nil {
		n = k.count
	}
	if n > per {
		if err := s.flush(); err != nil {
			return err
		}
		if k != nil {
			// Its pieces are read from a copy of its own, which lasts
			// until its last piece is in a shard made: they are
			// decoded only for a shard not the base's.
			s.long = append(append(s.long[:0], k.data...), k.imps...)
			s.longData, s.longCount, s.longPosts = len(k.data), k.count, s.longPosts[:0]
		}
		for n-first > per {
			s.cont = cont
			if k != nil {
				s.keptPiece(key, k, first, per, true)
			} else {
				s.piece(key, list[first:first+per])
			}
			first, cont = first+per, true
			if err := s.flush(); err != nil {
				return err
			}
		}
	}
	if len(s.cur) == 0 {
		s.cont = cont
	}
	cost := len(key) + 4 + 3*(n-first)
	if k != nil {
		s.keptPiece(key, k, first, n-first, first > 0)
	} else {
		s.piece(key, list[first:])
		if span != nil {
			p := &s.cur[len(s.cur)-1]
			p.same, p.span = true, *span
		}
	}
	s.bytes += cost
	if cut(key, cost, s.bytes, s.size) {
		return s.flush()
	}
	return nil
}

// keptPiece adds the count postings of k from the first to the shard
// being made: a copy of k's data and impacts, or, long, a piece of the
// list in s.long.
func (s *postingSharder) keptPiece(key string, k *keptList, first, count int, long bool) {
	p := shardPiece{key: key, kept: true, same: !k.changed, long: long, count: count, first: first, span: k.span}
	if !long {
		p.at, p.n = len(s.kept), len(k.data)
		s.kept = append(append(s.kept, k.data...), k.imps...)
	}
	s.cur = append(s.cur, p)
}

// piece adds a piece of key's postings, list, to the shard being made.
func (s *postingSharder) piece(key string, list []Posting) {
	from := len(s.posts)
	s.posts = append(s.posts, list...)
	s.cur = append(s.cur, shardPiece{key: key, from: from, to: len(s.posts)})
}

// cut reports whether a shard of about size bytes ends after an entry of
// the given cost and name, once it holds bytes: past half its size, at an
// entry whose hash falls under a bar that grows with the entry's cost, so
// that the shards are about size bytes on average; past twice its size,
// at any entry.
func cut(name string, cost, bytes, size int) bool {
	half := max(size/2, 1)
	if bytes < half {
		return false
	}
	if bytes >= 2*size {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()%uint64(half) < uint64(cost)
}

// flush encodes the shard being made, if any, and gives it to emit.
func (s *postingSharder) flush() error {
	if len(s.cur) == 0 {
		return nil
	}
	h := shardHead{Key: s.cur[0].key, Cont: s.cont}
	ms := madeShard{head: h, pieces: len(s.cur)}
	if file, ok := s.same(s.made, h); ok {
		// Its keys' records are one after another in the base's run:
		// every key of the base between them is in it.
		first := s.cur[0]
		r := &sameShard{base: s.base, span: [2]int64{first.span[0], s.cur[len(s.cur)-1].span[1]}, key: first.key, partial: first.long, first: first.first, count: first.count}
		ms.file, ms.build = file, r.rebuild
	} else {
		if err := s.materialize(); err != nil {
			return err
		}
		ms.data, s.head, s.gaps = encodeShard(s.cur, s.posts, s.head[:0], s.gaps[:0])
	}
	s.made++
	s.cur, s.posts, s.kept, s.bytes, s.dirty = s.cur[:0], s.posts[:0], s.kept[:0], 0, false
	return s.emit(ms)
}

// same reports whether the shard being made, the j-th, with the head h,
// is the base's j-th, and returns the key of its content: every piece is
// the base's (kept, or the same), no key of the base is gone among them, and the last files have
// that shard.
func (s *postingSharder) same(j int, h shardHead) (uint64, bool) {
	if s.base == nil || s.dirty || j >= len(s.base.shards.list) || s.base.shards.size != s.size || s.last == nil {
		return 0, false
	}
	b := s.base.shards.list[j]
	if b.head != h || b.pieces != len(s.cur) {
		return 0, false
	}
	for _, p := range s.cur {
		if !p.same {
			return 0, false
		}
	}
	f, ok := s.last.Files[fmt.Sprintf("p/%d.bin", j)]
	return b.file, ok && f.Key == b.file
}

// materialize decodes the kept pieces of the shard being made, so that
// every piece is in posts, in order.
func (s *postingSharder) materialize() error {
	if !slices.ContainsFunc(s.cur, func(p shardPiece) bool { return p.kept }) {
		return nil
	}
	out := s.order[:0]
	for i := range s.cur {
		p := &s.cur[i]
		from := len(out)
		switch {
		case p.long:
			if len(s.longPosts) == 0 {
				k := keptList{count: s.longCount, data: s.long[:s.longData], imps: s.long[s.longData:]}
				var err error
				if s.longPosts, err = k.decode(s.longPosts[:0]); err != nil {
					return err
				}
			}
			out = append(out, s.longPosts[p.first:p.first+p.count]...)
		case p.kept:
			k := keptList{count: p.count, data: s.kept[p.at : p.at+p.n], imps: s.kept[p.at+p.n : p.at+p.n+p.count]}
			var err error
			if out, err = k.decode(out); err != nil {
				return err
			}
		default:
			out = append(out, s.posts[p.from:p.to]...)
		}
		p.from, p.to, p.kept = from, len(out), false
	}
	s.order, s.posts = s.posts[:0], out
	return nil
}

// sameShard is what encodes again a shard of the base: where its keys'
// records are in the base's run, one after another, its first key, and,
// when its first piece is some of its key's postings, which.
type sameShard struct {
	base         *Kept
	span         [2]int64
	key          string
	partial      bool
	first, count int
}

// rebuild encodes the shard again from the base's run.
func (r *sameShard) rebuild() ([]byte, error) {
	b, err := r.base.read([2]int64{r.base.run[0] + r.span[0], r.span[1] - r.span[0]})
	if err != nil {
		return nil, err
	}
	var (
		pieces []shardPiece
		posts  []Posting
		key    = r.key
	)
	for len(b) > 0 {
		shared, rest, k, n, err := nextRecord(b)
		if err != nil {
			return nil, err
		}
		if len(pieces) > 0 {
			if shared > len(key) {
				return nil, errRecord
			}
			key = key[:shared] + string(rest)
		}
		from := len(posts)
		if posts, err = k.decode(posts); err != nil {
			return nil, err
		}
		if len(pieces) == 0 && r.partial {
			if r.first+r.count > len(posts) {
				return nil, errRecord
			}
			posts = append(posts[:0], posts[r.first:r.first+r.count]...)
		}
		pieces = append(pieces, shardPiece{key: key, from: from, to: len(posts)})
		b = b[n:]
	}
	data, _, _ := encodeShard(pieces, posts, nil, nil)
	return data, nil
}

// encodeShard encodes a shard of the pieces, whose postings are posts,
// one piece after another; head and gaps are space it returns to reuse.
func encodeShard(pieces []shardPiece, posts []Posting, head, gaps []byte) (data, headSpace, gapSpace []byte) {
	head = binary.AppendUvarint(head, uint64(len(pieces)))
	prev := ""
	for _, p := range pieces {
		shared := commonPrefix(prev, p.key)
		head = binary.AppendUvarint(head, uint64(shared))
		head = binary.AppendUvarint(head, uint64(len(p.key)-shared))
		head = append(head, p.key[shared:]...)
		head = binary.AppendUvarint(head, uint64(p.to-p.from))
		prev = p.key
		last := uint32(0)
		for _, post := range posts[p.from:p.to] {
			gaps = binary.AppendUvarint(gaps, uint64(post.Doc-last))
			last = post.Doc
		}
	}
	// The shard is the head, the gaps, then an impact a posting, in one
	// allocation.
	data = make([]byte, 0, len(head)+len(gaps)+len(posts))
	data = append(append(data, head...), gaps...)
	for _, post := range posts {
		data = append(data, post.Impact)
	}
	return data, head, gaps
}
