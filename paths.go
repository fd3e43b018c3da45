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

// LeavesRoot reports whether a relative reference, written in the file at
// from, climbs out of the collection root with "..", however RepoPaths
// reads it: it names nothing inside the collection.
func LeavesRoot(from, ref string) bool {
	if u, err := url.PathUnescape(ref); err == nil {
		ref = u
	}
	tries := []string{strings.TrimLeft(ref, "/")}
	if !strings.HasPrefix(ref, "/") {
		tries = []string{path.Join(path.Dir(from), ref), ref}
	}
	for _, p := range tries {
		if p = path.Clean(p); p != ".." && !strings.HasPrefix(p, "../") {
			return false
		}
	}
	return true
}

// IsHidden reports whether a slash-separated path has a segment starting
// with ".": such files, the repository's .git among them, are never read
// as data nor published.
func IsHidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".." {
			return true
		}
	}
	return false
}

// Publishable reports whether the site publishes a repository file that a
// guide links to or shows: media files only (images, PDF, video), and
// nothing hidden, so that a link cannot publish the repository's other
// files. The link rule warns about links to anything else.
func Publishable(p string) bool {
	if IsHidden(p) {
		return false
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".pdf", ".mp4", ".webm":
		return true
	}
	return false
}

// Scheme returns the lower-cased scheme of a URL as a browser reads it:
// leading spaces and control characters are ignored, and so are tabs and
// line breaks inside it. A URL without a scheme, such as a relative path,
// gives "".
func Scheme(u string) string {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '\t' || c == '\n' || c == '\r':
			continue
		case c == ':':
			if b.Len() == 0 {
				return ""
			}
			return strings.ToLower(b.String())
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', b.Len() > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
			b.WriteByte(c)
		default:
			return "" // a path, query or fragment comes first
		}
	}
	return ""
}
