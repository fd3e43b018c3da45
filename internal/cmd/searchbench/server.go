package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// server serves a built site as GitHub Pages serves one: under its base
// path, each folder by its index.html, text compressed with gzip when the
// browser accepts it, everything cacheable for ten minutes, and a 304 to a
// browser that asks whether a file it has changed. Other files are sent as
// they are (the index files of both searches are compressed already). It
// counts the bytes it sends, headers included, by what asked for them.
type server struct {
	dir, base string
	// pages are served at their path instead of a file of dir.
	pages map[string][]byte
	// class names the side a path belongs to: the bytes of each are
	// counted apart; "" for the rest.
	class func(path string) string
	srv   *http.Server
	url   string

	mu       sync.Mutex
	sent     map[string]int64
	inflight int
	last     time.Time // when the last answer ended
}

// start listens on a free port of the loopback address.
func (s *server) start() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.sent = map[string]int64{}
	s.url = "http://" + l.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(l)
	return nil
}

func (s *server) close() { s.srv.Close() }

// reset sets the counts to zero.
func (s *server) reset() {
	s.mu.Lock()
	clear(s.sent)
	s.mu.Unlock()
}

// counted returns the bytes sent to class since the last reset.
func (s *server) counted(class string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[class]
}

// quiet waits until no request has been in flight for d, or until limit.
func (s *server) quiet(d, limit time.Duration) {
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		s.mu.Lock()
		idle := s.inflight == 0 && time.Since(s.last) >= d
		s.mu.Unlock()
		if idle {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// compressible are the types GitHub Pages compresses.
var compressible = []string{"text/", "application/javascript", "application/json", "image/svg+xml", "application/xml", "application/atom+xml"}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.mu.Unlock()
	cw := &countingWriter{ResponseWriter: w}
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.last = time.Now()
		s.sent[s.class(r.URL.Path)] += cw.n + cw.head
		s.mu.Unlock()
	}()
	s.serve(cw, r)
}

func (s *server) serve(w *countingWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		p += "/"
	}
	data, ok := s.pages[p]
	mod := time.Unix(0, 0)
	name := p
	if !ok {
		rel, found := strings.CutPrefix(p, strings.TrimSuffix(s.base, "/"))
		if !found {
			http.NotFound(w, r)
			return
		}
		file := filepath.Join(s.dir, filepath.FromSlash(rel))
		if info, err := os.Stat(file); err == nil && info.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
			name = "index.html"
		}
		info, err := os.Stat(file)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if data, err = os.ReadFile(file); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		mod = info.ModTime()
		name = file
	} else {
		name = "index.html"
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "max-age=600")
	h.Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
	h.Set("Vary", "Accept-Encoding")
	if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !mod.Truncate(time.Second).After(since) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && isCompressible(ctype) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

func isCompressible(ctype string) bool {
	for _, c := range compressible {
		if strings.HasPrefix(ctype, c) {
			return true
		}
	}
	return false
}

// countingWriter counts the bytes of a response: its body, and about its
// status line and headers.
type countingWriter struct {
	http.ResponseWriter
	n, head int64
}

func (c *countingWriter) WriteHeader(code int) {
	c.head = int64(len("HTTP/1.1 200 OK\r\n\r\n"))
	for k, vs := range c.Header() {
		for _, v := range vs {
			c.head += int64(len(k) + len(v) + 4)
		}
	}
	c.head += int64(len("Date: Mon, 02 Jan 2006 15:04:05 GMT\r\n"))
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	if c.head == 0 {
		c.WriteHeader(http.StatusOK)
	}
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}
