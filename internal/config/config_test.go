package config

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		file string // "" for no file
		want Config
		err  string
	}{
		{name: "no file", want: Default()},
		{name: "empty file", file: "# nothing\n", want: Default()},
		{name: "every key", file: "baseURL: https://example.org/g/\nguidesDir: content/guides/\ncategoriesDir: ./content/cats\nreadme: docs/README.md\nlinkMode: files\ntitle: My Guides\noutput: site/\nwatchIgnore: [vendor, ./tools/]\n",
			want: Config{BaseURL: "https://example.org/g", GuidesDir: "content/guides", CategoriesDir: "content/cats", Readme: "docs/README.md", LinkMode: LinkFiles, Title: "My Guides",
				Output: "site", WatchIgnore: []string{"vendor", "tools"}}},
		{name: "absolute output", file: "output: /srv/www/guides\n",
			want: func() Config { c := Default(); c.Output = "/srv/www/guides"; return c }()},
		{name: "empty output", file: "output: ''\n", err: `guides.yaml:1:9: output is empty: name the folder to build the site into, such as public`},
		{name: "no folder watched apart", file: "watchIgnore: []\n",
			want: func() Config { c := Default(); c.WatchIgnore = []string{}; return c }()},
		{name: "watchIgnore outside the root", file: "watchIgnore: [../x]\n", err: `guides.yaml:1:15: watchIgnore "../x" is not a relative path inside the collection`},
		{name: "watchIgnore not text", file: "watchIgnore: {a: b}\n", err: `guides.yaml:1:15: watchIgnore must be a folder or a list of folders, not a mapping`},
		{name: "bad url", file: "baseURL: example.org\n", err: `guides.yaml:1:10: baseURL "example.org" is not an absolute http or https URL such as https://example.org/guides`},
		{name: "url with query", file: "baseURL: https://x.org/?a=1\n", err: `guides.yaml:1:10: baseURL "https://x.org/?a=1" has a query or fragment; a base URL is a folder of pages`},
		{name: "folder outside the root", file: "\nguidesDir: ../elsewhere\n", err: `guides.yaml:2:12: guidesDir "../elsewhere" is not a relative path inside the collection`},
		{name: "absolute folder", file: "categoriesDir: /etc\n", err: `guides.yaml:1:16: categoriesDir "/etc" is not a relative path inside the collection`},
		{name: "bad link mode", file: "linkMode: github\n", err: `guides.yaml:1:11: linkMode "github" is not a link mode: use "site" or "files"`},
		{name: "not text", file: "readme: [a]\n", err: `guides.yaml:1:9: readme must be text, not a list`},
		{name: "unknown key", file: "baseUrl: https://x.org\n", err: `guides.yaml:1:1: unknown setting "baseUrl"; did you mean "baseURL"?`},
		{name: "link settings", file: "linkCache: .cache/links.json\nlinkExclude: ['^https://private\\.example/', 'linkedin\\.com']\n",
			want: func() Config {
				c := Default()
				c.LinkCache, c.LinkExclude = ".cache/links.json", []string{`^https://private\.example/`, `linkedin\.com`}
				return c
			}()},
		{name: "one exclusion", file: "linkExclude: example\\.org\n",
			want: func() Config { c := Default(); c.LinkExclude = []string{`example\.org`}; return c }()},
		{name: "bad exclusion", file: "linkExclude:\n  - ok\n  - 'a(b'\n", err: `guides.yaml:3:5: linkExclude "a(b" is not a regular expression: missing closing )`},
		{name: "exclusion not text", file: "linkExclude: [1]\n", err: `guides.yaml:1:15: linkExclude must be a regular expression or a list of them, not an integer`},
		{name: "cache outside the root", file: "linkCache: /tmp/links.json\n", err: `guides.yaml:1:12: linkCache "/tmp/links.json" is not a relative path inside the collection`},
		{name: "author and language", file: "author: Ada Lovelace\nlanguage: pt-br\n",
			want: func() Config { c := Default(); c.Author, c.Language = "Ada Lovelace", "pt-BR"; return c }()},
		{name: "bad language", file: "language: english\n", err: `guides.yaml:1:11: language "english" is not a language tag such as "en" or "pt-BR"`},
		{name: "empty author", file: "author: ' '\n", err: `guides.yaml:1:9: author " " is not a name: write the author's name, on one line`},
		{name: "bad yaml", file: "a: 'x\n", err: `guides.yaml:1:4: invalid YAML: the quote that opens this value is never closed: write: a: 'x'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tt.file != "" {
				fsys[FileName] = &fstest.MapFile{Data: []byte(tt.file)}
			}
			got, err := Load(fsys, FileName)
			if tt.err != "" {
				var ce *Error
				if !errors.As(err, &ce) || err.Error() != tt.err {
					t.Fatalf("Load() error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
