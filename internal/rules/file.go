// Package rules holds every rule of the collection format, in two kinds.
//
// File rules judge one file on its own: its front matter, YAML, keys and
// their types, dates, encoding, control characters, its id, and the links
// of its body. The loading workers run them on each file as it is read
// (Files). Collection rules judge what needs more than one file: unknown
// categories, shared ids and titles, empty categories, and whether images
// and links name something (Collection).
//
// Every command runs both kinds on the same data through package app, so
// that a collection one command accepts, every command accepts. The rules
// are listed, with examples, by guides.Rules.
package rules

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/markdown"
	"github.com/visual-guides/guides/internal/scaffold"
	"github.com/visual-guides/guides/internal/slab"
)

// Files applies the file rules. It keeps memory between files, so each
// loading worker has one; the zero value is ready to use.
type Files struct {
	// Now is the clock: a fix line that suggests a date suggests today's
	// (UTC). Nil means time.Now.
	Now func() time.Time

	parser frontmatter.Parser
	mem    memory
	dec    decoder // of the file being read
}

// Expect tells f that it will read about n files whose fields live as long
// as each other, as a loader's do: from then on, f keeps their texts and
// lists in blocks they share (see package slab), sized for n files, rather
// than in allocations of each file's own; the blocks of texts come from
// texts when it is not nil, a region other Files may share. What f keeps
// of a file then keeps a block alive: it is not for files kept one at a
// time.
func (f *Files) Expect(n int, texts *slab.Region) {
	if n < minBlockFiles {
		return
	}
	// Per file, on the synthetic collections: some 150 to 200 bytes of
	// texts, and a few category ids and tags.
	f.mem.blocks = true
	f.mem.texts.Block = min(n*192, maxBlock)
	f.mem.texts.From = texts
	f.mem.lists.Block = min(n*4, maxBlock/16)
	f.mem.places.Block = min(n, maxBlock/16)
}

// minBlockFiles is the fewest files worth blocks; maxBlock is the largest
// block a Files fills, in bytes. Blocks this size on huge pages would
// leave up to 2 MiB each untouched but resident at the end of a loader's
// work: those come from a region, whose blocks are larger.
const (
	minBlockFiles = 64
	maxBlock      = 64 << 10
)

// decoder returns the decoder of f for the file at path, with the memory
// of f. It is f's own, not one per file: the setters of keys are called
// through function values, which would move a decoder of each file's own
// to the heap.
func (f *Files) decoder(path string, ds *guides.Diagnostics) *decoder {
	f.mem.strs, f.mem.at = f.mem.strs[:0], f.mem.at[:0]
	f.dec = decoder{path: path, diags: ds, mem: &f.mem, now: f.Now}
	return &f.dec
}

// Category applies the file rules to src, the whole file of the category
// with the given id at path (slash-separated, relative to the collection
// root), adding findings to ds, and fills c with what could be read. The
// strings kept in c are copies: src may be reused.
func (f *Files) Category(path, id string, src []byte, c *guides.Category, ds *guides.Diagnostics) {
	*c = guides.Category{ID: id, Path: path}
	d := f.decoder(path, ds)
	d.src = src
	checkID(d, id)
	fields, body, valid, ok := f.front(d, src)
	c.Body = body
	if ok {
		categoryKind.decode(d, fields, c)
	}
	if valid && checkBody(d, src[body.Offset:], int(body.Line)) {
		c.Refs = bodyRefs(d, src[body.Offset:], int(body.Line))
	}
	if ok {
		placeholders(d, c.Description, src[body.Offset:], int(body.Line), "")
	}
}

// Guide applies the file rules to src, the whole file of the guide with the
// given id at path, and fills g, as Category does.
func (f *Files) Guide(path, id string, src []byte, g *guides.Guide, ds *guides.Diagnostics) {
	*g = guides.Guide{ID: id, Path: path}
	d := f.decoder(path, ds)
	d.src = src
	checkID(d, id)
	fields, body, valid, ok := f.front(d, src)
	g.Body = body
	if ok {
		guideKind.decode(d, fields, g)
		if body.Empty {
			d.add(guides.Pos{Line: int(body.Line), Col: 1}, guides.Warning, guides.RuleEmptyBody, "the guide has no body after its front matter")
		}
	}
	if valid && checkBody(d, src[body.Offset:], int(body.Line)) {
		g.Refs = bodyRefs(d, src[body.Offset:], int(body.Line))
	}
	if ok && !g.Draft {
		placeholders(d, g.Description, src[body.Offset:], int(body.Line), ", or keep the guide a draft (draft: true)")
	}
}

// placeholders warns about the placeholder text of a new file (see package
// scaffold) that a published guide or a category still holds: its
// description, and each paragraph of its body, outside fenced code, that
// starts with a placeholder's first line. The body starts on line
// bodyLine of its file; or says what else may be done.
func placeholders(d *decoder, description string, body []byte, bodyLine int, or string) {
	if description == scaffold.GuideDescription || description == scaffold.CategoryDescription {
		d.add(d.description, guides.Warning, guides.RulePlaceholder, "description is still the placeholder %s; replace it%s", guides.Quote(description), or)
	}
	if !bytes.Contains(body, []byte(scaffold.PlaceholderMark)) {
		return
	}
	ps := scaffold.Placeholders()
	fence := ""
	line := bodyLine
	for l := range bytes.Lines(body) {
		text := strings.TrimRight(string(l), " \t\r\n")
		if f, rest := fenceOf(text); f != "" && (fence == "" || strings.HasPrefix(f, fence) && rest == "") {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
		} else if fence == "" && slices.Contains(ps, text) {
			d.add(guides.Pos{Line: line, Col: 1}, guides.Warning, guides.RulePlaceholder, "the body still holds the placeholder %s; replace it%s", guides.Quote(firstSentence(text)), or)
		}
		line++
	}
}

