package main

import (
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func (a *cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of guides",
		Long: `Print the version of guides, in the manner of "go version -m": the version
on the first line, then one "key<TAB>value" line each for the package and
module it was built from, the Go release and platform, and, when the build
recorded them, the commit, the commit's time, and whether the working tree
had changes. "guides --version" prints the same.`,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			a.printf(a.stdout, "%s", versionText())
			return nil
		},
	}
}

// versionText describes the running binary from its build information.
func versionText() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(info, runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
}

// formatVersion describes a binary from its build information, which may
// be nil, the Go release that built it, and its platform.
func formatVersion(info *debug.BuildInfo, goVersion, platform string) string {
	version := "(devel)"
	var b strings.Builder
	line := func(key string, values ...string) {
		b.WriteString("\t" + key + "\t" + strings.Join(values, "\t") + "\n")
	}
	if info == nil {
		b.WriteString("guides " + version + "\n")
		line("go", goVersion, platform)
		return b.String()
	}
	if v := info.Main.Version; v != "" {
		version = v
	}
	b.WriteString("guides " + version + "\n")
	if info.Path != "" {
		line("path", info.Path)
	}
	if info.Main.Path != "" {
		mod := []string{info.Main.Path, version}
		if info.Main.Sum != "" {
			mod = append(mod, info.Main.Sum)
		}
		line("mod", mod...)
	}
	line("go", goVersion, platform)
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for _, s := range []struct{ key, setting string }{
		{"commit", "vcs.revision"},
		{"time", "vcs.time"},
		{"modified", "vcs.modified"},
	} {
		if v, ok := settings[s.setting]; ok {
			line(s.key, v)
		}
	}
	return b.String()
}

// userAgent is what check --links sends as its User-Agent: the program,
// its version, and where to read about it.
func userAgent() string {
	version := "devel"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		version = info.Main.Version
	}
	return "guides/" + version + " (+https://github.com/visual-guides/guides)"
}
