package gitlog

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/testenv"
)

// git runs git in dir for a test, with the given commit time.
func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@example.org",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// history makes a repository whose collection is in the folder coll/: a.md
// changed in 2024-03, b.md last in 2024-01, c.md in 2024-05, and new.md
// not committed. Its configuration names programs that leave a mark
// when run: none may be.
func history(t *testing.T) (repo, marks string) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo, marks = t.TempDir(), t.TempDir()
	git(t, repo, "2024-01-01T00:00:00Z", "init", "-q")
	write(t, repo, "coll/data/guides/a.md", "a\n")
	write(t, repo, "coll/data/guides/b.md", "b\n")
	write(t, repo, "outside.md", "o\n")
	git(t, repo, "2024-01-02T10:00:00Z", "add", ".")
	git(t, repo, "2024-01-02T10:00:00Z", "commit", "-qm", "one")
	write(t, repo, "coll/data/guides/a.md", "a2\n")
	git(t, repo, "2024-03-04T10:00:00+02:00", "commit", "-qam", "two")
	write(t, repo, "coll/data/guides/c.md", "c\n")
	git(t, repo, "2024-05-06T10:00:00Z", "add", ".")
	git(t, repo, "2024-05-06T10:00:00Z", "commit", "-qm", "three")
	write(t, repo, "coll/data/guides/new.md", "new\n")
	script := filepath.Join(marks, "mark.sh")
	write(t, marks, "mark.sh", "#!/bin/sh\ntouch \""+marks+"/ran-$1\"\ncat\n")
	if err := os.Chmod(script, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{
		{"core.pager", script + " pager"}, {"diff.external", script + " diff"}, {"core.fsmonitor", script + " fsmonitor"},
		{"log.showSignature", "true"}, {"gpg.program", script + " gpg"}, {"core.hooksPath", marks},
		{"diff.md.textconv", script + " textconv"},
	} {
		git(t, repo, "2024-01-01T00:00:00Z", "config", kv[0], kv[1])
	}
	write(t, repo, ".gitattributes", "*.md diff=md\n")
	return repo, marks
}

// TestRead reads the dates of a history's files, relative to the
// collection's folder, running nothing the repository configures.
func TestRead(t *testing.T) {
	repo, marks := history(t)
	d, err := Read(context.Background(), filepath.Join(repo, "coll"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"data/guides/a.md": time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC),
		"data/guides/b.md": time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC),
		"data/guides/c.md": time.Date(2024, 5, 6, 10, 0, 0, 0, time.UTC),
	}
	if len(d.Of) != len(want) {
		t.Errorf("dates of %d files, want %d: %v", len(d.Of), len(want), d.Of)
	}
	for name, w := range want {
		if got := d.Of[name]; !got.Equal(w) {
			t.Errorf("%s last changed %v, want %v", name, got, w)
		}
	}
	if d.Shallow || len(d.Undated) > 0 {
		t.Errorf("a whole history is shallow %v, with undated files %v", d.Shallow, d.Undated)
	}
	if ran, _ := filepath.Glob(filepath.Join(marks, "ran-*")); len(ran) > 0 {
		t.Errorf("reading the history ran what the repository configures: %v", ran)
	}
}

// TestReadShallow reads a shallow clone of the last two commits: the
// files of its first commit (a.md, changed there, and b.md, changed long
// before: the clone cannot tell them apart) are undated, c.md dated.
func TestReadShallow(t *testing.T) {
	testenv.Slow(t)
	repo, _ := history(t)
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, repo, "2024-01-01T00:00:00Z", "clone", "-q", "--depth", "2", "file://"+repo, clone)
	d, err := Read(context.Background(), filepath.Join(clone, "coll"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Shallow || !d.Undated["data/guides/a.md"] || !d.Undated["data/guides/b.md"] || len(d.Undated) != 2 {
		t.Errorf("a shallow clone: shallow %v, undated %v; want a.md and b.md undated", d.Shallow, d.Undated)
	}
	if len(d.Of) != 1 || !d.Of["data/guides/c.md"].Equal(time.Date(2024, 5, 6, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("dates in a shallow clone: %v, want c.md's alone", d.Of)
	}
}

// TestNoHistory reads a folder outside any repository.
func TestNoHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := Read(context.Background(), dir)
	if !errors.Is(err, ErrNoHistory) {
		t.Errorf("a folder without history: %v, want ErrNoHistory", err)
	}
}
