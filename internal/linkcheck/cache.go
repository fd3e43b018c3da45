package linkcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// CacheFileName is the name of the cache file in the user's cache folder.
const CacheFileName = "links.json"

// DefaultCachePath returns where results are kept unless told otherwise:
// guides/links.json in the user's cache folder ($XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on
// Windows). One file serves every collection: a URL's result does not
// depend on the collection that links to it.
func DefaultCachePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("link cache: %w", err)
	}
	return filepath.Join(dir, "guides", CacheFileName), nil
}

// The cache file is JSON Lines: a first line that says what the file is,
//
//	{"guides":"link cache","version":2}
//
// then one result a line, its URL, time (Unix seconds) and status always
// first and in that order, so that a reader finds the lines it wants, and
// a writer the lines it may drop, without decoding the others:
//
//	{"url":"https://example.org/","time":1767225600,"status":"ok","reason":"http","code":200}
const cacheHeader = `{"guides":"link cache","version":2}`

// The ages after which a result is dropped from the file, whatever age the
// checks accept: results of URLs no collection links to any more would
// otherwise pile up, and failures say little of a URL after a while.
const (
	maxCacheAge   = 30 * 24 * time.Hour
	maxFailureAge = 24 * time.Hour
)

// Limits on what is kept: a result of a longer URL, or its longer words,
// would make the file large for little use.
const (
	maxCachedURL    = 8 << 10
	maxCachedDetail = 512
)

// MaxCacheFile bounds the size of a cache file that is read: a larger one
// is not a file this package wrote, and is not read.
const MaxCacheFile = 256 << 20

// ErrNotCache is the error of ReadCache for content that is not a cache
// file of this package, in this layout or an earlier one. Such a file is
// not replaced: it is not a cache of guides, or of this version.
var ErrNotCache = errors.New("not a link cache file of guides")

// ErrOldCache is the error of ReadCache for a cache file of an earlier
// layout: it holds nothing this version reads, and may be replaced.
var ErrOldCache = errors.New("a link cache of an earlier version of guides")

// Ages says how old a result of the cache may be to be used: OK and Moved
// results up to OK, Broken and Unreachable ones up to Failed. An age of 0
// or less uses no result of the kind.
type Ages struct{ OK, Failed time.Duration }

// Cache holds results of URLs with their time, read from the content of a
// cache file and written back over it. Its keys are URLs without their
// user name and password (see Key), which are never written. It is not
// safe for concurrent use.
type Cache struct {
	entries map[string]Result
	added   map[string]Result
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]Result{}, added: map[string]Result{}}
}

// ReadCache returns the results that data, the content of a cache file,
// holds of the URLs of urls (see Key); the others are not decoded, so that
// reading a large file costs little more than looking through it. Empty
// data is an empty cache. Data that is not a cache file gives an empty
// cache and ErrNotCache, or ErrOldCache; the error never quotes data.
func ReadCache(ctx context.Context, data []byte, urls []string) (*Cache, error) {
	c := NewCache()
	if err := CheckCacheFile(data); err != nil || len(data) == 0 {
		return c, err
	}
	_, rest, _ := bytes.Cut(data, []byte("\n"))
	var line []byte
	want := make(map[string]string, len(urls)) // the URL, quoted, to its key
	for _, u := range urls {
		if k := storedKey(u); k != "" {
			want[quote(k)] = k
		}
	}
	for n := 0; len(rest) > 0; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return c, context.Cause(ctx)
		}
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		q, _, ok := lineKey(line)
		if !ok {
			continue
		}
		key, ok := want[string(q)]
		if !ok {
			continue
		}
		if r, ok := decodeLine(line); ok {
			c.entries[key] = r
		}
	}
	return c, nil
}

// CheckCacheFile says whether data, the content of a file, is a cache file
// of this package: nil for one of this layout, or for no content at all;
// ErrOldCache for one of an earlier layout; else ErrNotCache.
func CheckCacheFile(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	switch {
	case string(bytes.TrimSpace(line)) == cacheHeader:
		return nil
	case bytes.HasPrefix(data, []byte(`{"version":`)):
		return ErrOldCache
	}
	return ErrNotCache
}

// cacheLine is the JSON form of a line of the file.
type cacheLine struct {
	URL      string `json:"url"`
	Time     int64  `json:"time"`
	Status   string `json:"status"`
	Reason   Reason `json:"reason"`
	Code     int    `json:"code,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Final    string `json:"final,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
	Limit    int64  `json:"limit,omitempty"` // in milliseconds
}

// lineKey returns the URL of a line of the file, still quoted, and what
// follows it; ok is false for a line that does not start as this package
// writes them.
func lineKey(line []byte) (quoted, rest []byte, ok bool) {
	const start = `{"url":`
	if !bytes.HasPrefix(line, []byte(start)) || len(line) < len(start)+2 || line[len(start)] != '"' {
		return nil, nil, false
	}
	s := line[len(start)+1:]
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return line[len(start) : len(start)+i+2], s[i+1:], true
		}
	}
	return nil, nil, false
}

// lineTime returns the time and status of a line whose URL lineKey has
// read, rest being what follows the URL; ok is false for a line that does
// not go on as this package writes them.
func lineTime(rest []byte) (t int64, failed bool, ok bool) {
	const timeKey, statusKey = `,"time":`, `,"status":"`
	if !bytes.HasPrefix(rest, []byte(timeKey)) {
		return 0, false, false
	}
	rest = rest[len(timeKey):]
	i := 0
	for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
		i++
	}
	t, err := strconv.ParseInt(string(rest[:i]), 10, 64)
	if err != nil || !bytes.HasPrefix(rest[i:], []byte(statusKey)) {
		return 0, false, false
	}
	status := rest[i+len(statusKey):]
	failed = bytes.HasPrefix(status, []byte(`broken"`)) || bytes.HasPrefix(status, []byte(`unreachable"`))
	return t, failed, true
}

