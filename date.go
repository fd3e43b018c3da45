package guides

import (
	"fmt"
	"time"
)

// ParseDate parses a createdAt value: a date "2024-01-26", which is midnight
// UTC of that day, or an RFC 3339 date and time "2024-01-26T09:30:00Z" with
// an optional fraction of a second, "T", "t" or a space between date and
// time, and "Z", "z" or a "+hh:mm" or "-hh:mm" offset. A date and time
// without an offset is taken as UTC, as YAML timestamps are. dateOnly
// reports that no time was given.
//
// Dates that do not exist, such as 2024-02-30, are errors: the old script
// quietly rolled them over into the next month.
func ParseDate(s string) (t time.Time, dateOnly bool, err error) {
	p := dateParser{s: s}
	year := p.digits(4, "a four-digit year")
	p.expect('-')
	month := p.digits(2, "a two-digit month")
	p.expect('-')
	day := p.digits(2, "a two-digit day")
	if p.expected != "" {
		return time.Time{}, false, p.fail()
	}
	if month < 1 || month > 12 {
		return time.Time{}, false, fmt.Errorf("%q is not a date: there is no month %d", s, month)
	}
	if n := daysIn(year, time.Month(month)); day < 1 || day > n {
		return time.Time{}, false, fmt.Errorf("%q is not a date: %s %d has %d days", s, time.Month(month), year, n)
	}
	if p.i == len(s) {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true, nil
	}
	if c := s[p.i]; c != 'T' && c != 't' && c != ' ' {
		return time.Time{}, false, fmt.Errorf("%q is not a date: expected a date such as 2024-01-26 or a time such as 2024-01-26T09:30:00Z", s)
	}
	p.i++
	hour := p.digits(2, "a two-digit hour")
	p.expect(':')
	minute := p.digits(2, "two-digit minutes")
	p.expect(':')
	sec := p.digits(2, "two-digit seconds")
	nsec := 0
	if p.expected == "" && p.i < len(s) && s[p.i] == '.' {
		p.i++
		start := p.i
		for scale := 100_000_000; p.i < len(s) && isDigit(s[p.i]); p.i++ {
			nsec += int(s[p.i]-'0') * scale
			scale /= 10
		}
		if p.i == start {
			p.expected = "digits after the decimal point"
		}
	}
	loc := time.UTC
	if p.expected == "" && p.i < len(s) {
		switch c := s[p.i]; c {
		case 'Z', 'z':
			p.i++
		case '+', '-':
			p.i++
			oh := p.digits(2, "a two-digit offset hour")
			p.expect(':')
			om := p.digits(2, "two-digit offset minutes")
			if p.expected == "" {
				if oh > 23 || om > 59 {
					return time.Time{}, false, fmt.Errorf("%q is not a date: offset out of range", s)
				}
				off := (oh*60 + om) * 60
				if c == '-' {
					off = -off
				}
				loc = time.FixedZone("", off)
			}
		default:
			p.expected = "Z or an offset such as +02:00"
		}
	}
	if p.expected == "" && p.i != len(s) {
		p.expected = "nothing after the time"
	}
	if p.expected != "" {
		return time.Time{}, false, p.fail()
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false, fmt.Errorf("%q is not a date: the time %02d:%02d:%02d does not exist", s, hour, minute, sec)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), false, nil
}

type dateParser struct {
	s string
	i int
	// expected is what was expected where parsing stopped, or "".
	expected string
}

func (p *dateParser) digits(n int, what string) int {
	if p.expected != "" {
		return 0
	}
	v := 0
	for k := 0; k < n; k++ {
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			p.expected = what
			return 0
		}
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
	}
	return v
}

func (p *dateParser) expect(c byte) {
	if p.expected != "" {
		return
	}
	if p.i >= len(p.s) || p.s[p.i] != c {
		p.expected = fmt.Sprintf("%q", c)
		return
	}
	p.i++
}

func (p *dateParser) fail() error {
	return fmt.Errorf("%q is not a date: expected %v at character %d; write a date such as 2024-01-26 or a time such as 2024-01-26T09:30:00Z", p.s, p.expected, p.i+1)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func daysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
