package app

import (
	"context"
	"sync"
	"time"

	"github.com/visual-guides/guides/internal/site"
)

// liveSearch makes the search index of the live site in the background:
// one index at a time, of the last site shown, so that a burst of edits
// makes one index, not one each, and a page is never kept waiting for it.
type liveSearch struct {
	ls    *liveSite
	index *site.SearchIndex

	mu   sync.Mutex
	idle *sync.Cond
	next *searchJob // the last site shown, not yet indexed
	busy bool
	// indexed is the version of the files the index was last made of.
	indexed dataFiles
}

// searchJob is a site to index: its model, and the files it was made of.
type searchJob struct {
	model *site.Model
	files dataFiles
}

func newLiveSearch(ls *liveSite) (*liveSearch, error) {
	ix, err := site.NewSearchIndex("")
	if err != nil {
		return nil, err
	}
	l := &liveSearch{ls: ls, index: ix}
	l.idle = sync.NewCond(&l.mu)
	return l, nil
}

// request asks for the index of the site of m, made of files: it is made
// once the index being made, if any, is done, unless another request comes
// first. It stops when ctx is done.
func (l *liveSearch) request(ctx context.Context, m *site.Model, files dataFiles) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next = &searchJob{model: m, files: files}
	if !l.busy {
		l.busy = true
		go l.run(ctx)
	}
}

// run makes the index of each request in turn, until there is none or ctx
// is done.
func (l *liveSearch) run(ctx context.Context) {
	for {
		l.mu.Lock()
		job := l.next
		l.next = nil
		if job == nil || ctx.Err() != nil {
			l.busy = false
			l.idle.Broadcast()
			l.mu.Unlock()
			return
		}
		indexed := l.indexed
		l.mu.Unlock()
		start := time.Now()
		changed := func(p string) bool {
			old, ok := indexed[p]
			return !ok || old.onDisk || old.sum != job.files[p].sum
		}
		files, err := l.index.Update(ctx, job.model, changed)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			l.ls.log.problem("the search index: " + err.Error())
		default:
			l.mu.Lock()
			l.indexed = job.files
			l.mu.Unlock()
			l.ls.searched(files)
			l.ls.log.printf("search index of %s rebuilt in %s", countOf(len(job.model.Collection().Guides), "guide"), since(start))
		}
	}
}

// wait waits until no index is being made.
func (l *liveSearch) wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.busy {
		l.idle.Wait()
	}
}

// close waits for the index being made, and removes the index's files.
// The context of the requests must be done, or no more must come.
func (l *liveSearch) close() error {
	l.wait()
	return l.index.Close()
}
