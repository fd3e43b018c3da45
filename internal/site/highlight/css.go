package highlight

import "strings"

// The code block backgrounds the palette is made for. The site's own
// stylesheet sets them; every colour of CSS has a contrast ratio of at
// least 4.5:1 (WCAG AA) against the background of its theme.
const (
	LightBackground = "#f6f8fa"
	DarkBackground  = "#161b22"
)

// A role is a colour of the palette and the token classes that take it.
type role struct {
	name        string
	classes     string // chroma's short class names, space-separated
	light, dark string // colours; both empty for a role without colour
	decl        string // declarations for both themes, such as a font style
}

// palette returns the roles of the stylesheet. Classes absent from it,
// such as plain names, keep the text colour of the page.
func palette() []role {
	return []role{
		{"keyword", "k kd kn kp kr ow sa", "#b3245c", "#ff7ea3", ""},
		{"operator", "o", "#b3245c", "#ff7ea3", ""},
		{"type", "kt nc ne", "#08707e", "#4fd1c5", ""},
		{"builtin", "nb bp nd", "#85590a", "#e3b341", ""},
		{"function", "nf gu", "#6d3fc0", "#c3a6ff", ""},
		{"name", "nt na nn nl nv", "#0b5cad", "#79b8ff", ""},
		{"string", "s sb sc sr sh dl", "#1a7431", "#7ee787", ""},
		{"escape", "se si", "#b3245c", "#ff7ea3", ""},
		{"number", "m mb mf mh mi mo ld kc", "#b04800", "#ffa657", ""},
		{"comment", "c c1 cm ch cp cs", "#636d79", "#8b949e", "font-style:italic"},
		{"punctuation", "p", "#59636e", "#a3acb7", ""},
		{"inserted", "gi", "#1a7431", "#7ee787", ""},
		{"deleted", "gd", "#b4232a", "#ff8f8f", ""},
		{"heading", "gh", "", "", "font-weight:bold"},
		// A prompt is not selected with the command it precedes, so that
		// copying a command copies only the command.
		{"prompt", "gp", "#636d79", "#8b949e", "-webkit-user-select:none;user-select:none"},
		{"output", "go", "#59636e", "#a3acb7", ""},
	}
}

// CSS returns the stylesheet for highlighted code: colours for light pages,
// and for dark pages under both `@media (prefers-color-scheme: dark)` and
// `:root[data-theme="dark"]` (the site has a theme switch that sets that
// attribute; `:root[data-theme="light"]` must force the light colours even
// when the system prefers dark).
//
// The rules set only colours and font styles of tokens inside elements of
// class chroma; backgrounds and fonts are the site's to choose (see
// LightBackground and DarkBackground).
func CSS() string {
	roles := palette()
	var b strings.Builder
	b.WriteString("/* Highlighted code: light colours, then dark. */\n")
	for _, r := range roles {
		var decls []string
		if r.light != "" {
			decls = append(decls, "color:"+r.light)
		}
		if r.decl != "" {
			decls = append(decls, r.decl)
		}
		writeRule(&b, r.classes, strings.Join(decls, ";"))
	}
	// The dark rules group their classes in :is(), which keeps them short
	// and their specificity that of one class under the prefix.
	b.WriteString("@media (prefers-color-scheme:dark){\n")
	for _, r := range roles {
		if r.dark != "" {
			writeDarkRule(&b, `:root:not([data-theme="light"]) `, r.classes, "color:"+r.dark)
		}
	}
	b.WriteString("}\n")
	for _, r := range roles {
		if r.dark != "" {
			writeDarkRule(&b, `:root[data-theme="dark"] `, r.classes, "color:"+r.dark)
		}
	}
	return b.String()
}

// writeRule writes one rule applying decls to the token classes inside
// elements of class chroma.
func writeRule(b *strings.Builder, classes, decls string) {
	for i, c := range strings.Fields(classes) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(".chroma ." + c)
	}
	b.WriteString("{" + decls + "}\n")
}

// writeDarkRule writes one rule applying decls to the token classes inside
// elements of class chroma, under the selector prefix.
func writeDarkRule(b *strings.Builder, prefix, classes, decls string) {
	b.WriteString(prefix + ".chroma :is(." + strings.Join(strings.Fields(classes), ",.") + "){" + decls + "}\n")
}
