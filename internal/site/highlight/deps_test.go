package highlight_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestNoHeavyChromaPackages keeps chroma's lexers and styles packages out
// of the binary: each parses its embedded definitions when the program
// starts, which every command of guides would pay for.
func TestNoHeavyChromaPackages(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	const pkg = "github.com/visual-guides/guides/internal/site/highlight"
	cmd := exec.CommandContext(t.Context(), gocmd, "list", "-deps", pkg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr.Bytes())
	}
	deps := strings.Fields(string(out))
	// The list must be the real one: it holds chroma's core package.
	if !contains(deps, "github.com/alecthomas/chroma/v2") {
		t.Fatalf("go list -deps %s does not list chroma:\n%s", pkg, out)
	}
	forbidden := []string{
		"github.com/alecthomas/chroma/v2/lexers",
		"github.com/alecthomas/chroma/v2/styles",
		"github.com/alecthomas/chroma/v2/quick",
	}
	for _, dep := range deps {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
