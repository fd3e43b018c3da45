package guides

import "testing"

func TestReservedIDs(t *testing.T) {
	for _, name := range SiteRootNames() {
		if len(name) > len(SiteSitemap) {
			t.Errorf("%q is longer than %q, which IsReservedID takes for the longest name", name, SiteSitemap)
		}
		for _, id := range []string{name, upper(name)} {
			if !IsReservedID(id) {
				t.Errorf("IsReservedID(%q) = false", id)
			}
		}
	}
	for _, id := range []string{"feed", "index", "tag", "caching", "feed.xml.bak"} {
		if IsReservedID(id) {
			t.Errorf("IsReservedID(%q) = true", id)
		}
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
