package markdown

import "bytes"

// MayHaveLocalRefs reports whether Scan(src) may return a Ref, a
// definition among them, whose Dest does not begin with "http:", "https:"
// or "mailto:" (in any letter case). A false answer is certain; a true
// answer may be wrong. It does not parse, reads src a few times at most
// and allocates nothing, so that checks of many bodies can skip parsing
// most of them: bodies whose links all go to the web among them.
//
// It relies on what goldmark (with Extensions) accepts:
//   - every link or image has "](" in the source (an inline one) or uses a
//     reference definition, which has "]:"; either is followed by white
//     space, perhaps "<", and the destination;
//   - an autolink in angle brackets is "<" and a scheme and ":", or an
//     email address (which gets "mailto:");
//   - a bare autolink starts with "http://", "https://", "ftp://", "www."
//     (which gets "http://") or is an email address.
func MayHaveLocalRefs(src []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ']')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(src) && (src[i] == '(' || src[i] == ':') && !webAfter(src[i+1:]) {
			return true
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		// A scheme: a letter, then letters, digits, "+", "." or "-".
		start := i
		for i < len(src) && isSchemeByte(src[i], i == start) {
			i++
		}
		if i > start && i < len(src) && src[i] == ':' && !webScheme(src[start:i]) {
			return true
		}
	}
	// GFM's linkify parser makes bare ftp:// URLs into links; it matches
	// the scheme in lower case only. Colons are rarer in text than the
	// letter f, so they are what is looked for.
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ':')
		if j < 0 {
			return false
		}
		i += j
		if i >= 3 && string(src[i-3:i]) == "ftp" {
			return true
		}
		i++
	}
}

// webAfter reports whether a destination that starts after white space
// and an optional "<" at the start of rest begins with an http, https or
// mailto scheme. Whatever goldmark takes as the destination after "](" or
// "]:" starts there, so such a link or definition is not local; text that
// only looks like one is harmless to pass over, since the answer for it
// is false anyway.
func webAfter(rest []byte) bool {
	i := 0
	for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\n' || rest[i] == '\r') {
		i++
	}
	if i < len(rest) && rest[i] == '<' {
		i++
	}
	return webDest(string(rest[i:min(len(rest), i+len("mailto:"))]))
}

// isSchemeByte reports whether c may be in a URL scheme, at its start if
// first is set.
func isSchemeByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return true
	case first:
		return false
	case '0' <= c && c <= '9', c == '+', c == '.', c == '-':
		return true
	}
	return false
}

// webScheme reports whether scheme is http, https or mailto in any letter
// case.
func webScheme(scheme []byte) bool {
	switch len(scheme) {
	case 4:
		return hasPrefixFold(scheme, "http")
	case 5:
		return hasPrefixFold(scheme, "https")
	case 6:
		return hasPrefixFold(scheme, "mailto")
	}
	return false
}

// webDest reports whether dest begins with "http:", "https:" or "mailto:"
// in any letter case: the destinations MayHaveLocalRefs may overlook.
func webDest(dest string) bool {
	return hasPrefixFold(dest, "http:") || hasPrefixFold(dest, "https:") || hasPrefixFold(dest, "mailto:")
}
