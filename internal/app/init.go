package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/findroot"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/scaffold"
	"github.com/visual-guides/guides/toc"
)

// StartCategory is the id of the first category of a new collection.
const StartCategory = scaffold.StartCategory

// InitOptions are what the init command asks.
type InitOptions struct {
	// Dir is the folder to start the collection in; "" means the current
	// folder.
	Dir string
	// Now is the clock, for the first guide's date; nil means time.Now.
	Now func() time.Time
	// Getwd returns the current folder; nil means os.Getwd.
	Getwd func() (string, error)
}

// InitResult is the outcome of the init command.
type InitResult struct {
	// Files are the files written, relative to the new root, in the
	// order they were written.
	Files []string
	// Problems say why nothing was written: the folder is a collection,
	// or is inside one, or files exist. Their paths are relative to Dir.
	Problems []Problem
}

// Init writes a new collection into the folder opts.Dir, which it creates
// when missing: the files of scaffold.Start, with README's table of
// contents filled in. It never changes a collection or a file: it writes
// nothing when the folder is a collection or inside one, or when one of
// the files exists, and every file is created exclusively, through the
// folder's confined root, so that none is ever overwritten and no link
// leads a file out of the folder. The new collection is checked first with
// every rule, as guides check --strict would check it.
func Init(ctx context.Context, opts InitOptions) (InitResult, error) {
	dir, now, getwd := opts.Dir, opts.Now, opts.Getwd
	if dir == "" {
		dir = "."
	}
	if now == nil {
		now = time.Now
	}
	if getwd == nil {
		getwd = os.Getwd
	}
	switch p, err := notACollection(dir, getwd); {
	case err != nil:
		return InitResult{}, err
	case p != nil:
		return InitResult{Problems: []Problem{*p}}, nil
	}
	files, err := startFiles(now())
	if err != nil {
		return InitResult{}, err
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return InitResult{}, fmt.Errorf("creating %s: %w", dir, unwrap(err))
	}
	fsys, err := rootfs.New(dir)
	if err != nil {
		return InitResult{}, fmt.Errorf("opening %s: %w", dir, unwrap(err))
	}
	defer fsys.Close()
	res, err := existing(fsys, files)
	if err != nil || len(res.Problems) > 0 {
		return res, err
	}
	return writeStart(ctx, fsys, files)
}

// existing returns a problem for each file of a new collection that
// exists, or whose folder is a symbolic link that leads out of the new
// root: init writes nothing then.
func existing(fsys *rootfs.FS, files []scaffold.File) (InitResult, error) {
	var res InitResult
	refused := map[string]bool{}
	for _, f := range files {
		dir := path.Dir(f.Path)
		var le *rootfs.LinkError
		if _, err := fsys.Resolve(dir); errors.As(err, &le) {
			if !refused[le.Link] {
				refused[le.Link] = true
				res.Problems = append(res.Problems, Problem{Msg: le.Error() + "; guides init writes nothing through it"})
			}
			continue
		}
		if _, err := fsys.Lstat(f.Path); err == nil {
			res.Problems = append(res.Problems, Problem{f.Path, "exists; guides init writes nothing over a file"})
		} else if !errors.Is(err, fs.ErrNotExist) {
			return InitResult{}, fmt.Errorf("checking %s: %w", f.Path, unwrap(err))
		}
	}
	return res, nil
}

// notACollection returns a problem when dir is a file, a collection, or a
// folder inside one.
func notACollection(dir string, getwd func() (string, error)) (*Problem, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	switch info, err := os.Stat(dir); {
	case err == nil && !info.IsDir():
		return nil, fmt.Errorf("%s is a file, not a folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", dir, unwrap(err))
	}
	def := config.Default()
	m := findroot.Markers{Config: config.FileName, Data: []findroot.DataDirs{{Guides: def.GuidesDir, Categories: def.CategoriesDir}}}
	root, err := findroot.Find(abs, m)
	switch {
	case err != nil:
		return nil, nil
	case root == abs:
		return &Problem{Msg: dir + " is a collection already; guides init never changes one"}, nil
	}
	return &Problem{Msg: dir + " is inside the collection at " + relTo(root, getwd) + "; start a new one outside it"}, nil
}

// relTo returns an absolute path relative to the current folder when that
// is shorter.
func relTo(abs string, getwd func() (string, error)) string {
	here, err := getwd()
	if err != nil {
		return abs
	}
	if r, err := filepath.Rel(here, abs); err == nil && len(r) <= len(abs) {
		return r
	}
	return abs
}

// writeStart creates the files of a new collection through its root, and
// removes those it made when one cannot be made.
func writeStart(ctx context.Context, fsys *rootfs.FS, files []scaffold.File) (InitResult, error) {
	var res InitResult
	undo := func() {
		for _, name := range res.Files {
			fsys.Root().Remove(name)
		}
	}
	for _, f := range files {
		if err := stopped(ctx); err != nil {
			undo()
			return InitResult{}, err
		}
		err := createFile(fsys, f.Path, f.Data)
		switch {
		case errors.Is(err, fs.ErrExist):
			// Made meanwhile by another program: still not ours.
			undo()
			return InitResult{Problems: []Problem{{f.Path, "exists; guides init writes nothing over a file"}}}, nil
		case err != nil:
			undo()
			return InitResult{}, err
		}
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
	for i, f := range files {
		if f.Path != cfg.Readme {
			continue
		}
		readme, err := toc.Update(f.Data, coll, linker(cfg))
		if err != nil {
			return nil, fmt.Errorf("the README of a new collection: %w", err)
		}
		files[i].Data = readme
	}
	return files, nil
}
