package load

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestLoadInChild loads the collection that BenchmarkLoadProcess names in
// its environment; run on its own, it is skipped.
func TestLoadInChild(t *testing.T) {
	dir := os.Getenv("GUIDES_BENCH_LOAD_DIR")
	if dir == "" {
		t.Skip("run by BenchmarkLoadProcess")
	}
	opts := Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", plainMemory: os.Getenv("GUIDES_BENCH_LOAD_PLAIN") == "1"}
	if _, diags, err := LoadDir(dir, opts); err != nil || diags.HasErrors() {
		t.Fatalf("load: %v, %d findings", err, len(diags))
	}
}

// BenchmarkLoadProcess loads synthetic collections in a fresh process each
// time, in each memory mode, as every command does: every page the load
// fills is new to the process. It reports the processor time of the
// process (user and system) and its peak resident memory, besides the
// wall time; the start of the test binary counts in all three, alike for
// both modes.
func BenchmarkLoadProcess(b *testing.B) {
	for _, n := range memoryBenchSizes() {
		dir := writeSynth(b, n)
		for _, mode := range memoryModes {
			b.Run(fmt.Sprintf("guides=%d/%s", n, mode.name), func(b *testing.B) {
				plain := "0"
				if mode.plain {
					plain = "1"
				}
				var cpu time.Duration
				var peak int64
				for b.Loop() {
					cmd := exec.Command(os.Args[0], "-test.run=^TestLoadInChild$")
					cmd.Env = append(os.Environ(), "GUIDES_BENCH_LOAD_DIR="+dir, "GUIDES_BENCH_LOAD_PLAIN="+plain)
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("%v\n%s", err, out)
					}
					cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
					peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10)
				}
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(peak), "peak-RSS-B")
			})
		}
	}
}
