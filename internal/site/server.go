package site

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
)

// EventsPath is the URL path of the stream of events a Server sends to its
// pages: "reload" when the site changes, and the collection's problems.
const EventsPath = "/__guides/events"

// LiveScriptPath is the URL path of the script that listens to the events;
// pass it as Options.LiveReload when building for a Server.
const LiveScriptPath = "/__guides/live.js"

// liveScript reloads the page when the site changes, and shows the
// collection's problems over it.
//
//go:embed live.js
var liveScript []byte

// Problem is a finding about the collection that a Server shows over its
// pages while the collection has errors.
type Problem struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// Site is what a Server serves: the files of a site by name, made when
// they are asked for (a Model) or held (Files).
type Site interface {
	// File returns the file at name, a slash-separated path relative to
	// the site's root folder; ok is false when the site has none there.
	File(name string) (data []byte, ok bool, err error)
}

// File implements Site.
func (f Files) File(name string) ([]byte, bool, error) {
	data, ok := f[name]
	return data, ok, nil
}

// Server serves a site at the path of its base URL, tells open pages to
// reload when the site changes, and shows the collection's problems over
// them. It serves nothing but the files of its Site: a request never
// names a file of the file system.
type Server struct {
	base string // URL path of the site, with a trailing slash
	site atomic.Pointer[siteBox]

	mu       sync.Mutex
	waiting  map[*listener]bool
	problems []byte // JSON
}

// listener is an open page's event stream: what it has yet to be told.
type listener struct {
	wake             chan struct{}
	reload, problems bool
}

// NewServer returns a Server for a site whose index is at the URL path base,
// such as "/guides/".
func NewServer(base string) *Server {
	base = "/" + strings.Trim(base, "/") + "/"
	if base == "//" {
		base = "/"
	}
	s := &Server{base: base, waiting: map[*listener]bool{}, problems: []byte("[]")}
	s.site.Store(&siteBox{Files{}})
	return s
}

// siteBox holds a Site for an atomic pointer.
type siteBox struct{ Site }

// Update replaces the site and tells every open page to reload.
func (s *Server) Update(site Site) {
	s.site.Store(&siteBox{site})
	s.notify(func(l *listener) { l.reload = true })
}

// SetProblems replaces the problems shown over every page; none hides them.
func (s *Server) SetProblems(ps []Problem) {
	if ps == nil {
		ps = []Problem{}
	}
	data, err := json.Marshal(ps)
	if err != nil {
		return // a []Problem always marshals
	}
	s.mu.Lock()
	same := string(data) == string(s.problems)
	s.problems = data
	s.mu.Unlock()
	if !same {
		s.notify(func(l *listener) { l.problems = true })
	}
}

// notify marks every listener with mark, and wakes it.
func (s *Server) notify(mark func(*listener)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for l := range s.waiting {
		mark(l)
		select {
		case l.wake <- struct{}{}:
		default: // already woken
		}
	}
}

// Store replaces the site without telling open pages: for a change that no
// page shows, such as the search index's.
func (s *Server) Store(site Site) { s.site.Store(&siteBox{site}) }

// ServeHTTP serves a page, an asset, the 404 page, or the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	if r.URL.Path == LiveScriptPath {
		s.serve(w, r, "live.js", liveScript, http.StatusOK)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p+"/" == s.base || p == "/" && s.base != "/" {
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	site := s.site.Load().Site
	name, data, ok, err := s.lookup(site, p)
	if err == nil && !ok {
		name, status := "404.html", http.StatusNotFound
		data, _, err = site.File(name)
		if err == nil {
			s.serve(w, r, name, data, status)
			return
		}
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.serve(w, r, name, data, http.StatusOK)
}

// lookup maps a URL path to a file of the site: the file itself, or the
// index.html of the folder, with or without a trailing slash, as the
// README links pages without one.
func (s *Server) lookup(site Site, p string) (name string, data []byte, ok bool, err error) {
	if !strings.HasPrefix(p, s.base) {
		return "", nil, false, nil
	}
	// Clean removes every "..": nothing can climb out of the site, and only
	// names of the site are looked up anyway.
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, s.base)), "/")
	for _, name := range []string{rel, path.Join(rel, "index.html")} {
		if name == "" || name == "." {
			continue
		}
		if data, ok, err := site.File(name); ok || err != nil {
			return name, data, ok, err
		}
	}
	return "", nil, false, nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Content-Length", fmt.Sprint(len(data)))
	h.Set("Cache-Control", "no-cache")
	setHeaders(h, name)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// contentType is the type a file of the site is served as.
func contentType(name string) string {
	switch ext := path.Ext(name); {
	case name == "feed.xml":
		return "application/atom+xml; charset=utf-8"
	case ext == ".html":
		return "text/html; charset=utf-8"
	case ext == ".css":
		return "text/css; charset=utf-8"
	case ext == ".js":
		return "text/javascript; charset=utf-8"
	case ext == ".json":
		return "application/json"
	case ext == ".xml":
		return "application/xml; charset=utf-8"
	case ext == ".svg":
		return "image/svg+xml"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// events streams the problems when the page connects and whenever they
// change, and a "reload" event each time the site changes, until the page
// goes away or the server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	l := &listener{wake: make(chan struct{}, 1), problems: true}
	l.wake <- struct{}{}
	s.mu.Lock()
	s.waiting[l] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.waiting, l)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-l.wake:
			s.mu.Lock()
			var problems []byte
			if l.problems {
				problems = s.problems
			}
			reload := l.reload
			l.problems, l.reload = false, false
			s.mu.Unlock()
			// JSON holds no line break: the problems are one data line.
			if problems != nil {
				if _, err := fmt.Fprintf(w, "event: problems\ndata: %s\n\n", problems); err != nil {
					return
				}
			}
			if reload {
				if _, err := fmt.Fprint(w, "data: reload\n\n"); err != nil {
					return
				}
			}
			flusher.Flush()
		}
	}
}
