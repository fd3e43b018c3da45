package guides

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// TagKey returns the identity of a tag: two tags are the same tag when, and
// only when, their keys are equal. Every output that groups, finds or links
// tags (the site's tag pages, guides list --tag, completion, the JSON
// index) compares keys, never spellings.
//
// The key is the tag in Unicode compatibility form (NFKC), case-folded, with
// each run of white space, "-" and "_" written as one "-" and none at
// either end: "Machine Learning", "machine-learning" and "MACHINE_LEARNING"
// are one tag, while "C", "C++" and "C#" are three, and "東京" is a tag of
// its own. A tag made only of such separators keeps them, folded, so that
// no key is empty unless the tag is.
func TagKey(tag string) string {
	folded := norm.NFC.String(cases.Fold().String(norm.NFKC.String(tag)))
	var b strings.Builder
	b.Grow(len(folded))
	sep := false
	for _, r := range folded {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return strings.TrimSpace(folded)
	}
	return b.String()
}

// MaxSegment bounds the bytes of a path segment that the site makes of a
// text, such as a tag, once escaped for a URL: well within what every
// common file system takes as a name (255 bytes) and what web servers and
// proxies take in a URL.
const MaxSegment = 200

// TagSegment returns the name of a tag's folder in the site, from its key
// (see TagKey): the key itself where every common file system and web
// server takes it as it is, so that distinct keys always give distinct
// segments and none is empty. Characters that some file system forbids in a
// name (< > : " / \ | ? *), "%", control characters, a name of dots alone
// and a trailing dot are written as %XX; the segment is then one folder
// name everywhere. In a URL the segment is path-escaped once more
// (url.PathEscape), so that a server, decoding the URL, finds the folder.
//
// A segment whose URL form would be longer than MaxSegment bytes is
// shortened: the longest start of it, cut between characters, that leaves
// room for "_" and 16 hexadecimal digits of a hash of the key. The result
// is stable, and unique: no key with a letter or digit has "_" (TagKey
// writes it as "-"), so a shortened segment is never the whole segment of
// another key, and two shortened segments differ unless their keys share
// both the start and 64 bits of hash.
func TagSegment(key string) string {
	seg := escapeSegment(key)
	if len(url.PathEscape(seg)) <= MaxSegment {
		return seg
	}
	sum := sha256.Sum256([]byte(key))
	suffix := "_" + hex.EncodeToString(sum[:8])
	room := MaxSegment - len(suffix)
	n, used := 0, 0 // bytes of seg kept, and their length in a URL
	for n < len(seg) {
		size := 3 // an escape, %XX, written %25XX in a URL
		if seg[n] != '%' {
			_, size = utf8.DecodeRuneInString(seg[n:])
		}
		w := len(url.PathEscape(seg[n : n+size]))
		if used+w > room {
			break
		}
		n, used = n+size, used+w
	}
	return seg[:n] + suffix
}

// escapeSegment writes the characters of key that some file system or
// server would take otherwise as %XX (see TagSegment).
func escapeSegment(key string) string {
	if key == "" {
		return "%"
	}
	allDots := strings.Trim(key, ".") == ""
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		escape := c < 0x20 || c == 0x7f || strings.IndexByte(`<>:"/\|?*%`, c) >= 0 ||
			c == '.' && (allDots || i == len(key)-1)
		if escape {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
