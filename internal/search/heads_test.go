package search

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// headCases are lists of shard heads as an index may have them: keys
// sharing letters of one byte, of several, and beyond the Basic
// Multilingual Plane (two UTF-16 units in the script), keys whose postings
// fill several shards, and keys that are prefixes of the next.
var headCases = map[string]shardHeads{
	"none":   {},
	"ascii":  {{Key: "cache"}, {Key: "cache queue"}, {Key: "cached", Cont: true}, {Key: "cached", Cont: true}, {Key: "caching"}},
	"accent": {{Key: "donn"}, {Key: "donné"}, {Key: "données"}, {Key: "donnée", Cont: true}},
	"wide":   {{Key: "데이터"}, {Key: "데이터베이스"}, {Key: "데이"}, {Key: "𝄞𝄞a"}, {Key: "𝄞𝄞b"}, {Key: "𝄞𝄠"}, {Key: "𝄞𝄠", Cont: true}, {Key: "𝄞𝄠", Cont: true}},
	"empty":  {{Key: ""}, {Key: "a"}, {Key: ""}},
}

// TestShardHeads writes lists of heads front-coded and reads them back,
// in Go and in the site's script.
func TestShardHeads(t *testing.T) {
	in := map[string]json.RawMessage{}
	for name, hs := range headCases {
		data := writeReadHeads(t, hs)
		if n := strings.Count(string(data), "["); n > len(hs)+1 {
			t.Errorf("%s: %d lists for %d heads: repeated heads are not written once", name, n-1, len(hs))
		}
		in[name] = data
	}
	var got map[string][][2]any
	runJS(t, in, `
result = {};
for (var name in input) {
  var m = new TextEncoder().encode(JSON.stringify({post: input[name]}));
  var ix = new GuidesSearch.Index("", function () { return Promise.resolve(m.buffer); });
  await ix.open();
  result[name] = ix.manifest.post;
}`, &got)
	for name, hs := range headCases {
		var want [][2]any
		for _, h := range hs {
			c := 0.0
			if h.Cont {
				c = 1
			}
			want = append(want, [2]any{h.Key, c})
		}
		if diff := cmp.Diff(want, got[name], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: the script reads (-want +got):\n%s", name, diff)
		}
	}
}

// TestShardHeadsRefused reads forged lists of heads.
func TestShardHeadsRefused(t *testing.T) {
	for _, bad := range []string{
		`[[0,"a"]]`,
		`[[0,"a",2]]`,
		`[[0,"a",0,0]]`,
		`[[0,"a",0,1,1]]`,
		`[[0,"a",0],[2,"b",0]]`,
		`[[-1,"a",0]]`,
		`[[0,"a",0,1048577]]`,
		`[[0,"a",0,1048576],[0,"b",0]]`,
		`{}`,
	} {
		var hs shardHeads
		if err := json.Unmarshal([]byte(bad), &hs); err == nil {
			t.Errorf("%s: read %d heads, want an error", bad, len(hs))
		}
	}
}

// FuzzShardHeads reads lists of heads: what is read is written back and
// read again the same, and nothing makes the reader fail otherwise than
// with an error.
func FuzzShardHeads(f *testing.F) {
	for _, hs := range headCases {
		data, _ := json.Marshal(hs)
		f.Add(data)
	}
	f.Add([]byte(`[[0,"a",0,3],[1,"é",1],[2,"𝄞",0]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var hs shardHeads
		if json.Unmarshal(data, &hs) != nil {
			return
		}
		writeReadHeads(t, hs)
	})
}

// writeReadHeads writes hs, reads it back, and returns what it wrote.
func writeReadHeads(t *testing.T, hs shardHeads) []byte {
	t.Helper()
	data, err := json.Marshal(hs)
	if err != nil {
		t.Fatal(err)
	}
	var back shardHeads
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("%v, written as %s, is refused: %v", hs, data, err)
	}
	if diff := cmp.Diff([]shardHead(hs), []shardHead(back), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s read back (-written +read):\n%s", data, diff)
	}
	return data
}
