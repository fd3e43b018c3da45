package app

import (
	"path"
	"slices"
	"strings"
)

// edit is what an edit of the files at some paths may have changed, as the
// live site sorts it out (see liveSite.changed).
type edit struct {
	// all says that anything may have changed: the watcher named no file,
	// or named a data folder itself, or a folder that holds one.
	all bool
	// files are the *.md files of the data folders to read again, and
	// entries the entries of the data folders to judge again.
	files, entries []string
	// settings and layouts say that the settings file, or a file of the
	// layouts/ folder, changed.
	settings, layouts bool
}

// sortEdit sorts out what an edit of the files at paths (relative to the
// root) may have changed in a collection whose data folders are dirs and
// whose settings file is settings. A file that is none of these, such as
// an image, changes nothing the edit has to read again: the collection
// rules, which look for the files links name, run after every edit.
func sortEdit(dirs [2]string, settings string, paths []string) edit {
	var e edit
	if len(paths) == 0 {
		e.all = true
		return e
	}
	for _, p := range paths {
		switch {
		case p == settings:
			e.settings = true
		case p == "layouts" || strings.HasPrefix(p, "layouts/"):
			e.layouts = true
		case holdsDataDir(dirs, p):
			e.all = true
		}
		ent := entryOf(dirs, p)
		if ent == "" || slices.Contains(e.entries, ent) {
			continue
		}
		e.entries = append(e.entries, ent)
		if isDataFileName(ent) {
			e.files = append(e.files, ent)
		}
	}
	return e
}

// holdsDataDir reports whether p is a data folder, or a folder that holds
// one.
func holdsDataDir(dirs [2]string, p string) bool {
	for _, dir := range dirs {
		if dir == p || strings.HasPrefix(dir, p+"/") || p == "." {
			return true
		}
	}
	return false
}

// isDataFileName reports whether an entry of a data folder is named as a
// guide or category is: *.md, not hidden.
func isDataFileName(p string) bool {
	base := path.Base(p)
	return strings.HasSuffix(base, ".md") && !strings.HasPrefix(base, ".")
}
