// Package inputs records what a computation asks of the files of a root,
// and tells later, without reading any file again, whether every answer
// would be the same: the answers are known by the files' stamps (see
// rootfs.Stamp), as make and git know theirs.
//
// A Recorder stands for the root while the computation runs and notes each
// path it asks about. Sum then hashes what the root answers now to those
// questions and to the listings of some folders, with the stamp of each
// file each of them names; the same sum later means the same files, with
// one exception that Sum reports: a file changed so close to the start of
// the computation that its stamp cannot tell the version read from a
// later one (racy, in git's word). Such a sum is not to be kept.
package inputs

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/visual-guides/guides/internal/rootfs"
)

// Op is the kind of a question.
type Op byte

const (
	// Stat stands for every question about what a path leads to: its
	// stamp, its content, or its listing when it is a folder (a folder's
	// stamp changes as entries come and go).
	Stat Op = 's'
	// Lstat is a question about the path itself, a link not followed.
	Lstat Op = 'l'
	// Resolve is a question about where a path's links lead.
	Resolve Op = 'r'
	// List is a question about a folder's entries and the stamp of each.
	List Op = 'd'
)

// Question is a path asked about, and how.
type Question struct {
	Op   Op
	Path string
}

// Margin is how close to the start of a computation a stamp must not be:
// coarser than any clock of a file system (FAT keeps times to 2 s, and
// Linux stamps files from a clock a tick behind the one programs read).
const Margin = 2 * time.Second

// Recorder is an fs.FS over a root that notes the questions asked of it.
// It is safe for concurrent use.
type Recorder struct {
	fsys  *rootfs.FS
	mu    sync.Mutex
	asked map[Question]struct{}
}

// Record returns a Recorder over fsys.
func Record(fsys *rootfs.FS) *Recorder {
	return &Recorder{fsys: fsys, asked: map[Question]struct{}{}}
}

func (r *Recorder) note(op Op, name string) {
	r.mu.Lock()
	r.asked[Question{op, name}] = struct{}{}
	r.mu.Unlock()
}

// Open opens name in the root.
func (r *Recorder) Open(name string) (fs.File, error) {
	r.note(Stat, name)
	return r.fsys.Open(name)
}

// ReadFile reads name in the root.
func (r *Recorder) ReadFile(name string) ([]byte, error) {
	r.note(Stat, name)
	return r.fsys.ReadFile(name)
}

// Stat describes what name leads to.
func (r *Recorder) Stat(name string) (fs.FileInfo, error) {
	r.note(Stat, name)
	return r.fsys.Stat(name)
}

// ReadDir lists the folder name.
func (r *Recorder) ReadDir(name string) ([]fs.DirEntry, error) {
	r.note(Stat, name)
	return r.fsys.ReadDir(name)
}

// Lstat describes name itself.
func (r *Recorder) Lstat(name string) (fs.FileInfo, error) {
	r.note(Lstat, name)
	return r.fsys.Lstat(name)
}

// ReadLink returns what the link name holds.
func (r *Recorder) ReadLink(name string) (string, error) {
	r.note(Lstat, name)
	return r.fsys.ReadLink(name)
}

// Resolve returns where name leads (see rootfs.FS.Resolve).
func (r *Recorder) Resolve(name string) (string, error) {
	r.note(Resolve, name)
	return r.fsys.Resolve(name)
}

// Asked returns the questions asked so far, sorted.
func (r *Recorder) Asked() []Question {
	r.mu.Lock()
	out := make([]Question, 0, len(r.asked))
	for q := range r.asked {
		out = append(out, q)
	}
	r.mu.Unlock()
	slices.SortFunc(out, func(a, b Question) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Op, b.Op))
	})
	return out
}

// Sum hashes the answers fsys gives now to qs. racy reports that a stamp
// among them is not older than since by Margin: the sum is not to be kept
// for a computation that started at since.
func Sum(fsys *rootfs.FS, qs []Question, since time.Time) (sum [sha256.Size]byte, racy bool) {
	answers := make([][]byte, len(qs))
	limit := since.Add(-Margin).UnixNano()
	var anyLate atomic.Bool
	parallel(len(qs), func(i int) {
		var r bool
		answers[i], r = answer(fsys, qs[i], limit)
		if r {
			anyLate.Store(true)
		}
	})
	h := sha256.New()
	for i, q := range qs {
		var head []byte
		head = append(head, byte(q.Op))
		head = binary.AppendUvarint(head, uint64(len(q.Path)))
		head = append(head, q.Path...)
		head = binary.AppendUvarint(head, uint64(len(answers[i])))
		h.Write(head)
		h.Write(answers[i])
	}
	h.Sum(sum[:0])
	return sum, anyLate.Load()
}