// fenceOf returns the fence that may open or close a fenced code block on
// a line, such as "```", and what follows it on the line, or "".
func fenceOf(line string) (fence, rest string) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return "", ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return "", ""
	}
	return t[:n], strings.TrimSpace(t[n:])
}

// firstSentence returns s up to the end of its first sentence, with " …"
// when it goes on.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1] + " …"
	}
	if !strings.HasSuffix(s, ".") {
		return s + " …"
	}
	return s
}

// checkBody reports whether the markdown parser can read a body that
// starts on line bodyLine of its file in time linear in its size, and a
// finding of the limit rule where it cannot (see markdown.Check): such a
// body is never parsed.
func checkBody(d *decoder, body []byte, bodyLine int) bool {
	l := markdown.Check(body)
	if l == nil {
		return true
	}
	d.add(guides.Pos{Line: bodyLine + l.Line - 1, Col: l.Col}, guides.Error, guides.RuleLimit, "%s", l.Msg)
	return false
}

// front splits and parses the front matter of src. ok is false when there
// are no fields to decode; valid reports that the body can be read as
// UTF-8 text. The fields point into src and into f's memory.
func (f *Files) front(d *decoder, src []byte) (fields []frontmatter.Field, body guides.BodyRef, valid, ok bool) {
	parts, err := frontmatter.Split(src, true)
	if err != nil {
		if bad, pos := invalidUTF8(src); bad {
			d.add(pos, guides.Error, guides.RuleEncoding, "the file is not UTF-8 text")
		} else {
			// Split asks for more input only when told that src may be
			// incomplete, which it is not: its errors are *Error.
			pos, msg := errorAt(err, 1)
			d.add(pos, guides.Error, guides.RuleFrontMatter, "%s", msg)
		}
		return nil, body, false, false
	}
	body = guides.BodyRef{Offset: int32(parts.Body), Line: int32(parts.BodyLine), Empty: isSpace(src[parts.Body:]), Sum: xxhash.Sum64(src)}
	if bad, pos := invalidUTF8(src[:parts.Body]); bad {
		d.add(pos, guides.Error, guides.RuleEncoding, "the front matter is not UTF-8 text")
		return nil, body, false, false
	}
	valid = true
	if bad, pos := invalidUTF8(src[parts.Body:]); bad {
		pos.Line += parts.BodyLine - 1
		d.add(pos, guides.Error, guides.RuleEncoding, "the body is not UTF-8 text")
		valid = false
	}
	// The front matter is parsed where it is, in the worker's buffer: the
	// fields point into it until they are kept (see kind.decode), and the
	// buffer is not written before the next file.
	front := unsafe.String(unsafe.SliceData(parts.Front), len(parts.Front))
	fields, err = f.parser.ParseString(front, parts.FrontLine)
	if err != nil {
		pos, msg := errorAt(err, parts.FrontLine)
		rule := guides.RuleYAML
		if fe := (*frontmatter.Error)(nil); errors.As(err, &fe) && fe.Limit {
			rule = guides.RuleLimit
		}
		d.add(pos, guides.Error, rule, "%s", msg)
		d.lineFix(err, src)
		return nil, body, valid, false
	}
	return fields, body, valid, true
}

// errorAt returns the position and message of an error of package
// frontmatter, or the start of the given line for another error.
func errorAt(err error, line int) (guides.Pos, string) {
	var fe *frontmatter.Error
	if errors.As(err, &fe) {
		return guides.Pos(fe.Pos), fe.Msg
	}
	return guides.Pos{Line: line, Col: 1}, err.Error()
}

// bodyRefs returns the relative links and images of a body that starts on
// line bodyLine of its file, and warns about links to fragments of the body
// itself that no heading has. Absolute URLs are left to link checking.
func bodyRefs(d *decoder, body []byte, bodyLine int) []guides.Ref {
	if !markdown.MayHaveLocalRefs(body) {
		return nil
	}
	doc := markdown.Scan(body)
	var refs []guides.Ref
	var ids map[string]bool
	for _, r := range doc.Refs {
		if r.Kind == markdown.Definition || r.Kind == markdown.AutoLink || !IsRelative(r.Dest) {
			continue
		}
		pos := guides.Pos{Line: bodyLine + r.Line - 1, Col: r.Col}
		if frag, ok := strings.CutPrefix(r.Dest, "#"); ok {
			if ids == nil {
				ids = HeadingIDs(doc)
			}
			if !HasFragment(ids, frag) {
				d.add(pos, guides.Warning, guides.RuleLink, "link to %s: no heading of this page has that id", guides.Quote(r.Dest))
			}
			continue
		}
		refs = append(refs, guides.Ref{Dest: strings.Clone(r.Dest), Pos: pos, Image: r.Kind == markdown.Image})
	}
	return refs
}

// IsRelative reports whether a link destination names a place of the
// site or the repository rather than an absolute URL: it has no scheme and
// does not start with "//". The empty destination is not relative: it
// names nothing.
func IsRelative(dest string) bool {
	return dest != "" && guides.Scheme(dest) == "" && !strings.HasPrefix(dest, "//")
}

// invalidUTF8 reports whether b is not UTF-8, and where the first bad byte
// is, counting lines from 1.
func invalidUTF8(b []byte) (bool, guides.Pos) {
	if utf8.Valid(b) {
		return false, guides.Pos{}
	}
	pos := guides.Pos{Line: 1, Col: 1}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return true, pos
		}
		if r == '\n' {
			pos.Line, pos.Col = pos.Line+1, 1
		} else {
			pos.Col += size
		}
		b = b[size:]
	}
	return true, pos
}

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}
