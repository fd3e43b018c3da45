package guides

// The limits of what guides reads. Each keeps the work of a command linear
// in the size of its input, whatever the input: a file over a limit is
// refused with a finding of the limit rule, at the place the limit is
// crossed, before any parser spends time on it.
const (
	// MaxFileSize bounds a guide or category file, in bytes.
	MaxFileSize = 4 << 20
	// MaxMediaSize bounds a repository file the site publishes (an image,
	// a PDF, a video), in bytes.
	MaxMediaSize = 256 << 20
	// MaxTags bounds the tags of one guide: every tag is a page of the
	// site.
	MaxTags = 1000
)

// LimitsSummary states the limits for people, as the rule list and README
// give them.
const LimitsSummary = "a guide or category file of at most 4 MiB, front matter of at most 64 KiB with at most 1,000 keys nested at most 100 deep, at most 1,000 tags a guide, published files of at most 256 MiB, and markdown whose links, emphasis, brackets, headings, tables, nesting and elements (one for every 4 bytes at most) keep the parser's work linear"
