package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/schema"
)

// SchemaOptions are what the schema command asks.
type SchemaOptions struct {
	// Kind is "guide" or "category": whose front matter the schema is of.
	Kind string
	// File, when set, is the file the schema is written to, relative to
	// the current folder, whole or not at all; else the schema is returned
	// for the command to print.
	File string
}

// SchemaKinds are the kinds of files a schema is made for.
func SchemaKinds() []string { return []string{"guide", "category"} }

// Validate reports a kind that is neither guide nor category.
func (o SchemaOptions) Validate() error {
	switch o.Kind {
	case "guide", "category":
		return nil
	}
	return usage("", fmt.Errorf("%s is not a kind of file: write guide or category", Quote(o.Kind)))
}

// Schema returns the JSON Schema (draft 2020-12) of the front matter of a
// guide or a category, whose category ids are those of the collection,
// and writes it to opts.File when set. The collection is read as
// leniently as the commands that add to it read it, and its findings are
// not shown: a schema is made for a collection being written.
func (s *Session) Schema(ctx context.Context, opts SchemaOptions) ([]byte, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	sch := schema.Category()
	if opts.Kind == "guide" {
		coll, _, err := load.LoadRoot(ctx, s.fsys, s.loadOptions(true))
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, c := range coll.Categories {
			ids = append(ids, c.ID)
		}
		sch = schema.Guide(ids)
	}
	data := sch.JSON()
	if opts.File != "" {
		if err := writeNamedFile(ctx, opts.File, data); err != nil {
			return nil, fmt.Errorf("writing the schema: %w", err)
		}
	}
	return data, nil
}

// writeNamedFile replaces the file the user named on the command line
// with data, atomically: through a root at its folder, so that a name
// that is a symbolic link, a FIFO or a folder is refused, not followed.
func writeNamedFile(ctx context.Context, name string, data []byte) error {
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return err
	}
	defer root.Close()
	return atomicfile.WriteIn(ctx, root, filepath.Base(name), atomicfile.Options{Perm: 0o644}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
