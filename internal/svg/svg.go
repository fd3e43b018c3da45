// Package svg makes SVG files of a repository inert before the site
// publishes them. An SVG opened on its own is a document of the site's
// origin: a script in it could read and act as the site. Clean keeps what
// draws a picture and drops everything else: scripts, event handlers,
// foreignObject and other elements that embed documents, animations that
// can change links, and every reference to another file or site.
//
// It works from an allowlist: an element or attribute it does not know is
// dropped, so that what a future browser makes active is not let through
// by omission.
package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The namespaces of SVG, XLink and XML.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// maxDepth bounds the nesting of elements, for the stack of open elements.
const maxDepth = 512

// isElement reports whether name is an SVG element that draws, groups,
// defines paint and filters, or describes: none of them runs code or loads
// a document. The sets are switches, not maps, so that the package needs
// no initialiser: every command of guides starts them, and few read SVG.
func isElement(name string) bool {
	switch name {
	case
		"svg", "g", "defs", "desc", "title", "symbol", "use", "switch", "view",
		"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
		"text", "tspan", "textPath", "a", "image",
		"clipPath", "mask", "marker", "pattern", "linearGradient", "radialGradient", "stop",
		"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
		"feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
		"feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
		"feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
		"fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
		"style", "animateTransform", "animateMotion", "mpath":
		return true
	}
	return false
}

// isAttribute reports whether name is an attribute that is kept on any
// allowed element: geometry, presentation and text layout. Links (href)
// and styles are judged apart.
func isAttribute(name string) bool {
	switch name {
	case
		"id", "class", "lang", "tabindex", "role", "transform", "viewBox", "preserveAspectRatio",
		"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
		"width", "height", "d", "points", "pathLength", "offset", "version", "baseProfile",
		"gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
		"patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits",
		"markerWidth", "markerHeight", "refX", "refY", "orient", "filterUnits", "primitiveUnits",
		"in", "in2", "result", "mode", "operator", "k1", "k2", "k3", "k4", "stdDeviation", "dx", "dy",
		"values", "type", "tableValues", "slope", "intercept", "amplitude", "exponent",
		"kernelMatrix", "order", "divisor", "bias", "targetX", "targetY", "edgeMode",
		"kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
		"specularExponent", "scale", "xChannelSelector", "yChannelSelector", "radius",
		"baseFrequency", "numOctaves", "seed", "stitchTiles", "azimuth", "elevation",
		"z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
		"textLength", "lengthAdjust", "startOffset", "method", "spacing", "side", "rotate",
		"requiredExtensions", "systemLanguage", "target", "media",
		"attributeName", "attributeType", "from", "to", "by", "begin", "dur", "end", "repeatCount",
		"repeatDur", "fill", "restart", "calcMode", "keyTimes", "keySplines", "keyPoints", "path",
		"additive", "accumulate",
		// Presentation attributes.
		"alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
		"color-interpolation", "color-interpolation-filters", "color-rendering", "cursor",
		"direction", "display", "dominant-baseline", "fill-opacity", "fill-rule", "filter",
		"flood-color", "flood-opacity", "font", "font-family", "font-size", "font-size-adjust",
		"font-stretch", "font-style", "font-variant", "font-weight", "image-rendering",
		"letter-spacing", "lighting-color", "marker", "marker-end", "marker-mid", "marker-start",
		"mask", "mask-type", "opacity", "overflow", "paint-order", "pointer-events",
		"shape-rendering", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
		"stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
		"stroke-opacity", "stroke-width", "text-anchor", "text-decoration", "text-rendering",
		"transform-origin", "unicode-bidi", "vector-effect", "visibility", "word-spacing",
		"writing-mode":
		return true
	}
	return false
}

// IsFile reports whether a published file is served as an SVG image: by
// its name, as static hosts decide.
func IsFile(name string) bool { return strings.EqualFold(path.Ext(name), ".svg") }

// ErrNotSVG is returned for a document whose root is not an svg element.
var ErrNotSVG = errors.New("the document is not an SVG image: its root is not an svg element")

