package main

import (
	"encoding/pem"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// linkServers are the servers of the scripts that run linkserver, by the
// script's work folder.
var linkServers sync.Map

// linkServer is a web server for the scripts of check --links: what it
// answers depends on the path (see newLinkHandler), and it counts the
// requests it gets.
type linkServer struct {
	requests atomic.Int64
}

// linkserver start: starts a web server and a TLS web server, and a port
// where nothing listens, for the rest of the script; sets $SERVER,
// $TLSSERVER and $REFUSED to their URLs and GUIDES_TEST_ROOT_CA to the TLS
// server's certificate; and writes those URLs in place of
// http://server.test, https://tls.test and http://refused.test in every
// file of the work folder.
//
// linkserver quiet: checks that neither server had a request since the
// script started or since the last linkserver quiet (with !, that one of
// them had).
func cmdLinkServer(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: linkserver start|quiet")
	}
	work := ts.Getenv("WORK")
	switch args[0] {
	case "start":
		ls := &linkServer{}
		linkServers.Store(work, ls)
		plain := httptest.NewServer(ls.handler())
		tlsSrv := httptest.NewTLSServer(ls.handler())
		ts.Defer(plain.Close)
		ts.Defer(tlsSrv.Close)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		refused := "http://" + ln.Addr().String()
		ln.Close()

		ca := filepath.Join(work, ".ca.pem")
		ts.Check(os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw}), 0o644))
		ts.Setenv("GUIDES_TEST_ROOT_CA", ca)
		ts.Setenv("SERVER", plain.URL)
		ts.Setenv("TLSSERVER", tlsSrv.URL)
		ts.Setenv("REFUSED", refused)
		r := strings.NewReplacer("http://server.test", plain.URL, "https://tls.test", tlsSrv.URL, "http://refused.test", refused)
		ts.Check(filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if out := r.Replace(string(data)); out != string(data) {
				return os.WriteFile(path, []byte(out), 0o644)
			}
			return nil
		}))
	case "quiet":
		v, ok := linkServers.Load(work)
		if !ok {
			ts.Fatalf("linkserver quiet before linkserver start")
		}
		n := v.(*linkServer).requests.Swap(0)
		if (n == 0) == neg {
			ts.Fatalf("%d requests since the last check", n)
		}
	default:
		ts.Fatalf("usage: linkserver start|quiet")
	}
}

// handler answers by path:
//
//	/ok/…          200
//	/missing/…     404
//	/gone          410
//	/forbidden     403
//	/moved         301 to /ok/moved
//	/loop/a, /b    302 to each other
//	/busy          429 with Retry-After: 1 the first time, then 200
//	/down          503 with Retry-After: 1, always
//	/slow          200 after 10 s
//	/no-head       405 to HEAD, 200 to GET
func (ls *linkServer) handler() http.Handler {
	var mu sync.Mutex
	seen := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ls.requests.Add(1)
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/ok/"):
		case strings.HasPrefix(p, "/missing/"):
			http.NotFound(w, r)
		case p == "/gone":
			w.WriteHeader(http.StatusGone)
		case p == "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		case p == "/moved":
			http.Redirect(w, r, "/ok/moved", http.StatusMovedPermanently)
		case p == "/loop/a":
			http.Redirect(w, r, "/loop/b", http.StatusFound)
		case p == "/loop/b":
			http.Redirect(w, r, "/loop/a", http.StatusFound)
		case p == "/busy":
			mu.Lock()
			first := !seen[p]
			seen[p] = true
			mu.Unlock()
			if first {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
			}
		case p == "/down":
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		case p == "/slow":
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		case p == "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		default:
			http.NotFound(w, r)
		}
	})
}
