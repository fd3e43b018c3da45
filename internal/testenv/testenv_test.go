package testenv

import "testing"

// TestSlow checks that a slow test skips unless GUIDES_TEST_ALL is 1.
func TestSlow(t *testing.T) {
	for _, tt := range []struct {
		value   string
		skipped bool
	}{{"", true}, {"0", true}, {"yes", true}, {"1", false}} {
		t.Run("GUIDES_TEST_ALL="+tt.value, func(t *testing.T) {
			t.Setenv(AllVar, tt.value)
			ran := false
			t.Run("slow", func(t *testing.T) {
				Slow(t)
				ran = true
			})
			if ran == tt.skipped {
				t.Errorf("the slow test ran: %v", ran)
			}
		})
	}
}

// TestMissingSkips checks that a test that lacks a program skips when not
// every test runs.
func TestMissingSkips(t *testing.T) {
	t.Setenv(AllVar, "")
	var skipped bool
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Missing(t, "no %s", "program")
	})
	if !skipped {
		t.Error("Missing did not skip")
	}
}
