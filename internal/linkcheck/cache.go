package linkcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/visual-guides/guides/internal/atomicfile"
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

// cacheVersion is the version of the cache file's layout. A file of
// another version is ignored and replaced.
const cacheVersion = 1

// maxCacheAge is how long a result stays in the file at most, whatever
// age the checks accept: old results of URLs no collection links to any
// more would otherwise pile up.
const maxCacheAge = 30 * 24 * time.Hour

// Cache holds the results of URLs with their time, read from a file and
// written back to it. It is not safe for concurrent use.
type Cache struct {
	path    string
	entries map[string]Result
	added   map[string]Result
}

// cacheFile is the JSON form of a cache file.
type cacheFile struct {
	Version int                    `json:"version"`
	URLs    map[string]cachedEntry `json:"urls"`
}

// cachedEntry is a Result with its status by name.
type cachedEntry struct {
	Status string `json:"status"`
	Result
}

// OpenCache reads the cache file at path. A missing file is an empty
// cache. A file that cannot be understood gives an empty cache too, which
// Save replaces, and an error saying why; a file that cannot be opened
// gives a nil cache and an error. The caller shows the errors as notes: a
// cache is never a reason to stop.
func OpenCache(path string) (*Cache, error) {
	c := &Cache{path: path, entries: map[string]Result{}, added: map[string]Result{}}
	entries, err := readCache(path)
	var oe *openError
	if errors.As(err, &oe) {
		return nil, err
	}
	if err != nil {
		return c, err
	}
	c.entries = entries
	return c, nil
}

// openError is a cache file that cannot be opened.
type openError struct{ err error }

func (e *openError) Error() string { return "link cache: " + e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

func readCache(path string) (map[string]Result, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]Result{}, nil
	}
	if err != nil {
		return nil, &openError{err}
	}
	defer f.Close()
	var file cacheFile
	if err := json.NewDecoder(io.LimitReader(f, 1<<30)).Decode(&file); err != nil {
		return nil, fmt.Errorf("link cache %s: %w", path, err)
	}
	if file.Version != cacheVersion {
		return nil, fmt.Errorf("link cache %s: version %d, not %d", path, file.Version, cacheVersion)
	}
	entries := make(map[string]Result, len(file.URLs))
	for u, e := range file.URLs {
		for st, name := range statusNames {
			if name != "" && name == e.Status {
				e.Result.Status = Status(st)
			}
		}
		if e.Result.Status == 0 || e.Time.IsZero() {
			continue
		}
		entries[u] = e.Result
	}
	return entries, nil
}

// Path returns the path of the cache file.
func (c *Cache) Path() string { return c.path }

// Lookup returns the result of url (see Key) if it is no older than maxAge
// at now. A max age of 0 or less finds nothing.
func (c *Cache) Lookup(url string, maxAge time.Duration, now time.Time) (Result, bool) {
	r, ok := c.entries[url]
	if !ok || maxAge <= 0 || now.Sub(r.Time) > maxAge || r.Time.After(now) {
		return Result{}, false
	}
	return r, true
}

// Store keeps the result of url, if it is Cacheable.
func (c *Cache) Store(url string, r Result) {
	if !r.Cacheable() {
		return
	}
	c.entries[url] = r
	c.added[url] = r
}

// Save writes the cache to its file, atomically, creating its folder if
// need be. Another process may have written the file since it was read:
// the results it added are kept, unless this cache has newer ones of the
// same URLs. Results older than 30 days are dropped.
func (c *Cache) Save(now time.Time) error {
	if len(c.added) == 0 {
		return nil
	}
	merged, err := readCache(c.path)
	if err != nil {
		merged = map[string]Result{}
	}
	for u, r := range c.added {
		if old, ok := merged[u]; !ok || !old.Time.After(r.Time) {
			merged[u] = r
		}
	}
	file := cacheFile{Version: cacheVersion, URLs: make(map[string]cachedEntry, len(merged))}
	for u, r := range merged {
		if now.Sub(r.Time) > maxCacheAge {
			continue
		}
		file.URLs[u] = cachedEntry{Status: r.Status.String(), Result: r}
	}
	data, err := json.Marshal(file)
	if err != nil {
		return fmt.Errorf("link cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("link cache: %w", err)
	}
	if err := atomicfile.WriteFile(c.path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("link cache: %w", err)
	}
	c.entries = merged
	c.added = map[string]Result{}
	return nil
}
