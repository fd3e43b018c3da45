package scaffold

import (
	"time"

	"github.com/visual-guides/guides"
)

// File is a file of a new collection: a slash-separated path relative to
// its root, and its content.
type File struct {
	Path string
	Data []byte
}

// The first category and guide of a new collection.
const (
	StartCategory = "getting-started"
	StartGuide    = "how-to-write-a-guide"
)

// Start returns the files of a new collection, its first guide dated now:
// the settings, a .gitignore for the built site, a first category and a
// first guide that explain how to go on, and README.md with the markers of
// its table of contents, empty between them. The table of contents is for
// the caller to fill in, as guides readme would.
func Start(now time.Time) []File {
	y, m, d := now.UTC().Date()
	cat := Category(&guides.Category{
		Title:       "Getting Started",
		Description: "How this collection is written, and how to add to it.",
		Sort:        10,
	})
	cat = append(cat[:len(cat)-len(categoryBody)], startCategoryBody...)
	guide := Guide(&guides.Guide{
		Title:       "How to Write a Guide",
		Description: "The files of a guide, its front matter, and the commands that check and publish it.",
		CreatedAt:   time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		DateOnly:    true,
		Categories:  []string{StartCategory},
		Tags:        []string{"Writing"},
	})
	guide = append(guide[:len(guide)-len(guideBody)], startGuideBody...)
	return []File{
		{"guides.yaml", []byte(startSettings)},
		{".gitignore", []byte(startGitignore)},
		{"data/categories/" + StartCategory + ".md", cat},
		{"data/guides/" + StartGuide + ".md", guide},
		{"README.md", []byte(startReadme)},
	}
}

const startSettings = `# Settings of this collection of guides. Every key is optional; without
# one, guides uses the value shown.

# The URL the site will live at: its pages are baseURL/ID/. guides build
# writes the site into public/, for any static host to serve there.
baseURL: https://example.org/guides

# The name of the site, shown in its header and feed.
title: Guides

# Who the feed names as the author of the guides (default: the title),
# and the language they are written in, a tag such as en or pt-BR.
# author: Guides
# language: en

# Where README's table of contents links: "files", to the markdown files,
# which works before the site is published; "site", to the pages at
# baseURL/ID.
linkMode: files

# The folders of the guides and categories, and the file whose table of
# contents guides readme keeps, relative to this folder.
# guidesDir: data/guides
# categoriesDir: data/categories
# readme: README.md

# The site's look and links: a logo and an icon (a file here or an https
# URL), the colour of links and highlights in each theme (at least 4.5:1
# against the theme's background: guides check says the nearest colour
# that is), links in the header, a line of markdown in the footer, a link
# to edit each guide (this URL, then the guide's path), and the date each
# guide last changed (from git, else its updatedAt).
# logo: images/logo.svg
# favicon: images/favicon.png
# accentColor: "#6d28d9"
# accentColorDark: "#c4b5fd"
# nav:
#   - {title: Newsletter, url: https://blog.example.org}
# footer: "© 2026 Example · [Privacy](https://example.org/privacy)"
# editURL: https://github.com/OWNER/REPO/edit/main/
# lastUpdated: true
`

const startGitignore = `# The site guides build writes.
/public/
`

const startReadme = `# Guides

Visual guides written in markdown. Each guide is a file in data/guides/
and each category a file in data/categories/, with YAML front matter
above the text. The table of contents below is written by guides: run
"guides readme" after adding a guide or changing a title.

## Contents

<!-- TOC -->
<!-- /TOC -->
`

const startCategoryBody = `The guides of this category explain how the collection is written: where
the files go, what their front matter says, and which commands check and
publish them.
`

const startGuideBody = `A guide is one markdown file in ` + "`data/guides/`" + `. Its name without
` + "`.md`" + ` is its id, which is also the last part of its URL: this guide is
` + "`data/guides/how-to-write-a-guide.md`" + `, at ` + "`how-to-write-a-guide/`" + ` on the site.

## Front matter

The file starts with YAML between two lines ` + "`---`" + `: the title, a one-line
description, ` + "`createdAt`" + ` (the date that orders the guides), ` + "`draft`" + `, the
ids of its categories, and tags. The guide's diagram goes in ` + "`image`" + `: an
http(s) URL, or the path of a file in the repository.

A value with ` + "`: `" + ` in it needs quotes, as in ` + "`title: \"Caching: the basics\"`" + `.

## Writing a new guide

This writes the file of a new guide, with its front matter filled in and
a draft of its parts:

` + "```sh" + `
guides new "Consistent Hashing" --category getting-started --tag Algorithms
` + "```" + `

A new guide is a draft, left out of README and the site, until its front
matter says ` + "`draft: false`" + `. A category is a file in ` + "`data/categories/`" + `,
which ` + "`guides new category TITLE --sort N`" + ` writes.

## Checking and publishing

- ` + "`guides check`" + ` reports every problem in the collection, with its line.
- ` + "`guides readme`" + ` brings README's table of contents up to date.
- ` + "`guides serve`" + ` shows the site as it is written, at http://127.0.0.1:1313/guides/.
- ` + "`guides build`" + ` writes the site into ` + "`public/`" + `.
`
