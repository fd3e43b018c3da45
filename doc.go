// Package guides is the domain model of a guide collection: categories and
// guides read from markdown files with YAML front matter, kept in production
// order, and the diagnostics that describe what is wrong with them.
//
// The package holds no I/O. Package frontmatter splits and decodes front
// matter; package internal/load turns a folder into a Collection, running
// the file rules of package internal/rules on each file as it is read;
// internal/rules also holds the collection rules; package toc renders a
// README table of contents from a Collection; package internal/site builds
// a website from one, and internal/search its full-text index; package
// internal/app runs the commands, which cmd/guides puts on the command
// line.
package guides
