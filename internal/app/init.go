package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/scaffold"
	"github.com/visual-guides/guides/toc"
)

// InitResult is the outcome of the init command.
type InitResult struct {
	// Files are the files written, relative to the new root, in the
	// order they were written.
	Files []string
	// Problems say why nothing was written: the files that exist.
	Problems []Problem
}

// Init writes a new collection into the folder dir, which it creates when
// missing: the files of scaffold.Start, with README's table of contents
// filled in. It writes nothing when one of them exists, and every file is
// created exclusively, so that none is ever overwritten. The new
// collection is checked first with every rule, as guides check --strict
// would check it.
func Init(dir string, now time.Time) (InitResult, error) {
	files, err := startFiles(now)
	if err != nil {
		return InitResult{}, err
	}
	var res InitResult
	for _, f := range files {
		if _, err := os.Lstat(joinPath(dir, f.Path)); err == nil {
			res.Problems = append(res.Problems, Problem{f.Path, "exists; guides init writes nothing over a file"})
		} else if !errors.Is(err, fs.ErrNotExist) {
			return InitResult{}, fmt.Errorf("checking %s: %w", f.Path, unwrap(err))
		}
	}
	if len(res.Problems) > 0 {
		return res, nil
	}
	var created []string
	undo := func() {
		for _, name := range created {
			os.Remove(name)
		}
	}
	for _, f := range files {
		name := joinPath(dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			undo()
			return InitResult{}, fmt.Errorf("creating the folder of %s: %w", f.Path, unwrap(err))
		}
		if err := createFile(name, f.Data); err != nil {
			undo()
			if errors.Is(err, fs.ErrExist) {
				// Made meanwhile by another program: still not ours.
				return InitResult{Problems: []Problem{{f.Path, "exists; guides init writes nothing over a file"}}}, nil
			}
			return InitResult{}, fmt.Errorf("writing %s: %w", f.Path, unwrap(err))
		}
		created = append(created, name)
		res.Files = append(res.Files, f.Path)
	}
	return res, nil
}

// startFiles returns the files of a new collection with README's table of
// contents current, after checking that every rule accepts them.
func startFiles(now time.Time) ([]scaffold.File, error) {
	files := scaffold.Start(now)
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	cfg, err := config.Load(fsys, config.FileName)
	if err != nil {
		return nil, fmt.Errorf("the settings of a new collection: %w", err)
	}
	coll, diags, err := load.Load(fsys, load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
	if err != nil {
		return nil, err
	}
	diags = append(diags, rules.Collection(fsys, coll)...)
	if len(diags) > 0 {
		var b strings.Builder
		for _, d := range diags {
			b.WriteString("\n" + d.String())
		}
		return nil, fmt.Errorf("a new collection has problems, which is a bug:%s", b.String())
	}
	s := &Session{Config: cfg}
	for i, f := range files {
		if f.Path != cfg.Readme {
			continue
		}
		readme, err := toc.Update(f.Data, coll, s.linker())
		if err != nil {
			return nil, fmt.Errorf("the README of a new collection: %w", err)
		}
		files[i].Data = readme
	}
	return files, nil
}

// createFile writes a new file, failing with fs.ErrExist when there is one.
// A file it leaves partly written is removed.
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}