// Clean returns src, an SVG document, with only what draws kept. The
// error is for a document that is not well-formed XML, or not SVG.
func Clean(src []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var c cleaner
	var out bytes.Buffer
	c.out = &out
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %w", err)
		}
		if err := c.token(tok); err != nil {
			return nil, err
		}
	}
	if !c.root {
		return nil, ErrNotSVG
	}
	if c.depth != 0 {
		return nil, errors.New("not well-formed XML: an element is never closed")
	}
	return out.Bytes(), nil
}

type cleaner struct {
	out   *bytes.Buffer
	ns    []map[string]string // prefix → namespace, declared by each open element
	root  bool                // the root element was written
	depth int                 // open elements
	skip  int                 // depth at which a dropped element opened, or 0
	open  bool                // a start tag waits for ">" or "/>"
	stack []string            // names of the open elements kept
	style bool                // inside a style element
	text  bytes.Buffer        // the text of the style element
}

// token writes what is kept of one token of the document.
func (c *cleaner) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return c.start(t)
	case xml.EndElement:
		c.end()
	case xml.CharData:
		if c.skip > 0 || len(c.stack) == 0 {
			return nil
		}
		if c.style {
			c.text.Write(t)
			return nil
		}
		c.close()
		escapeText(c.out, string(t))
	case xml.ProcInst:
		if t.Target == "xml" && c.out.Len() == 0 {
			c.out.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		}
	case xml.Comment, xml.Directive:
		// Comments carry nothing that draws; a DOCTYPE may declare
		// entities and external subsets.
	}
	return nil
}

// start opens an element: it is written with the attributes that are kept
// when it is allowed, or else it and what it holds are dropped. A root
// element other than svg makes the document not SVG.
func (c *cleaner) start(t xml.StartElement) error {
	c.depth++
	if c.depth > maxDepth {
		return fmt.Errorf("elements are nested more than %d deep", maxDepth)
	}
	c.ns = append(c.ns, declarations(t.Attr))
	if c.skip > 0 {
		return nil
	}
	name, ok := c.element(t.Name)
	if name == "animateTransform" && !animatesTransform(t) {
		ok = false
	}
	if !ok || c.depth == 1 && name != "svg" || c.depth > 1 && !c.root {
		if c.depth == 1 {
			return ErrNotSVG
		}
		c.skip = c.depth
		return nil
	}
	c.close()
	c.out.WriteString("<" + name)
	if c.depth == 1 {
		c.root = true
		c.out.WriteString(` xmlns="` + svgNS + `" xmlns:xlink="` + xlinkNS + `"`)
	}
	for _, a := range t.Attr {
		if an, v, ok := c.attribute(name, a); ok {
			c.out.WriteString(" " + an + `="`)
			escapeAttr(c.out, v)
			c.out.WriteByte('"')
		}
	}
	c.open = true
	c.stack = append(c.stack, name)
	c.style = name == "style"
	c.text.Reset()
	return nil
}

// declarations returns the namespaces that the attributes of an element
// declare, by prefix ("" for the default one), or nil for none.
func declarations(attrs []xml.Attr) map[string]string {
	var decl map[string]string
	for _, a := range attrs {
		prefix, ok := "", false
		switch {
		case a.Name.Space == "xmlns":
			prefix, ok = a.Name.Local, true
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			ok = true
		}
		if ok {
			if decl == nil {
				decl = map[string]string{}
			}
			decl[prefix] = a.Value
		}
	}
	return decl
}

// end closes an element: a kept one is written closed, with the text of a
// style element before when it is safe.
func (c *cleaner) end() {
	c.depth--
	if len(c.ns) > 0 {
		c.ns = c.ns[:len(c.ns)-1]
	}
	if c.skip > 0 {
		if c.depth < c.skip {
			c.skip = 0
		}
		return
	}
	if len(c.stack) == 0 {
		return
	}
	name := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	if c.style {
		c.style = false
		if css := c.text.String(); safeCSS(css) {
			c.close()
			escapeText(c.out, css)
		}
	}
	if c.open {
		c.out.WriteString("/>")
		c.open = false
	} else {
		c.out.WriteString("</" + name + ">")
	}
	if len(c.stack) == 0 {
		c.out.WriteByte('\n')
	}
}

