//go:build race

package markdown

// raceEnabled reports whether the tests run with the race detector, which
// makes timings meaningless.
const raceEnabled = true
