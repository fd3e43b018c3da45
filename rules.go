package guides

// The names of the rules a collection is checked against. Every Diagnostic
// names one of them, but for problems of README.md's markers.
const (
	RuleFrontMatter       = "front-matter"
	RuleYAML              = "yaml"
	RuleEncoding          = "encoding"
	RuleControlCharacter  = "control-character"
	RuleRequired          = "required"
	RuleType              = "type"
	RuleDate              = "date"
	RuleTitleLineBreak    = "title-line-break"
	RuleUnknownCategory   = "unknown-category"
	RuleMissingFile       = "missing-file"
	RuleIDConflict        = "id-conflict"
	RuleReservedID        = "reserved-id"
	RuleUnsafeID          = "unsafe-id"
	RuleOutsideRoot       = "outside-root"
	RuleNotRegularFile    = "not-regular-file"
	RuleLimit             = "limit"
	RuleDuplicateSort     = "duplicate-sort"
	RuleEmptyCategory     = "empty-category"
	RuleDuplicateTitle    = "duplicate-title"
	RuleDuplicateCategory = "duplicate-category"
	RuleUnknownKey        = "unknown-key"
	RuleTypographicQuotes = "typographic-quotes"
	RuleIDFormat          = "id-format"
	RuleStrayFile         = "stray-file"
	RuleEmptyBody         = "empty-body"
	RulePlaceholder       = "placeholder"
	RuleImage             = "image"
	RuleLink              = "link"
	RuleTemplate          = "template"
	// The rules of the web: only "guides check --links" applies them.
	RuleBrokenURL      = "broken-url"
	RuleUnreachableURL = "unreachable-url"
	RuleMovedURL       = "moved-url"
)

// Rule describes one check.
type Rule struct {
	Name     string
	Severity Severity
	Summary  string
	// Example is a file, or a line of one, that breaks the rule.
	Example string
}

