package search

import (
	"io/fs"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/testenv"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// stemRoots, stemSuffixes and stemExceptions make the words of
// TestStemAgreement: each root with each suffix the stemmer knows, and the
// stemmer's exceptions.
var (
	stemRoots = strings.Fields(`abate abbey able abroad absorb accept access accord account acid act adapt add address
		adjust admire adopt advance advise affect agree aid aim allocate allow alter amaze analyse analyze announce
		anticipate apply appoint approve argue arise arrange assume attach attempt attend authenticate automate
		balance ban bank bar base battle bear beat become beg begin behave believe belong bend benefit bet bind bite
		bless blow boil bomb book bore borrow bother bounce box brake branch break breed bring broadcast brush bud
		buffer build burn burst bury buy cache calculate call calm cancel care carry catch cause cease change charge
		chat check cheer chop claim clap classify clean clear climb cling clip close coach coalesce code collapse
		collect combine come command commit communicate compact compare compete compile complain complete compress
		compute concern conduct configure confirm connect consider consist construct consume contain continue control
		convert cook cope copy correct cost count cover crack crash create creep critic crop cross crowd crush cry
		cure curl cut damage dance dare deal debug decay decide declare decode decrease defend define delay delete
		deliver demand deny depend deploy derive describe deserve design desire destroy detect determine develop die
		dig direct disagree discover dispatch display distribute dive divide do double doubt drag draw dream dress
		drink drive drop drown dry dump duplicate dye earn eat edit educate elect embed emerge emit employ empty
		enable encode encourage encrypt end enjoy ensure enter equal escape establish evaluate evict examine exceed
		excite execute exist expand expect expire explain explode export express extend extract fail fall fan fasten
		fear feed feel fetch fight file fill filter find finish fit fix flash flee fling float flow fly fold follow
		forbid force forget forgive format forward freeze frighten fry gain gather generate get give glow go govern
		grab grant greet grind grip group grow guard guess guide hand handle hang happen harm hash hate head hear heat
		help hide hit hold hope hop hug hunt hurry hurt identify ignore imagine impact implement imply import impose
		improve include increase index indicate infer inform inherit inject insert insist install intend interact
		introduce invent invest invite involve isolate issue join joke judge jump justify keep key kick kill kiss kneel
		knit knock know label land last laugh launch lay lead lean leap learn lease leave lend let lie lift light like
		limit link list listen live load lock log look lose love maintain make manage map mark marry match matter mean
		measure meet melt merge migrate mind mine miss mix model modify monitor move multiply nest network normalize
		note notice obey object observe obtain occur offer open operate optimize order organize overflow own pack
		paint park parse partition pass patch pause pay perform permit persist pick pipe place plan play please plug
		point poll pool post pour practise praise pray prefer prepare present preserve press prevent print process
		produce program promise protect prove provide publish pull pump punish purge push put query queue quit race
		rain raise rank rate reach read realize rebuild receive recognize record recover reduce refer reflect refresh
		refuse regard register reject relate relax release rely remain remember remove render rent repair repeat
		replace replicate reply report represent request require rescue reserve reset resist resolve respond rest
		restore result retain retire retry return reveal reverse review ride ring rise roll rotate route rub rule run
		rush save say scale scan schedule score scratch search seek seem select sell send sense separate serve set
		settle shake shape share shard shine shoot shout show shrink shut sign signal sing sink sit skip sleep slide
		slip smell smile snap solve sort sound spare speak specify speed spell spend spill spin split spoil spread
		spring stand stare start state stay steal step stick sting stir stop store stream stress strike string strip
		structure study submit succeed suffer suggest supply support suppose surround survive suspect swap swear
		sweep swim swing switch sync take talk taste teach tear tell tend test thank think throw tie token track trade
		train transfer transform translate trap travel treat trigger trust try turn type understand unify update
		upgrade upload use validate value vary verify view visit vote wait wake walk want warn wash watch wave wear
		weave weep weigh welcome win wind wipe wish withdraw wonder work worry wrap write yield zip`)
	stemSuffixes = strings.Fields(`s es ed ing ly er ers est ness ful fully fulness less lessly ment ments ation
		ations ational tional ization izer izing ize izes ise ised ism ist ists ity ities ive ively iveness ivity
		able ably ability ible ibly al ally alism ality alize ance ances ence ences ency ent ently ant ator ous
		ously ousness ic ical ically icate ication y ies ied ier iest ily ery ory ling ship 's s' '`)
	stemExceptions = strings.Fields(`skis skies sky idly gently ugly early only singly news howe atlas cosmos
		bias andes dying lying tying inning innings outing outings canning cannings herring herrings earring
		earrings proceed proceeding exceed exceeding succeed succeeding generous generously communism arsenal
		commune 'tis ''s a' y ys yy ay aye by cry cries ties pies gas gaps kiwis this hopping hoping fizzed
		luxuriate traditional`)
)

// stemWords returns a large list of English-like words: roots with every
// suffix the stemmer knows, the stemmer's exceptions, and random strings
// of letters that exercise its rules. A sample takes every fourth root
// and a tenth of the random strings.
func stemWords(sample bool) []string {
	rootStep, random := 1, 20000
	if sample {
		rootStep, random = 4, 2000
	}
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for i := 0; i < len(stemRoots); i += rootStep {
		r := stemRoots[i]
		add(r)
		for _, s := range stemSuffixes {
			add(r + s)
			if strings.HasSuffix(r, "e") {
				add(r[:len(r)-1] + s)
			}
		}
	}
	for _, w := range stemExceptions {
		add(w)
	}
	r := rand.New(rand.NewPCG(1, 2))
	const letters = "aeiouybcdglmnrstwxz'"
	for range random {
		n := 1 + r.IntN(12)
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		add(string(b))
	}
	return out
}

// TestStemAgreement checks the script's stemmer against the Go library on
// some 87,000 words with GUIDES_TEST_ALL=1, and on a sample of some 19,000
// otherwise.
func TestStemAgreement(t *testing.T) {
	t.Parallel() // most of its time is Node.js's or Chromium's
	words := stemWords(!testenv.All())
	env := snowballstem.NewEnv("")
	want := make([]string, len(words))
	for i, w := range words {
		env.SetCurrent(w)
		english.Stem(env)
		want[i] = env.Current()
	}
	var got []string
	runJS(t, words, `result = input.map(GuidesSearch.stem);`, &got)
	if len(got) != len(words) {
		t.Fatalf("%d stems for %d words", len(got), len(words))
	}
	bad := 0
	for i, w := range words {
		if got[i] != want[i] {
			if bad++; bad <= 20 {
				t.Errorf("stem(%q): the script says %q, the library %q", w, got[i], want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words stem differently", bad, len(words))
	}
	t.Logf("%d words stem alike", len(words))
}

// tokenTexts returns texts to split: tricky cases, the guides of
// testdata/collection.txtar, and random strings of many scripts.
func tokenTexts(t *testing.T) []string {
	texts := []string{
		"", "TCP", "tcp/ip", "Node.js and ASP.NET", "e.g. 3.14 v1.2.3 1,000,000", "don't stop O’Reilly's books",
		"rock'n'roll a''b 'quoted' users'", "snake_case CamelCase kebab-case", "C++ C# F#", "Crème Brûlée",
		"ﬁle ＴＣＰ Ⅻ ½", "ΟΔΟΣ Σίσυφος", "İstanbul ǅemal", "Straße", "東京タワーに行きました。", "日本語のテキスト",
		"ภาษาไทย ງາມ ខ្មែរ မြန်မာ", "한국어 텍스트", "Привет, мир!", "مرحبا بالعالم", "שלום עולם",
		"soft\u00adhyphen zero\u200bwidth joiner\u200dtest", "emoji 👍🏽 test 🇫🇷 flags", "tab\tand\nnew line",
		"End. Next sentence! Question? Semi; colon: done", "a.b:c;d!e?f", "x\r\ny", strings.Repeat("long", 12) + " word",
		"ｶﾞｷﾞ ｰ カー", "々 〆 ヶ", "a\u0301b\u0300c", "\u0301start", "12abc abc12 ２０２４",
	}
	fixture := fixtureFS(t)
	for _, name := range slices.Sorted(maps.Keys(fixture)) {
		if strings.HasPrefix(name, "data/guides/") {
			texts = append(texts, string(fixture[name].Data))
		}
	}
	ascii := []rune("aZ09 '.:_-,\n\t")
	ar := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		n := 1 + ar.IntN(16)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = ascii[ar.IntN(len(ascii))]
		}
		texts = append(texts, string(rs))
	}
	pool := []rune("aAbBeEéÉüßıİσςΣжЖ東京語はタワーーｶﾞ한국ไทย0123456789 .,;:!?'’‘“”–—…\u00a0\"-_/\n\t()[]#@+\u00ad\u200d\u0301👍🏽")
	r := rand.New(rand.NewPCG(3, 4))
	// English with the punctuation of typography, and a word of another
	// script here and there.
	quick := []rune("aZ09 '’‘“”–—…\u00a0.\né\u0301")
	q := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		rs := make([]rune, 1+q.IntN(24))
		for i := range rs {
			rs[i] = quick[q.IntN(len(quick))]
		}
		texts = append(texts, string(rs))
	}
	for range 3000 {
		n := 1 + r.IntN(24)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = pool[r.IntN(len(pool))]
		}
		texts = append(texts, string(rs))
	}
	return texts
}