// close ends a start tag that waits for its first child.
func (c *cleaner) close() {
	if c.open {
		c.out.WriteByte('>')
		c.open = false
	}
}

// namespace returns the namespace a prefix is bound to where the parser
// is; "" for none.
func (c *cleaner) namespace(prefix string) string {
	if prefix == "xml" {
		return "xml"
	}
	for i := len(c.ns) - 1; i >= 0; i-- {
		if uri, ok := c.ns[i][prefix]; ok {
			return uri
		}
	}
	return ""
}

// element returns the name an element is written with, and whether it is
// kept: an allowed element of the SVG namespace. An element without a
// prefix where no default namespace is declared is taken for SVG, as the
// namespace is then added.
func (c *cleaner) element(n xml.Name) (string, bool) {
	ns := c.namespace(n.Space)
	if !(ns == svgNS || n.Space == "" && ns == "") || !isElement(n.Local) {
		return "", false
	}
	return n.Local, true
}

// attribute returns the name and value an attribute is written with, and
// whether it is kept.
func (c *cleaner) attribute(elem string, a xml.Attr) (string, string, bool) {
	name, v := a.Name.Local, a.Value
	switch {
	case a.Name.Space == "xml" && (name == "space" || name == "lang"):
		return "xml:" + name, v, true
	case a.Name.Space != "" && c.namespace(a.Name.Space) == xlinkNS && name == "href",
		a.Name.Space == "" && name == "href":
		if !safeHref(elem, v) {
			return "", "", false
		}
		if a.Name.Space != "" {
			return "xlink:href", v, true
		}
		return "href", v, true
	case a.Name.Space != "":
		return "", "", false
	case name == "style":
		return name, v, safeCSS(v)
	case isAttribute(name):
		return name, v, safeCSS(v)
	}
	return "", "", false
}

// animatesTransform reports whether an animateTransform element animates
// the transform attribute, its only use: one that names another attribute
// could change a link.
func animatesTransform(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == "attributeName" {
			return a.Value == "transform"
		}
	}
	return false
}

// safeHref reports whether a link of an element points within the image,
// or, for a, to a web page or an address, or, for image, is an image of
// its own: nothing is loaded from elsewhere.
func safeHref(elem, v string) bool {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	switch {
	case strings.HasPrefix(v, "#"):
		return true
	case elem == "a":
		return strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "mailto:")
	case elem == "image":
		return strings.HasPrefix(lower, "data:image/")
	}
	return false
}

// safeCSS reports whether a style sheet, or the value of a presentation
// attribute, loads nothing: every url() it holds names a part of the
// image or data of its own, it imports nothing, and it has no escapes that
// could hide either.
func safeCSS(s string) bool {
	lower := strings.ToLower(s)
	for _, bad := range []string{"@import", `\`, "expression(", "image-set(", "image(", "element(", "cross-fade(", "://"} {
		if strings.Contains(lower, bad) {
			return false
		}
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], "url(")
		if j < 0 {
			return true
		}
		i += j + len("url(")
		arg := strings.TrimLeft(lower[i:], " \t\r\n\f\"'")
		if !strings.HasPrefix(arg, "#") && !strings.HasPrefix(arg, "data:") {
			return false
		}
	}
}

// escapeText writes character data, escaped.
func escapeText(w *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			w.WriteString("&amp;")
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '\r':
			w.WriteString("&#xD;")
		default:
			w.WriteByte(c)
		}
	}
}

// escapeAttr writes an attribute value, escaped for double quotes.
func escapeAttr(w *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			w.WriteString("&amp;")
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '"':
			w.WriteString("&quot;")
		case '\t':
			w.WriteString("&#x9;")
		case '\n':
			w.WriteString("&#xA;")
		case '\r':
			w.WriteString("&#xD;")
		default:
			w.WriteByte(c)
		}
	}
}
