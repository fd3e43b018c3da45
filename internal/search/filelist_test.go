package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestFileList writes lists of files and reads them back, with what
// follows them.
func TestFileList(t *testing.T) {
	for name, list := range map[string]*FileList{
		"none":  nil,
		"empty": {Base: "0a", Files: map[string]ListedFile{}},
		"over": {Base: "0a", Docs: 40_000, Bucket: 3, Files: map[string]ListedFile{
			"p/0.bin": {Key: 1, Dir: "0a"}, "p/1.bin": {Key: 1 << 63, Dir: "1b"}, "f/7.bin": {Key: 99, Dir: "2c"}, "w/0.bin": {Key: 0, Dir: "1b"},
		}},
	} {
		b := AppendFileList([]byte("head"), list)[4:]
		got, rest, err := ReadFileList(append(b, "tail"...))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(list, got, cmpopts.IgnoreUnexported(FileList{})); diff != "" {
			t.Errorf("%s: read back (-want +got):\n%s", name, diff)
		}
		if string(rest) != "tail" {
			t.Errorf("%s: %q follows, want tail", name, rest)
		}
		for n := range len(b) {
			if list != nil && n > 0 {
				if _, _, err := ReadFileList(b[:n]); err == nil {
					t.Errorf("%s cut to %d of %d bytes: read", name, n, len(b))
				}
			}
		}
	}
}

// FuzzFileList reads lists of files: what is read is written back the
// same, and nothing makes the reader fail otherwise than with an error.
func FuzzFileList(f *testing.F) {
	f.Add(AppendFileList(nil, &FileList{Base: "0a", Docs: 3, Bucket: 1, Files: map[string]ListedFile{"p/0.bin": {Key: 5, Dir: "0a"}, "p/1.bin": {Key: 6, Dir: "1b"}}}))
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, data []byte) {
		list, rest, err := ReadFileList(data)
		if err != nil {
			return
		}
		again := AppendFileList(nil, list)
		back, more, err := ReadFileList(again)
		if err != nil || len(more) != 0 {
			t.Fatalf("written back, not read: %v, %d bytes left", err, len(more))
		}
		if diff := cmp.Diff(list, back, cmpopts.IgnoreUnexported(FileList{})); diff != "" {
			t.Fatalf("read back (-first +second):\n%s", diff)
		}
		if len(rest) > len(data) {
			t.Fatal("more left than given")
		}
	})
}
