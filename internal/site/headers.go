package site

import (
	"strings"
)

// The HTTP headers the site is served with, by serve and by static hosts
// that read the _headers file build writes. The repository files under
// files/ come from a collection's contributors: SVG images are cleaned
// (package svg), and in case a browser finds something active in one
// anyway, they are served sandboxed, in an origin of their own, with
// nothing loaded from elsewhere.
const (
	// PagePolicy is the Content-Security-Policy of every file of the site:
	// no plugins, and no base URL that would send relative links
	// elsewhere.
	PagePolicy = "object-src 'none'; base-uri 'self'"
	// FilesPolicy is the Content-Security-Policy of the repository files
	// under files/: a sandbox without scripts, in an origin of its own,
	// that loads nothing but its own data.
	FilesPolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; font-src data:"
)

// setHeaders sets the security headers of the site's file name, a path
// relative to the site's root.
func setHeaders(h map[string][]string, name string) {
	set := func(k, v string) { h[k] = []string{v} }
	set("X-Content-Type-Options", "nosniff")
	set("Referrer-Policy", "strict-origin-when-cross-origin")
	if strings.HasPrefix(name, filesDir) {
		set("Content-Security-Policy", FilesPolicy)
	} else {
		set("Content-Security-Policy", PagePolicy)
	}
}

// Headers returns the _headers file of a site whose index is at the URL
// path root, such as "/guides/": the headers above, in the syntax of the
// static hosts that read such a file (Netlify and Cloudflare Pages). A
// host applies every rule that matches a path, so that files/ gets both
// policies, and a browser enforces both.
func Headers(root string) []byte {
	var b strings.Builder
	b.WriteString("# The HTTP headers of this site, for hosts that read a _headers file\n")
	b.WriteString("# (Netlify, Cloudflare Pages). Written by guides build.\n")
	b.WriteString(root + "*\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")
	b.WriteString("  Content-Security-Policy: " + PagePolicy + "\n")
	b.WriteString(root + filesDir + "*\n")
	b.WriteString("  Content-Security-Policy: " + FilesPolicy + "\n")
	return []byte(b.String())
}
