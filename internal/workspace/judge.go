package workspace

import (
	"context"
	"slices"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// Snapshot is the collection with the open buffers as they were at one
// moment, judged: what check would find if every buffer were saved. It
// does not change.
type Snapshot struct {
	// Coll is the collection, the buffers in place of their files.
	Coll *guides.Collection
	// Docs are the open buffers of guides and categories, by path.
	Docs map[string]*Doc

	fsys overlay
	opts Options
	// What completion and hover look up, made on first use.
	tags     func() []Tag
	pages    func() map[string]page
	headings headingCache
}

// Doc is an open buffer as a snapshot judged it.
type Doc struct {
	Path    string
	Kind    Kind
	Version int32
	Text    []byte
	// Diags are the findings of the file rules on Text and of the
	// collection rules on the snapshot, in the file's order, as check
	// gives them.
	Diags guides.Diagnostics
	// Guide or Category is the model of Text.
	Guide    *guides.Guide
	Category *guides.Category
}

// Judge judges the collection as the buffers now have it: the file rules
// on every buffer changed since the last call, and the collection rules
// on the whole. When ctx is done, the findings are incomplete. Calls of
// Judge take turns.
func (w *Workspace) Judge(ctx context.Context) *Snapshot {
	w.judging.Lock()
	defer w.judging.Unlock()
	w.mu.Lock()
	gs := slices.Clone(w.disk)
	cats := slices.Clone(w.diskCat)
	docs := make(map[string]*Doc, len(w.bufs))
	texts := make(map[string][]byte, len(w.bufs))
	for p, b := range w.bufs {
		kind, id := w.Kind(p)
		w.judgeBuffer(p, kind, id, b)
		doc := &Doc{Path: p, Kind: kind, Version: b.version, Text: b.text, Diags: slices.Clone(b.diags), Guide: b.guide, Category: b.cat}
		docs[p] = doc
		if _, refused := w.refused[p]; refused {
			continue // read from the root, which refuses it as loading did
		}
		texts[p] = b.text
		if kind == Category {
			cats = replaceCategory(cats, b.cat)
		} else {
			gs = replaceGuide(gs, b.guide)
		}
	}
	forget, forgetAll := w.forget, w.forgetAll
	w.forget, w.forgetAll = nil, false
	w.mu.Unlock()

	if forgetAll {
		w.memo.ForgetFiles()
	}
	w.memo.Forget(forget...)
	coll := guides.NewCollection(cats, gs)
	ov := overlay{root: w.fsys, texts: texts}
	for _, d := range rules.CheckWith(ctx, ov, coll, &w.memo) {
		if doc, ok := docs[d.Path]; ok {
			doc.Diags = append(doc.Diags, d)
		}
	}
	for _, doc := range docs {
		doc.Diags.Sort()
	}
	return newSnapshot(coll, docs, ov, w.opts)
}

// judgeBuffer applies the file rules to a buffer that changed since it
// was last judged. The lock is held.
func (w *Workspace) judgeBuffer(p string, kind Kind, id string, b *buffer) {
	if b.judged {
		return
	}
	b.judged = true
	if ds, refused := w.refused[p]; refused {
		b.diags = ds
		if kind == Category {
			b.cat = &guides.Category{ID: id, Path: p}
		} else {
			b.guide = &guides.Guide{ID: id, Path: p}
		}
		return
	}
	if kind == Category {
		b.cat, b.diags = load.CategoryText(&w.files, p, id, b.text)
	} else {
		b.guide, b.diags = load.GuideText(&w.files, p, id, b.text)
	}
}

// replaceGuide puts g in place of the guide of its path in gs, which is in
// file-name order, or in its place in that order.
func replaceGuide(gs []*guides.Guide, g *guides.Guide) []*guides.Guide {
	i, found := slices.BinarySearchFunc(gs, g, byFileName)
	if found && gs[i].Path == g.Path {
		gs[i] = g
		return gs
	}
	return slices.Insert(gs, i, g)
}

// replaceCategory puts c in place of the category of its path in cats, or
// adds it.
func replaceCategory(cats []*guides.Category, c *guides.Category) []*guides.Category {
	if i := slices.IndexFunc(cats, func(x *guides.Category) bool { return x.Path == c.Path }); i >= 0 {
		cats[i] = c
		return cats
	}
	return append(cats, c)
}
