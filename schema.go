package guides

// ValueType is the type a front-matter key takes.
type ValueType uint8

// The value types of front-matter keys.
const (
	Text    ValueType = iota // a string; numbers and booleans are taken as written
	Integer                  // a whole number
	Boolean                  // true or false
	Date                     // a date or an RFC 3339 time, see ParseDate
	List                     // a list of strings
)

// String names the type as messages do: "text", "an integer".
func (t ValueType) String() string {
	switch t {
	case Integer:
		return "an integer"
	case Boolean:
		return "true or false"
	case Date:
		return "a date such as 2024-01-26"
	case List:
		return "a list"
	}
	return "text"
}

// Key is a front-matter key of the format.
type Key struct {
	Name     string
	Type     ValueType
	Required bool
	// Summary says what the value means, for documentation and for the
	// comments of new files.
	Summary string
	// Why says, for a required key, what needs it.
	Why string
}

// GuideKeys returns the keys of a guide's front matter in the order the
// format documents them, which is also the order new guides are written in.
func GuideKeys() []Key {
	return []Key{
		{"title", Text, true, "the title, on one line", ""},
		{"description", Text, false, "one sentence on what the reader will learn", ""},
		{"image", Text, false, "an http(s) URL or a file of the repository", ""},
		{"createdAt", Date, true, "a date, or an RFC 3339 time", "guides are ordered by it"},
		{"updatedAt", Date, false, "when the guide last changed: the site's date where git history cannot give it", ""},
		{"draft", Boolean, false, "drafts are left out of the table of contents and the site", ""},
		{"categories", List, true, "the ids of the guide's categories", "a guide is listed under its categories"},
		{"tags", List, false, "free-form tags", ""},
	}
}

// CategoryKeys returns the keys of a category's front matter.
func CategoryKeys() []Key {
	return []Key{
		{"title", Text, true, "the title, on one line", ""},
		{"description", Text, false, "one sentence on what the category's guides have in common", ""},
		{"image", Text, false, "an http(s) URL or a file of the repository", ""},
		{"icon", Text, false, "an http(s) URL or a file of the repository", ""},
		{"sort", Integer, true, "a whole number", "categories are ordered by it"},
	}
}

// KeyNames returns the names of keys, in order.
func KeyNames(keys []Key) []string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return names
}
