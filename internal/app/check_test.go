package app

import (
	"context"
	"errors"
	"testing"
)

// warnedGuide is a guide with an unknown key: a warning, which fails
// the check under Strict alone.
const warnedGuide = "---\ntitle: Delta Warned\ndescription: A guide with a warning.\ncreatedAt: 2024-01-04\ncolour: red\ncategories: [db]\n---\n\nDelta.\n"

// TestCheck checks collections with and without Strict: what fails the
// check, and what it finds.
func TestCheck(t *testing.T) {
	tests := []struct {
		name        string
		files       map[string]string
		strict      bool
		wantChecked int
		wantFailed  bool
		want        string // the findings, as printed
	}{
		{name: "clean", wantChecked: 5},
		{name: "clean, strict", strict: true, wantChecked: 5},
		{name: "warning", files: map[string]string{"data/guides/delta.md": warnedGuide}, wantChecked: 6,
			want: "data/guides/delta.md:5:1: warning: unknown key \"colour\" [unknown-key]\n"},
		{name: "warning, strict", files: map[string]string{"data/guides/delta.md": warnedGuide}, strict: true, wantChecked: 6, wantFailed: true,
			want: "data/guides/delta.md:5:1: warning: unknown key \"colour\" [unknown-key]\n"},
		{name: "error", files: map[string]string{"data/guides/broken.md": brokenGuide}, wantChecked: 6, wantFailed: true,
			want: "data/guides/broken.md:2:8: error: invalid YAML: a value with \": \" in it needs quotes: write: title: 'Broken: guide' [yaml]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openAt(t, collection(t, tt.files))
			res, err := s.Check(context.Background(), CheckOptions{Strict: tt.strict})
			if err != nil {
				t.Fatal(err)
			}
			if res.Checked != tt.wantChecked || res.Failed != tt.wantFailed {
				t.Errorf("checked %d, failed %v; want %d, %v", res.Checked, res.Failed, tt.wantChecked, tt.wantFailed)
			}
			if got := findingLines(res.Diags); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			if res.Links != nil {
				t.Error("a link report without a link check")
			}
		})
	}
}

// TestCheckStopped checks that a check whose context is done returns the
// context's cause, and no verdict.
func TestCheckStopped(t *testing.T) {
	s := openAt(t, collection(t, nil))
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	res, err := s.Check(ctx, CheckOptions{})
	if !errors.Is(err, cause) {
		t.Errorf("error %v, want the cause %v", err, cause)
	}
	if res.Checked != 0 || res.Failed || res.Diags != nil {
		t.Errorf("a result %+v from a stopped check", res)
	}
}
