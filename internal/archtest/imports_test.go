package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the module path; packages are named below relative to it, ""
// for the root package.
const module = "github.com/visual-guides/guides"

// allowed is the import table: for every package of the module, the
// packages of the module it may import (tests aside). The layers, from the
// bottom up:
//
//   - leaves, which import nothing of the module: the text helpers,
//     markdown scanning, SVG cleaning, files and folders, test helpers,
//     and the site's theme (site/theme), whose templates the rules check;
//   - the domain model (the root package) and frontmatter, which import
//     only the leaf textctl;
//   - what reads and judges a collection: rootfs, rules, load; rules never
//     imports an output (site, search), the link checker or app;
//   - what makes outputs of a collection: toc, search, site; site never
//     imports app, rules or the link checker;
//   - app, which runs the commands, and cmd/guides, the command line over
//     it.
var allowed = map[string][]string{
	// Leaves.
	"internal/textctl":        {},
	"internal/markdown":       {},
	"internal/svg":            {},
	"internal/suggest":        {},
	"internal/atomicfile":     {},
	"internal/findroot":       {},
	"internal/outdir":         {},
	"internal/watch":          {},
	"internal/hugepage":       {},
	"internal/slab":           {"internal/hugepage"},
	"internal/site/highlight": {},
	"internal/site/theme":     {},
	"internal/gitlog":         {},
	"internal/golden":         {},
	"internal/synth":          {},
	"internal/archtest":       {},
	"internal/testenv":        {},

	// The domain model and the format of its files.
	"":            {"internal/textctl"},
	"frontmatter": {"internal/textctl"},

	// Reading and judging a collection.
	"internal/rootfs": {""},
	"internal/inputs": {"internal/rootfs"},
	"internal/rules":  {"", "frontmatter", "internal/markdown", "internal/rootfs", "internal/scaffold", "internal/site/theme", "internal/slab", "internal/suggest", "internal/svg", "internal/textctl"},
	"internal/load":   {"", "internal/hugepage", "internal/rootfs", "internal/rules", "internal/slab"},

	// An editor's view of a collection, and the protocol editors speak.
	"internal/workspace": {"", "frontmatter", "internal/load", "internal/markdown", "internal/rootfs", "internal/rules", "internal/suggest"},
	"internal/lsp":       {"", "internal/workspace"},
	"internal/schema":    {""},

	// Settings, findings and new files.
	"internal/config":   {"", "frontmatter", "internal/suggest", "internal/textctl"},
	"internal/scaffold": {"", "frontmatter"},

	// Outputs.
	"toc":                {""},
	"internal/search":    {"", "internal/markdown"},
	"internal/site":      {"", "internal/markdown", "internal/rootfs", "internal/search", "internal/site/theme", "internal/svg"},
	"internal/linkcheck": {},

	// The commands.
	"internal/app": {"", "internal/atomicfile", "internal/config", "internal/findroot", "internal/gitlog", "internal/inputs", "internal/linkcheck", "internal/load",
		"internal/lsp", "internal/outdir", "internal/rootfs", "internal/rules", "internal/scaffold", "internal/schema",
		"internal/search", "internal/site", "internal/site/highlight", "internal/site/theme", "internal/suggest", "internal/textctl",
		"internal/watch", "internal/workspace", "toc"},
	// The command line speaks to app alone.
	"cmd/guides": {"internal/app"},

	// Programs of the benchmarks.
	"internal/cmd/floor":       {},
	"internal/cmd/hostile":     {},
	"internal/cmd/linkbench":   {},
	"internal/cmd/searchbench": {"internal/testenv"},
	"internal/cmd/synth":       {"internal/synth"},
}

// TestImports checks every import between the packages of the module
// against the import table, and that the table names every package.
func TestImports(t *testing.T) {
	imports := modulePackages(t)
	if len(imports) < 10 {
		t.Fatalf("go list found %d packages of the module", len(imports))
	}
	for pkg, deps := range imports {
		allow, ok := allowed[pkg]
		if !ok {
			t.Errorf("package %s is not in the import table: add it, with what it may import, to allowed in internal/archtest/imports_test.go", show(pkg))
			continue
		}
		for _, dep := range deps {
			if !slices.Contains(allow, dep) {
				t.Errorf("%s imports %s, an arrow the import table does not allow: remove the import, or, if the layering should change, edit allowed in internal/archtest/imports_test.go", show(pkg), show(dep))
			}
		}
	}
	for pkg, allow := range allowed {
		for _, p := range append([]string{pkg}, allow...) {
			if _, ok := imports[p]; !ok {
				t.Errorf("the import table names %s, which is not a package of the module: edit internal/archtest/imports_test.go", show(p))
			}
		}
	}
}

// modulePackages lists the packages of the module with go list, each with
// the packages of the module it imports, tests aside; names are relative
// to the module.
func modulePackages(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	imports := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		pkg, ok := relative(fields[0])
		if !ok {
			t.Fatalf("go list named %s, outside the module", fields[0])
		}
		deps := []string{}
		for _, f := range fields[1:] {
			if dep, ok := relative(f); ok {
				deps = append(deps, dep)
			}
		}
		imports[pkg] = deps
	}
	return imports
}

// relative returns the path of a package of the module relative to it.
func relative(path string) (string, bool) {
	if path == module {
		return "", true
	}
	rest, ok := strings.CutPrefix(path, module+"/")
	return rest, ok
}

// show names a package in a message.
func show(pkg string) string {
	if pkg == "" {
		return "the root package guides"
	}
	return pkg
}
