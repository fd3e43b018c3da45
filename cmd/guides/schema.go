package main

import (
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) schemaCommand() *cobra.Command {
	var file string
	c := &cobra.Command{
		Use:   "schema [guide|category] [-o FILE]",
		Short: "Write the JSON Schema of a guide's or a category's front matter",
		Long: `Write the JSON Schema (draft 2020-12) of the front matter of a guide (the
default) or of a category, for editors that validate YAML against a
schema: its keys with what each means, their types, which are required,
the collection's category ids, and the form of a date. A front matter the
schema accepts is one check accepts without an error, but for a date that
does not exist (2024-02-30) and warnings other than unknown keys, which the
schema refuses so that a misspelt key shows.

The schema is written to standard output, or with -o to FILE (relative to
the current folder), whole or not at all. Write it again when categories
change. See docs/editors.md for pointing an editor at it.`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: app.SchemaKinds(),
		RunE: func(c *cobra.Command, args []string) error {
			opts := app.SchemaOptions{Kind: "guide", File: file}
			if len(args) == 1 {
				opts.Kind = args[0]
			}
			if err := opts.Validate(); err != nil {
				return a.usage(c, err)
			}
			s, err := a.open(c, false)
			if err != nil {
				return err
			}
			defer s.Close()
			data, err := s.Schema(c.Context(), opts)
			if err != nil {
				return err
			}
			if file == "" {
				a.printf(a.stdout, "%s", data)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&file, "out", "o", "", "write the schema to `FILE` instead of standard output")
	return c
}