// parallel calls work for 0 to n-1 from a few goroutines: the answers
// wait on the kernel more than on the processor.
func parallel(n int, work func(int)) {
	workers := min(8, 2*runtime.GOMAXPROCS(0), 1+n/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				work(i)
			}
		})
	}
	wg.Wait()
}

// answer returns what fsys answers to q, and reports whether a stamp in
// it changed at limit or later.
func answer(fsys *rootfs.FS, q Question, limit int64) ([]byte, bool) {
	var b []byte
	switch q.Op {
	case Stat:
		info, err := fsys.Stat(q.Path)
		return appendInfo(b, info, err, limit)
	case Lstat:
		info, err := fsys.Lstat(q.Path)
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			target, err := fsys.ReadLink(q.Path)
			b = appendErr(append(b, target...), err)
		}
		return appendInfo(b, info, err, limit)
	case Resolve:
		to, err := fsys.Resolve(q.Path)
		return appendErr(append(b, to...), err), false
	case List:
		// A folder of many files: its entries are hashed as they come,
		// and the answer is the hash.
		entries, err := fsys.StampDir(q.Path)
		h := sha256.New()
		e := appendErr(nil, err)
		racy := false
		for _, d := range entries {
			e = binary.AppendUvarint(e, uint64(len(d.Name)))
			e = append(e, d.Name...)
			e = appendErr(e, d.Err)
			e = appendStamp(e, d.Stamp)
			racy = racy || (d.Err == nil && late(d.Stamp, limit))
			h.Write(e)
			e = e[:0]
		}
		h.Write(e)
		return h.Sum(b), racy
	}
	return append(b, "?"...), false
}

func appendInfo(b []byte, info fs.FileInfo, err error, limit int64) ([]byte, bool) {
	b = appendErr(b, err)
	if err != nil {
		return b, false
	}
	s := rootfs.StampOf(info)
	return appendStamp(b, s), late(s, limit)
}

// late reports whether s changed at limit or later: by the time of its
// status change, which no program sets, so that a file given an old time
// of modification after an edit is still seen.
func late(s rootfs.Stamp, limit int64) bool { return s.Change >= limit }

func appendStamp(b []byte, s rootfs.Stamp) []byte {
	b = binary.AppendUvarint(b, uint64(s.Mode))
	b = binary.AppendVarint(b, s.Size)
	b = binary.AppendVarint(b, s.Mod)
	b = binary.AppendVarint(b, s.Change)
	return binary.AppendUvarint(b, s.Ino)
}

// appendErr appends what kind of failure err is: its text would name
// passing details, such as a descriptor's number.
func appendErr(b []byte, err error) []byte {
	var le *rootfs.LinkError
	var ne *rootfs.NotRegularError
	switch {
	case err == nil:
		return append(b, 0)
	case errors.Is(err, fs.ErrNotExist):
		return append(b, 1)
	case errors.As(err, &le):
		return append(b, 2)
	case errors.As(err, &ne):
		return append(b, 3)
	case errors.Is(err, fs.ErrPermission):
		return append(b, 4)
	}
	return append(b, 5)
}

// maxQuestions bounds the questions ReadQuestions takes from a few bytes.
const maxQuestions = 1 << 24

// AppendQuestions appends qs to b in the form ReadQuestions reads.
func AppendQuestions(b []byte, qs []Question) []byte {
	b = binary.AppendUvarint(b, uint64(len(qs)))
	for _, q := range qs {
		b = append(b, byte(q.Op))
		b = binary.AppendUvarint(b, uint64(len(q.Path)))
		b = append(b, q.Path...)
	}
	return b
}

// ErrDamaged is what ReadQuestions says of bytes AppendQuestions did not
// write.
var ErrDamaged = errors.New("inputs: damaged list of questions")

// ReadQuestions reads the questions AppendQuestions wrote at the start of
// b, and returns them with the bytes after them.
func ReadQuestions(b []byte) ([]Question, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > maxQuestions || n > uint64(len(b)) {
		return nil, nil, ErrDamaged
	}
	b = b[k:]
	// Grown as the questions are read: a count that lies costs no memory.
	qs := make([]Question, 0, min(n, 4096))
	for range n {
		if len(b) == 0 {
			return nil, nil, ErrDamaged
		}
		op := Op(b[0])
		size, k := binary.Uvarint(b[1:])
		if k <= 0 || size > uint64(len(b)-1-k) || !validOp(op) {
			return nil, nil, ErrDamaged
		}
		start := 1 + k
		qs = append(qs, Question{op, string(b[start : start+int(size)])})
		b = b[start+int(size):]
	}
	return qs, b, nil
}

func validOp(op Op) bool { return op == Stat || op == Lstat || op == Resolve || op == List }
