// Package guides is the domain model of a guide collection: categories and
// guides read from markdown files with YAML front matter, kept in production
// order, and the diagnostics that describe what is wrong with them.
//
// The package holds no I/O. Package load turns a folder into a Collection;
// package toc renders a README table of contents from one; package check
// validates one; package site builds a website from one.
package guides