// Rules returns every rule in the order the documentation lists them:
// errors first.
func Rules() []Rule {
	return []Rule{
		{RuleFrontMatter, Error, "A guide or category file must start with a line \"---\", then YAML, then a closing line \"---\".",
			"# Consistent hashing\n(no front matter)"},
		{RuleYAML, Error, "The front matter must be valid YAML: a mapping of keys to values, each key written once.",
			"title: Caching: the basics   # a second colon needs quotes"},
		{RuleEncoding, Error, "Files must be UTF-8, front matter and body alike.",
			"title: caf\\xe9   # Latin-1 bytes"},
		{RuleControlCharacter, Error, "Ids, titles, descriptions, tags and the other text values hold no control characters (but tabs and line breaks in a description): a terminal would run them as commands, and README would become binary.",
			"title: \"Caching\\e[2J\"   # an escape sequence"},
		{RuleRequired, Error, "A guide needs title, createdAt and categories; a category needs title and sort. None may be empty.",
			"title: \"\""},
		{RuleType, Error, "Each key has one type: title, description, image and icon are text, sort an integer, draft true or false, categories and tags lists.",
			"categories: caching   # write [caching]"},
		{RuleDate, Error, "createdAt and updatedAt are each a date (2024-01-26) or an RFC 3339 time (2024-01-26T09:30:00Z) that exists.",
			"createdAt: 2024-02-30"},
		{RuleTitleLineBreak, Error, "A title is one line: a line break would break the README's list.",
			"title: |\n  Two\n  lines"},
		{RuleUnknownCategory, Error, "Every category a guide lists must have a file in the categories folder.",
			"categories: [databse-and-storage]"},
		{RuleMissingFile, Error, "Every relative link and image of a body, and the image and icon of the front matter, names a guide, a category or a file of the repository: anything else is a broken link or image on the page.",
			"![diagram](../../images/diagram.png)   # no such file"},
		{RuleIDConflict, Error, "A guide and a category may not share an id: they would share one URL.",
			"data/guides/caching.md and data/categories/caching.md"},
		{RuleReservedID, Error, "An id may not be a name the site writes at its root, in any case: " + joinNames(SiteRootNames()) + ".",
			"data/guides/feed.xml.md"},
		{RuleUnsafeID, Error, "An id may not hold a backslash: it names another path on Windows and on web servers.",
			"data/guides/tcp\\ip.md"},
		{RuleBrokenURL, Error, "With --links: every http(s) URL of the front matter and the bodies answers. A 404, 410 or other 4xx answer (but 429), a redirect loop or a redirect to nowhere is broken.",
			"![diagram](https://example.org/diagrams/moved-away.png)   # 404 Not Found"},
		{RuleOutsideRoot, Error, "Nothing the collection reads or publishes leads outside its root: a link or image whose path climbs out with \"..\", or a symbolic link (a data file, an image, a linked file, a layout, the settings or README) that points outside the root, to a hidden file such as .git/config, or round in a loop.",
			"images/cover.png -> /proc/self/environ   or   ![x](../../../etc/passwd)"},
		{RuleNotRegularFile, Error, "A guide, category, image, layout or README is a regular file: a FIFO, socket, device or folder where a file is expected is never opened.",
			"data/guides/g.md made by mkfifo"},
		{RuleTemplate, Error, "A template or stylesheet of layouts/ is one the site can use: its syntax is right, every block it defines is one of the theme's (guides theme lists them) or one a template uses, and every field it names is one the values it is given have.",
			"{{define \"footer\"}}{{.Site.Titel}}{{end}}   # Titel: no such field"},
		{RuleLimit, Error, "A file stays within what guides reads in time linear in its size: " + LimitsSummary + ".",
			"tags: [[[[[[[[[[ … ]]]]]]]]]]   # nested 10,000 deep"},
		{RuleDuplicateSort, Warning, "Two categories with the same sort are ordered by file name, which is rarely what was meant.",
			"sort: 10   # in two category files"},
		{RuleEmptyCategory, Warning, "A category without a published guide shows an empty section.",
			"data/categories/queues.md, listed by no guide"},
		{RuleDuplicateTitle, Warning, "Two guides with the same title look like one guide twice.",
			"title: What is a CDN?   # in two guide files"},
		{RuleDuplicateCategory, Warning, "A guide lists the same category twice.",
			"categories: [caching, caching]"},
		{RuleUnknownKey, Warning, "A front-matter key the format does not know, often a typo.",
			"catgories: [caching]"},
		{RuleTypographicQuotes, Warning, "A value between typographic quotation marks (“…”, ‘…’, «…») keeps them as part of its text: YAML quotes with straight quotes only.",
			"title: “Caching”   # write \"Caching\""},
		{RuleIDFormat, Warning, "Ids are URL path segments: lower case, without characters that need encoding.",
			"data/guides/What Is DNS.md"},
		{RuleStrayFile, Warning, "Only *.md files count; anything else in the data folders is ignored.",
			"data/guides/notes.txt"},
		{RuleEmptyBody, Warning, "A guide with nothing after its front matter.",
			"---\ntitle: x\n---\n"},
		{RulePlaceholder, Warning, "A published guide (draft: false), or a category, still holds the placeholder text that guides new wrote: a description or a paragraph starting \"TODO: \" that says what to write there.",
			"description: \"TODO: one sentence on what the reader will learn.\"   # and draft: false"},
		{RuleImage, Warning, "image and icon are http(s) URLs or files of the repository, and an image's file is one the site publishes: an image, PDF or video, and SVG that is well-formed.",
			"image: ftp://example.org/cover.png"},
		{RuleLink, Warning, "A relative link or image of a body leads where the site shows it: to a published guide rather than a draft, to a file the site publishes, and with a #fragment that a heading of the page has.",
			"[see](other-guide.md#no-such-heading)"},
		{RuleUnreachableURL, Warning, "With --links: a URL that gives no answer (DNS, connection refused, TLS, timeout), or 429 or 5xx after every retry, is down for now or for good.",
			"image: https://retired-host.example/diagram.png   # DNS: no address for retired-host.example"},
		{RuleMovedURL, Warning, "With --links: a URL that redirects permanently (301 or 308) is better replaced by where it leads.",
			"[docs](http://example.org/docs)   # moved permanently to https://example.org/docs/"},
	}
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
