package app

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a cache folder of their own: the commands keep
// indexes and link results in the user's cache folder, and a test must
// neither read what a user's runs left there nor leave anything behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "guides-app-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
