package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/gitlog"
	"github.com/visual-guides/guides/internal/site"
	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// siteBrand returns the site's look and links from the settings, with the
// times the repository's history gives the collection's files when the
// settings show when guides last changed.
func (s *Session) siteBrand(updated map[string]time.Time) site.Brand {
	return siteBrand(s.Config, updated)
}

// siteBrand returns the look and links of the settings c, with the times
// updated gives the collection's files.
func siteBrand(c config.Config, updated map[string]time.Time) site.Brand {
	b := site.Brand{
		Logo: c.Logo, Favicon: c.Favicon, AccentColor: c.AccentColor, AccentColorDark: c.AccentColorDark,
		Footer: c.Footer, EditURL: c.EditURL, LastUpdated: c.LastUpdated, Updated: updated,
	}
	for _, l := range c.Nav {
		b.Nav = append(b.Nav, sitetheme.Link{Title: l.Title, URL: l.URL})
	}
	return b
}

// readUpdated reads, when the settings ask for lastUpdated, when each file
// of the collection last changed, from one git log; nil when they do not.
// The note says what could not be dated, for the command to show: a
// collection outside a repository, or the files of a shallow clone whose
// history is cut before their last change. Those show their updatedAt
// key, if any.
func (s *Session) readUpdated(ctx context.Context) (map[string]time.Time, string, error) {
	if !s.Config.LastUpdated {
		return nil, "", nil
	}
	root, err := filepath.Abs(s.Root)
	if err != nil {
		return nil, "", err
	}
	d, err := gitlog.Read(ctx, root)
	if errors.Is(err, gitlog.ErrNoHistory) {
		return nil, "lastUpdated: the collection has no git history to read; guides show their updatedAt, if any", nil
	}
	if err != nil {
		return nil, "", err
	}
	var undated []string
	for p := range d.Undated {
		if strings.HasPrefix(p, s.Config.GuidesDir+"/") {
			undated = append(undated, p)
		}
	}
	if len(undated) == 0 {
		return d.Of, "", nil
	}
	slices.Sort(undated)
	shown := undated[:min(len(undated), 10)]
	more := ""
	if len(undated) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(undated)-len(shown))
	}
	return d.Of, fmt.Sprintf("lastUpdated: a shallow clone: %d guides changed last before its history begins, and show their updatedAt, if any: %s%s (fetch the whole history, or git fetch --unshallow, to date them)",
		len(undated), strings.Join(shown, ", "), more), nil
}
