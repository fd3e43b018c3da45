package guides

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		want     string // RFC 3339 in UTC, or "" for an error
		dateOnly bool
		err      string
	}{
		{in: "2024-01-26", want: "2024-01-26T00:00:00Z", dateOnly: true},
		{in: "2024-02-29", want: "2024-02-29T00:00:00Z", dateOnly: true},
		{in: "2000-02-29", want: "2000-02-29T00:00:00Z", dateOnly: true},
		{in: "2024-01-26T09:30:00Z", want: "2024-01-26T09:30:00Z"},
		{in: "2024-01-26t09:30:00z", want: "2024-01-26T09:30:00Z"},
		{in: "2024-01-26 09:30:00Z", want: "2024-01-26T09:30:00Z"},
		{in: "2024-01-26T09:30:00", want: "2024-01-26T09:30:00Z"},
		{in: "2024-01-26T09:30:00+02:00", want: "2024-01-26T07:30:00Z"},
		{in: "2024-01-26T01:00:00-05:30", want: "2024-01-26T06:30:00Z"},
		{in: "2024-01-26T09:30:00.25Z", want: "2024-01-26T09:30:00.25Z"},
		{in: "2024-02-30", err: "February 2024 has 29 days"},
		{in: "2023-02-29", err: "February 2023 has 28 days"},
		{in: "1900-02-29", err: "February 1900 has 28 days"},
		{in: "2024-04-31", err: "April 2024 has 30 days"},
		{in: "2024-13-01", err: "there is no month 13"},
		{in: "2024-00-10", err: "there is no month 0"},
		{in: "2024-01-00", err: "January 2024 has 31 days"},
		{in: "2024-01-26T24:00:00Z", err: "does not exist"},
		{in: "2024-01-26T10:60:00Z", err: "does not exist"},
		{in: "2024-1-26", err: "a two-digit month"},
		{in: "26/01/2024", err: "a four-digit year"},
		{in: "January 26, 2024", err: "a four-digit year"},
		{in: "2024-01-26T10:00", err: "':'"},
		{in: "2024-01-26T10:00:00+0200", err: "':'"},
		{in: "2024-01-26T10:00:00.Z", err: "digits after the decimal point"},
		{in: "2024-01-26 and more", err: "a two-digit hour"},
		{in: "2024-01-26T10:00:00Zjunk", err: "nothing after the time"},
		{in: "", err: "a four-digit year"},
	}
	for _, tt := range tests {
		got, dateOnly, err := ParseDate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDate(%q) error = %v, want one containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q) error = %v", tt.in, err)
			continue
		}
		if s := got.UTC().Format(time.RFC3339Nano); s != tt.want || dateOnly != tt.dateOnly {
			t.Errorf("ParseDate(%q) = %s, %v; want %s, %v", tt.in, s, dateOnly, tt.want, tt.dateOnly)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	f.Add("2024-01-26")
	f.Add("2024-01-26T09:30:00.123+02:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, dateOnly, err := ParseDate(s)
		if err != nil {
			return
		}
		// Whatever is accepted must be what time.Parse reads from the
		// same text in RFC 3339 form.
		layout := time.RFC3339Nano
		norm := strings.Map(func(r rune) rune {
			switch r {
			case 't', ' ':
				return 'T'
			case 'z':
				return 'Z'
			}
			return r
		}, s)
		switch {
		case dateOnly:
			layout = time.DateOnly
		case !strings.ContainsAny(norm[10:], "Z+-"):
			norm += "Z"
		}
		want, err := time.Parse(layout, norm)
		if err != nil {
			t.Fatalf("ParseDate(%q) accepted what time.Parse(%q) rejects: %v", s, norm, err)
		}
		if !got.Equal(want) {
			t.Fatalf("ParseDate(%q) = %v, time.Parse = %v", s, got, want)
		}
	})
}
