// Package gitlog reads, from a repository's history, when each of its
// files last changed: one run of git log for every file, never running
// what the repository's configuration names (hooks, pagers, diff drivers,
// filters, signature programs).
package gitlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Dates is when each file of a folder last changed, by the history of
// the repository that holds it.
type Dates struct {
	// Of holds the time of the last commit that changed each file, by its
	// slash-separated path from the folder.
	Of map[string]time.Time
	// Shallow says that the history is cut short (a shallow clone): the
	// files whose last change cannot be known from it are in Undated.
	Shallow bool
	Undated map[string]bool
}

// ErrNoHistory is returned for a folder that is not in a git repository,
// or where git cannot be run.
var ErrNoHistory = errors.New("no git history")

// Read reads when every file under dir last changed, by one git log. The
// error wraps ErrNoHistory when there is no history to read.
func Read(ctx context.Context, dir string) (Dates, error) {
	shallow, boundaries, err := shallowness(ctx, dir)
	if err != nil {
		return Dates{}, err
	}
	out, err := run(ctx, dir, "log", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--no-show-signature",
		"--relative", "-z", "--format=%x1e%H %cI", "--name-only", "--", ".")
	if err != nil {
		return Dates{}, err
	}
	d := Dates{Of: map[string]time.Time{}, Shallow: shallow, Undated: map[string]bool{}}
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		head, files, ok := bytes.Cut(rec, []byte{0})
		if !ok {
			continue
		}
		hash, date, _ := strings.Cut(string(head), " ")
		t, err := time.Parse(time.RFC3339, date)
		if err != nil {
			return Dates{}, fmt.Errorf("git log: a commit's time %q: %w", date, err)
		}
		boundary := boundaries[hash]
		for _, f := range bytes.Split(bytes.TrimLeft(files, "\n"), []byte{0}) {
			name := string(f)
			if name == "" {
				continue
			}
			if _, seen := d.Of[name]; seen || d.Undated[name] {
				continue
			}
			// A shallow clone's oldest commits show every file as added:
			// the file's last change may be older, and is not known.
			if boundary {
				d.Undated[name] = true
				continue
			}
			d.Of[name] = t.UTC()
		}
	}
	return d, nil
}

// shallowness says whether the repository holding dir is a shallow clone,
// and which of its commits are where its history is cut.
func shallowness(ctx context.Context, dir string) (bool, map[string]bool, error) {
	out, err := run(ctx, dir, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
	if err != nil {
		return false, nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] != "true" {
		return false, nil, nil
	}
	p := lines[1]
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return true, nil, fmt.Errorf("git: reading the shallow clone's boundary: %w", err)
	}
	boundaries := map[string]bool{}
	for _, h := range strings.Fields(string(data)) {
		boundaries[h] = true
	}
	return true, boundaries, nil
}

// run runs git in dir, with no configuration but the repository's own,
// and with what that could make git run turned off: hooks, a pager,
// external diff programs, a file-system monitor. git's own environment
// variables are cleared, so that no GIT_DIR leads elsewhere.
func run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoHistory, err)
	}
	safe := []string{
		"--no-pager",
		"-c", "core.hooksPath=" + os.DevNull,
		"-c", "core.fsmonitor=false",
		"-c", "core.pager=cat",
		"-c", "diff.external=",
		"-c", "log.showSignature=false",
		"-c", "gpg.program=false",
		"-c", "log.decorate=false",
		"-c", "core.quotePath=false",
	}
	cmd := exec.CommandContext(ctx, git, append(safe, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull, "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat", "PAGER=cat", "LC_ALL=C"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "HOME" || k == "TMPDIR" || k == "GIT_CEILING_DIRECTORIES" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		return nil, fmt.Errorf("%w: git %s: %v: %s", ErrNoHistory, args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
