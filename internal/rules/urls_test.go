package rules_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

var urlCollection = fstest.MapFS{
	"data/categories/c.md": &fstest.MapFile{Data: []byte(`---
title: C
sort: 1
image: https://img.example/c.png
icon: "https://img.example/icon.svg"
---
Intro, see [the docs](HTTPS://Docs.Example/intro) and [a guide](g.md).
`)},
	"data/guides/g.md": &fstest.MapFile{Data: []byte(`---
title: G
createdAt: 2024-01-01
categories: [c]
image: images/local.png
---
![diagram](https://img.example/diagrams/a%20b.png "title") and ![d2](<https://img.example/d 2.png>)

A bare https://docs.example/bare, www.docs.example/www and <https://docs.example/angle#part>.
[By reference][ref], again [ref], and a [mail](mailto:a@docs.example).

` + "`https://docs.example/code`" + `

    https://docs.example/code-block

[ref]: https://docs.example/ref\_escaped
[bad]: https://
`)},
	"data/guides/draft.md": &fstest.MapFile{Data: []byte(`---
title: D
createdAt: 2024-01-02
categories: [c]
draft: true
image: http://img.example/draft.png
---
Nothing else.
`)},
	"data/guides/empty.md": &fstest.MapFile{Data: []byte("---\ntitle: E\ncreatedAt: 2024-01-03\ncategories: [c]\n---\n")},
}

func TestURLs(t *testing.T) {
	c, _, err := load.Load(urlCollection, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules.URLs(urlCollection, c) {
		got = append(got, fmt.Sprintf("%s:%s %s %s -> %s", r.Path, r.Pos, r.What, r.URL, r.Href))
	}
	want := []string{
		"data/categories/c.md:4:8 image https://img.example/c.png -> https://img.example/c.png",
		"data/categories/c.md:5:7 icon https://img.example/icon.svg -> https://img.example/icon.svg",
		"data/categories/c.md:7:23 link HTTPS://Docs.Example/intro -> HTTPS://Docs.Example/intro",
		"data/guides/g.md:7:12 image https://img.example/diagrams/a%20b.png -> https://img.example/diagrams/a%20b.png",
		"data/guides/g.md:7:71 image https://img.example/d 2.png -> https://img.example/d%202.png",
		"data/guides/g.md:9:8 link https://docs.example/bare -> https://docs.example/bare",
		"data/guides/g.md:9:35 link http://www.docs.example/www -> http://www.docs.example/www",
		"data/guides/g.md:9:61 link https://docs.example/angle#part -> https://docs.example/angle#part",
		"data/guides/g.md:16:8 link https://docs.example/ref\\_escaped -> https://docs.example/ref_escaped",
		"data/guides/g.md:17:8 link https:// -> https://",
		"data/guides/draft.md:6:8 image http://img.example/draft.png -> http://img.example/draft.png",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
