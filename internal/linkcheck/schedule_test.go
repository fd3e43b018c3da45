package linkcheck

import (
	"fmt"
	"math"
	"testing"
)

// simulate runs the scheduler's choice of hosts (pick) on hosts with the
// given numbers of URLs, every request taking one round, and returns the
// rounds it takes to request them all, and the most hosts busy at once.
func simulate(perHost, concurrency int, sizes []int) (rounds, busiest int) {
	s := &scheduler{c: &Checker{opts: Options{PerHost: perHost, Concurrency: concurrency}.withDefaults()}}
	left := 0
	for i, n := range sizes {
		h := &host{key: fmt.Sprint(i), listed: true}
		for range n {
			h.pending = append(h.pending, &task{})
		}
		s.order = append(s.order, h)
		left += n
	}
	var running []*host // the requests of this round, by host
	for left > 0 {
		for len(running) < concurrency {
			h := s.pick()
			if h == nil {
				break
			}
			h.pending = h.pending[1:]
			h.inflight++
			running = append(running, h)
		}
		busy := map[*host]bool{}
		for _, h := range running {
			busy[h] = true
			h.inflight--
			left--
		}
		busiest = max(busiest, len(busy))
		running = running[:0]
		rounds++
	}
	return rounds, busiest
}

// TestScheduleRounds checks that the choice of hosts comes within a round
// or two of the fewest rounds the limits allow, whatever the shape of the
// URLs, and keeps few hosts busy when the global limit binds anyway.
func TestScheduleRounds(t *testing.T) {
	repeat := func(n, size int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = size
		}
		return s
	}
	tests := []struct {
		name       string
		sizes      []int
		maxBusiest int // the most hosts that may be busy at once
	}{
		{"one image host and ten others", append([]int{400}, repeat(10, 5)...), 11},
		{"the image host seen last", append(repeat(10, 5), 400), 11},
		{"ten hosts of a hundred", repeat(10, 100), 10},
		{"sixteen hosts", repeat(16, 28), 8},
		{"a hundred hosts of a hundred", repeat(100, 100), 8},
		{"three big hosts and many small", append(repeat(100, 2), 150, 150, 150), 32},
		{"one URL per host", repeat(500, 1), 32},
		{"two big hosts of different sizes", []int{300, 100, 20, 20}, 4},
	}
	for _, tt := range tests {
		total, most := 0, 0
		for _, n := range tt.sizes {
			total += n
			most = max(most, n)
		}
		floor := int(math.Ceil(max(float64(total)/32, float64(most)/4)))
		rounds, busiest := simulate(4, 32, tt.sizes)
		t.Logf("%s: %d rounds, at least %d; at most %d hosts busy at once", tt.name, rounds, floor, busiest)
		if rounds > floor+2 {
			t.Errorf("%s: %d rounds, the limits allow %d", tt.name, rounds, floor)
		}
		if busiest > tt.maxBusiest {
			t.Errorf("%s: %d hosts busy at once, want at most %d", tt.name, busiest, tt.maxBusiest)
		}
	}
}