// decodeLine decodes a line of the file; ok is false for one that cannot
// be used.
func decodeLine(line []byte) (Result, bool) {
	var l cacheLine
	if err := json.Unmarshal(line, &l); err != nil || l.Time <= 0 {
		return Result{}, false
	}
	r := Result{Reason: l.Reason, Code: l.Code, Detail: l.Detail, Final: l.Final, Attempts: l.Attempts,
		Time: time.Unix(l.Time, 0).UTC(), Limit: time.Duration(l.Limit) * time.Millisecond}
	for st, name := range statusNames {
		if name != "" && name == l.Status {
			r.Status = Status(st)
		}
	}
	return r, r.Status != 0
}

// quote returns s as a JSON string, as the file holds it.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// storedKey returns the key under which the result of u is kept: its Key
// without the user name and password, or "" for a URL that is not kept.
func storedKey(u string) string {
	k := redact(Key(u))
	if len(k) > maxCachedURL {
		return ""
	}
	return k
}

// redact returns a URL without its user name and password, which may be a
// secret; anything that is not such a URL is returned as it is.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// Lookup returns the result of the URL u if it is no older than ages allow
// at now.
func (c *Cache) Lookup(u string, ages Ages, now time.Time) (Result, bool) {
	r, ok := c.entries[storedKey(u)]
	maxAge := ages.OK
	if r.Failed() {
		maxAge = ages.Failed
	}
	if !ok || maxAge <= 0 || now.Sub(r.Time) > maxAge || r.Time.After(now) {
		return Result{}, false
	}
	return r, true
}

// Store keeps the result of the URL u, if it is Cacheable, without the user
// name and password of u or of the URL it leads to.
func (c *Cache) Store(u string, r Result) {
	key := storedKey(u)
	if !r.Cacheable() || key == "" {
		return
	}
	r.Final = redact(r.Final)
	if len(r.Detail) > maxCachedDetail {
		r.Detail = r.Detail[:maxCachedDetail]
	}
	r.Time = r.Time.Truncate(time.Second)
	c.entries[key] = r
	c.added[key] = r
}

// Changed reports whether results were stored since the cache was read.
func (c *Cache) Changed() bool { return len(c.added) > 0 }

// Write writes the cache file to w: the results stored, and those of old,
// the file's content as it is now (another process may have written it
// since it was read), that are not older than the file keeps them, unless
// this cache has newer ones of the same URLs. Old content that is not a
// cache file of this layout is left out.
func (c *Cache) Write(ctx context.Context, w io.Writer, old []byte, now time.Time) error {
	if _, err := io.WriteString(w, cacheHeader+"\n"); err != nil {
		return err
	}
	added := make(map[string]string, len(c.added)) // quoted, to the key
	for k := range c.added {
		added[quote(k)] = k
	}
	written := map[string]bool{} // keys stored whose line of old is written instead
	if line, rest, _ := bytes.Cut(old, []byte("\n")); string(bytes.TrimSpace(line)) == cacheHeader {
		for n := 0; len(rest) > 0; n++ {
			if n%4096 == 0 && ctx.Err() != nil {
				return context.Cause(ctx)
			}
			line, rest, _ = bytes.Cut(rest, []byte("\n"))
			q, after, ok := lineKey(line)
			if !ok {
				continue
			}
			t, failed, ok := lineTime(after)
			if !ok || expired(time.Unix(t, 0), failed, now) {
				continue
			}
			if key, ours := added[string(q)]; ours {
				if written[key] || !c.older(key, time.Unix(t, 0), line) {
					continue // this cache's result is kept instead
				}
				written[key] = true
			}
			if _, err := w.Write(line); err != nil {
				return err
			}
			if _, err := w.Write(newline); err != nil {
				return err
			}
		}
	}
	keys := make([]string, 0, len(c.added))
	for k, r := range c.added {
		if !written[k] && !expired(r.Time, r.Failed(), now) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := w.Write(encodeLine(k, c.added[k])); err != nil {
			return err
		}
	}
	return nil
}

// older reports whether the result of key that the cache stored is older
// than the line of the file, of time t, which then stays.
func (c *Cache) older(key string, t time.Time, line []byte) bool {
	if !t.After(c.added[key].Time) {
		return false
	}
	_, ok := decodeLine(line)
	return ok
}

var newline = []byte("\n")

// expired reports whether a result of time t is too old to be kept at now,
// or is of a time to come, which no clock of this machine gave it.
func expired(t time.Time, failed bool, now time.Time) bool {
	if t.After(now) {
		return true
	}
	if failed {
		return now.Sub(t) > maxFailureAge
	}
	return now.Sub(t) > maxCacheAge
}

// encodeLine returns the line of the file of the result r of the URL key.
func encodeLine(key string, r Result) []byte {
	b, _ := json.Marshal(cacheLine{URL: key, Time: r.Time.Unix(), Status: r.Status.String(), Reason: r.Reason,
		Code: r.Code, Detail: r.Detail, Final: r.Final, Attempts: r.Attempts, Limit: r.Limit.Milliseconds()})
	return append(b, '\n')
}
