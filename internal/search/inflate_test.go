package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestScriptGunzip decompresses, with the script's own inflater (which
// browsers without DecompressionStream use), gzip files Go wrote: at
// every level, stored blocks among them, of text, of random bytes and of
// long runs, small and large.
func TestScriptGunzip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	texts := map[string][]byte{
		"empty": {},
		"text":  bytes.Repeat([]byte("cache queue leader lease bloom filter "), 900),
		"runs":  bytes.Repeat([]byte{0}, 70_000),
	}
	noise := make([]byte, 50_000)
	for i := range noise {
		noise[i] = byte(r.IntN(256))
	}
	texts["noise"] = noise
	mixed := make([]byte, 0, 200_000)
	for len(mixed) < 200_000 {
		if r.IntN(2) == 0 {
			mixed = append(mixed, noise[:r.IntN(300)]...)
		} else {
			mixed = append(mixed, texts["text"][:r.IntN(3000)]...)
		}
	}
	texts["mixed"] = mixed
	in := map[string][]byte{}
	for name, data := range texts {
		for _, level := range []int{gzip.NoCompression, gzip.BestSpeed, 2, gzip.DefaultCompression, gzip.BestCompression, gzip.HuffmanOnly} {
			var b bytes.Buffer
			zw, err := gzip.NewWriterLevel(&b, level)
			if err != nil {
				t.Fatal(err)
			}
			zw.Write(data)
			zw.Close()
			in[fmt.Sprintf("%s/%d", name, level)] = b.Bytes()
		}
	}
	var got map[string][]byte
	runJS(t, base64Files(in), `
result = {};
for (var name in input) {
  var s = atob(input[name]), a = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  var out = GuidesSearch.gunzip(a.buffer), bin = "";
  for (var k = 0; k < out.length; k++) bin += String.fromCharCode(out[k]);
  result[name] = btoa(bin);
}`, &got)
	for name := range in {
		want := texts[name[:strings.IndexByte(name, '/')]]
		if !bytes.Equal(got[name], want) {
			t.Errorf("%s: the script gives %d bytes, want %d", name, len(got[name]), len(want))
		}
	}
}