// TestTokenAgreement checks that the script splits texts into the same
// tokens as Analyzer: the same terms, words, text and positions.
func TestTokenAgreement(t *testing.T) {
	t.Parallel() // most of its time is Node.js's or Chromium's
	texts := tokenTexts(t)
	var got [][]jsToken
	runJS(t, texts, jsTokens, &got)
	if len(got) != len(texts) {
		t.Fatalf("%d results for %d texts", len(got), len(texts))
	}
	bad := 0
	for i, s := range texts {
		want := goTokens(s)
		if !sameTokens(got[i], want) {
			if bad++; bad <= 10 {
				t.Errorf("tokens of %q:\nscript %v\ngo     %v", s, got[i], want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts split differently", bad, len(texts))
	}
}

func sameTokens(a, b []jsToken) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// rankCase is a query and what a ranking of it gives.
type rankCase struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	Tag      string `json:"tag"`
}

type rankResult struct {
	Top      [][3]int64 `json:"top"`     // the first ten, sorted alone
	Results  [][3]int64 `json:"results"` // doc, score, matched
	Excerpts []string   `json:"excerpts"`
}

// marked writes an excerpt with its marks as [brackets].
func marked(e Excerpt) string {
	var b strings.Builder
	at := 0
	for _, m := range e.Marks {
		b.WriteString(e.Text[at:m[0]])
		b.WriteString("[" + e.Text[m[0]:m[1]] + "]")
		at = m[1]
	}
	b.WriteString(e.Text[at:])
	return b.String()
}

// jsIndexOfFiles opens, in the script, the index whose files input.files
// holds, base64-encoded, by name.
const jsIndexOfFiles = `
var files = input.files;
var ix = new GuidesSearch.Index("", function (name) {
  var s = atob(files[name]);
  var a = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return Promise.resolve(a.buffer);
});
`

const jsRank = jsIndexOfFiles + `
result = [];
for (var q of input.queries) {
  var r = await ix.search(q);
  var top = r.results.slice(0, 10); // sorts only the first results
  var shown = await ix.docs(r.plan, top);
  result.push({
    top: top.map(function (x) { return [x.doc, x.score, x.matched]; }),
    results: r.results.slice(0).map(function (x) { return [x.doc, x.score, x.matched]; }),
    excerpts: shown.map(function (d) {
      var e = d.excerpt, out = "", at = 0;
      e.marks.forEach(function (m) { out += e.text.slice(at, m[0]) + "[" + e.text.slice(m[0], m[1]) + "]"; at = m[1]; });
      return out + e.text.slice(at);
    })
  });
}`

// rankQueries are queries on the collections the agreement tests use:
// words, words being typed, pairs, filters, other scripts, nothing.
func rankQueries(c *guides.Collection) []rankCase {
	qs := []rankCase{}
	for _, s := range []string{"tcp", "TCP", "cache", "cach", "caching", "ca", "c", "rate limiting", "rate lim",
		"consistent hashing", "hash ring", "the", "the cache", "replication lag", "leader election lease",
		"retries backoff jitter", "zzz", "tcp zzz", "tcp ", "cache queue", "queue cache", "leader lease",
		"bloom filter", "circuit breaker", "token bucket", "Cache-Aside", "write-through", "東京", "b-tree",
		"idempotency keys", "DNS", "dns resolution works", "http keep alive", "pool", "connection pooling", "",
		"cachng", "chache", "consistnt hashing", "replicaton lag", "idempotancy", "retires backof", "lead",
		`"rate limiting"`, `"limiting rate"`, `"leader election`, `tcp "three-way handshake"`, "t", "r", "l",
		"tcp vs udp", "the cache of the dns", "vs", "base de données", "tcp zzzz", "cache zzzzzzzz"} {
		qs = append(qs, rankCase{Text: s})
	}
	for _, cat := range c.Categories {
		qs = append(qs, rankCase{Text: "cache", Category: cat.ID}, rankCase{Category: cat.ID})
	}
	seen := map[string]bool{}
	for _, g := range c.Guides {
		for _, tag := range g.Tags {
			if k := guides.TagKey(tag); !seen[k] && len(seen) < 5 {
				seen[k] = true
				qs = append(qs, rankCase{Tag: k}, rankCase{Text: "the", Tag: k}, rankCase{Text: "re", Category: g.Categories[0], Tag: k})
			}
		}
	}
	return qs
}

// TestRankAgreement builds the static index of the collection of
// testdata/collection.txtar and of a synthetic one (of 600 guides with
// GUIDES_TEST_ALL=1, 200 otherwise), runs queries through the site's
// script reading the files, and expects the ranking of the index in Go:
// every result with its score, and the excerpts of the first ten.
func TestRankAgreement(t *testing.T) {
	t.Parallel() // most of its time is Node.js's or Chromium's
	synthetic := 200
	if testenv.All() {
		synthetic = 600
	}
	for _, coll := range []struct {
		name string
		fsys fs.FS
		over bool
	}{{"fixture", fixtureFS(t), false}, {"synthetic", synthFS(t, synthetic), true}} {
		t.Run(coll.name, func(t *testing.T) {
			c, docs := collectionDocs(t, coll.fsys)
			ix := Build(docs)
			files := staticFiles(t, ix, c)
			if coll.over {
				// The files of the synthetic collection are written over
				// those of an earlier version of it, as a site's update
				// writes them: the script finds them in several folders.
				earlier := slices.Clone(docs)
				earlier[3].Title += " and queues"
				earlier[5].Body = earlier[5].Body[:len(earlier[5].Body)/2]
				files = staticFilesOver(t, Build(earlier), ix, c)
			}
			queries := rankQueries(c)
			var got []rankResult
			runJS(t, map[string]any{"files": base64Files(files), "queries": queries}, jsRank, &got)
			if len(got) != len(queries) {
				t.Fatalf("%d results for %d queries", len(got), len(queries))
			}
			for i, q := range queries {
				want := ix.Search(Query(q))
				p := ix.Plan(Query(q))
				w := rankResult{Top: [][3]int64{}, Results: [][3]int64{}, Excerpts: []string{}}
				for k, r := range want {
					w.Results = append(w.Results, [3]int64{int64(r.Doc), r.Score, int64(r.Matched)})
					if k < 10 {
						w.Top = append(w.Top, [3]int64{int64(r.Doc), r.Score, int64(r.Matched)})
						w.Excerpts = append(w.Excerpts, marked(ix.Excerpt(p, r.Doc)))
					}
				}
				if diff := cmp.Diff(w, got[i]); diff != "" {
					t.Errorf("query %+v: the script ranks differently (-go +script):\n%s", q, diff)
				}
			}
		})
	}
}
