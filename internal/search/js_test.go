package search

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides/internal/testenv"
)

// The site's script must split and rank exactly as the terminal does. These
// tests run engine.js on the same input as the Go code and compare: under
// Node.js when it is installed, else in headless Chromium; they are skipped
// when neither is, or fail then under GUIDES_TEST_ALL=1.

// runJS runs program, JavaScript that ends by setting the variable result,
// after engine.js, with the variable input set to in; it decodes result
// into out.
func runJS(t *testing.T, in any, program string, out any) {
	t.Helper()
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inPath := filepath.Join(dir, "input.json")
	if err := os.WriteFile(inPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var res []byte
	if node, err := exec.LookPath("node"); err == nil {
		script := string(Script()) + "\nvar input = JSON.parse(require('fs').readFileSync(" + jsString(inPath) + ", 'utf8'));\nvar result;\n(async function () {\n" + program + "\nrequire('fs').writeFileSync(" + jsString(filepath.Join(dir, "out.json")) + ", JSON.stringify(result));\n})().catch(function (e) { console.error(e); process.exit(1); });\n"
		path := filepath.Join(dir, "run.js")
		if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, path)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("node: %v\n%s", err, msg)
		}
		if res, err = os.ReadFile(filepath.Join(dir, "out.json")); err != nil {
			t.Fatal(err)
		}
	} else {
		res = runChromium(t, string(Script())+"\nvar input = "+string(data)+";\nvar result;\n(async function () {\n"+program+"\nreturn JSON.stringify(result);\n})()")
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("the script's result: %v", err)
	}
}

// runChromium evaluates a script that resolves to a string in a blank page
// of headless Chromium.
func runChromium(t *testing.T, script string) []byte {
	t.Helper()
	ctx, stop := startChromium(t)
	defer stop()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}

// startChromium starts headless Chromium on a blank page, or skips the
// test when there is none.
func startChromium(t testing.TB) (context.Context, func()) {
	t.Helper()
	browser := testenv.FindChromium()
	if browser == "" {
		testenv.Missing(t, "no Chromium found (nor Node.js, for the comparisons): install Debian's chromium or nodejs package")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-timer-throttling", true), chromedp.Flag("disable-renderer-backgrounding", true), chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting %s: %v", browser, err)
	}
	return ctx, func() { cancel(); cancelAlloc() }
}

// evalInPage evaluates a script that resolves to numbers in a fresh blank
// page.
func evalInPage(t testing.TB, ctx context.Context, script string) []float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank#"+strconv.Itoa(int(time.Now().UnixNano())))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsToken is a token as the script gives it, with its text instead of its
// offsets, which count UTF-16 code units there and bytes here.
type jsToken struct {
	Term string `json:"term"`
	Word string `json:"word"`
	Text string `json:"text"`
	Pos  int    `json:"pos"`
}

func goTokens(s string) []jsToken {
	out := []jsToken{}
	for _, t := range NewAnalyzer().Tokens(s) {
		out = append(out, jsToken{t.Term, t.Word, s[t.Start:t.End], t.Pos})
	}
	return out
}

const jsTokens = `result = input.map(function (s) {
  return GuidesSearch.tokens(s).map(function (t) {
    return {term: t.term, word: t.word, text: s.slice(t.start, t.end), pos: t.pos};
  });
});`
