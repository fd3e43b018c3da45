package main

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func (a *cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of guides",
		Long: `Print the module version of guides, and the commit and time it was built
from when the build recorded them.`,
		RunE: func(*cobra.Command, []string) error {
			a.printf(a.stdout, "%s\n", versionString())
			return nil
		},
	}
}

// versionString describes the running binary from its build information.
func versionString() string {
	version, commit, when, modified := "(devel)", "", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" {
			version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	out := "guides " + version
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		out += " commit " + commit
		if modified {
			out += " (modified)"
		}
		if when != "" {
			out += " built from " + when
		}
	}
	return out + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
