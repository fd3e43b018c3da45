package guides

import (
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// RepoPaths returns the files of the collection that a relative reference,
// such as an image written in the front matter or body of the file at from,
// may name, in the order to try them: a reference starting with "/" names a
// path from the collection root, as it does on GitHub; any other is tried
// relative to the folder of from, then to the root. Percent-escapes are
// decoded. A reference that leaves the collection names nothing. The
// reference must not carry a query or fragment.
//
// The image rule of check and the site's links resolve references with it,
// so that what check accepts, the site publishes.
func RepoPaths(from, ref string) []string {
	if u, err := url.PathUnescape(ref); err == nil {
		ref = u
	}
	var tries []string
	if strings.HasPrefix(ref, "/") {
		tries = []string{strings.TrimLeft(ref, "/")}
	} else {
		tries = []string{path.Join(path.Dir(from), ref), ref}
	}
	var out []string
	for _, p := range tries {
		p = path.Clean(p)
		if fs.ValidPath(p) && p != "." && (len(out) == 0 || out[0] != p) {
			out = append(out, p)
		}
	}
	return out
}
