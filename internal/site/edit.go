package site

import (
	"maps"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/search"
)

// BodyEdit renders again, after the bodies of the files at paths changed
// and nothing else did, the pages that show those bodies, and returns the
// site of the last build, files, with those pages replaced; files itself
// is not changed. Its search index still holds the old text: Reindex
// brings it up to date. A server calls BodyEdit to show an edit at once,
// whatever the size of the collection.
//
// The caller must know that the front matter of every file at paths reads
// as it did for the last build, and that the collection's verdict cannot
// have changed. ok is false when the Builder cannot do it this way: it was
// not made with Options.Remember, or a path is not the file of a category
// or guide of the collection; then the site must be built again. A path
// that the collection holds but the last build did not publish, such as a
// draft's, has no page to render again.
func (b *Builder) BodyEdit(files Files, paths []string) (out Files, ok bool, err error) {
	s := b.last
	if s == nil || !b.opts.Remember {
		return nil, false, nil
	}
	var edits []func(out Sink) error
	inFeed := false
	for _, p := range paths {
		if _, published := s.pageOf[p]; !published {
			continue
		}
		found := false
		for _, cat := range s.coll.Categories {
			if cat.Path == p {
				found = true
				edits = append(edits, func(out Sink) error {
					body, err := s.body(s.md, cat.Path, cat.Body, "", -1)
					if err != nil {
						return err
					}
					pages := categoryPages(len(s.coll.GuidesIn(cat.ID)))
					return s.putPage(out, s.sd, s.categoryFile(cat.ID, 1), "category", s.categoryPage(s.sd, cat, 1, pages, body))
				})
				break
			}
		}
		if found {
			continue
		}
		for i, g := range s.coll.Guides {
			if g.Path == p {
				found = true
				// The feed holds the newest guides whole.
				inFeed = inFeed || i >= s.feedFrom()
				edits = append(edits, func(out Sink) error {
					body, err := s.body(s.md, g.Path, g.Body, s.imageURL(g.Path, g.Image, &refRecorder{}), i)
					if err != nil {
						return err
					}
					return s.putPage(out, s.sd, g.ID+"/index.html", "guide", s.guidePage(s.sd, g, body))
				})
				break
			}
		}
		if !found {
			return nil, false, nil
		}
	}
	if inFeed {
		edits = append(edits, func(out Sink) error {
			data, err := s.feed()
			if err != nil {
				return err
			}
			return out.Put(guides.SiteFeed, data)
		})
	}
	out = maps.Clone(files)
	for _, e := range edits {
		if err := e(out); err != nil {
			return nil, false, err
		}
	}
	return out, true, nil
}

// Reindex returns files with the search index built anew from the bodies
// the Builder remembers, for a site that BodyEdit changed; files itself is
// not changed.
func (b *Builder) Reindex(files Files) (Files, error) {
	s := b.last
	if s == nil || b.opts.NoSearch {
		return files, nil
	}
	ix, err := s.newIndexer()
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	b.mu.Lock()
	for i, g := range s.coll.Guides {
		if err == nil {
			err = ix.Add(i, search.DocOf(s.coll, g, b.bodies[g.Path].text))
		}
	}
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.index = ix
	out := maps.Clone(files)
	for name := range out {
		if strings.HasPrefix(name, searchDir) && name != searchDir+"index.html" {
			delete(out, name)
		}
	}
	if err := s.writeSearch(&lockedFiles{files: out}); err != nil {
		return nil, err
	}
	return out, nil
}
