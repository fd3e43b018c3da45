// The search engine of the site: it splits queries into words exactly as
// the index was split (package search: analyze.go), reads the shards of the
// static index that a query needs (files.go), and ranks as the terminal
// does (rank.go). It needs no page: the site's script drives it, and the
// tests run it beside the Go engine to check that both agree.
var GuidesSearch = (function () {
  "use strict";

  // ---- Words (analyze.go) ----

  var DENSE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u30fc\uff70]/u;
  var LETTER = /[\p{L}\p{N}]/u;
  var ASCII = /^[\x00-\x7f]*$/;
  var STEMMABLE = /^[a-z0-9']*$/;
  var MAX_WORD = 40;
  // The segmenter is made when text that is not ASCII first needs it:
  // making one costs tens of milliseconds, which every page that loads
  // this script would otherwise pay as it loads.
  var segmenter;
  function getSegmenter() {
    if (segmenter === undefined) {
      segmenter = typeof Intl !== "undefined" && Intl.Segmenter
        ? new Intl.Segmenter("en", { granularity: "word" })
        : null;
    }
    return segmenter;
  }
  var cache = new Map();

  function fold(s) {
    if (ASCII.test(s)) return s.toLowerCase();
    s = s.normalize("NFKD").replace(/[\u0300-\u036f\p{Cf}]/gu, "");
    s = s.toLowerCase().replace(/\u03c2/g, "\u03c3").replace(/\u2019/g, "'");
    return s.normalize("NFC");
  }

  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
      else { n++; i++; }
    }
    return n;
  }

  // word returns [term, word] for a piece of text, or null.
  // word returns [term, word] for a piece of text, or null. When want is
  // given and says no to the word's first character, the term is left
  // out (""), and nothing is remembered: stemming is most of the cost of
  // splitting a text, and an excerpt needs the terms of the words that may
  // match only, whose first character is their term's.
  function word(piece, want) {
    var e = cache.get(piece);
    if (e !== undefined) return e;
    e = null;
    if (LETTER.test(piece) && codePoints(piece) <= MAX_WORD) {
      var folded = fold(piece);
      var w = folded.replace(/'/g, "");
      if (want && w !== "" && !want(w.charCodeAt(0))) return ["", w];
      var term = w;
      if (STEMMABLE.test(folded)) {
        var st = stem(folded).replace(/'/g, "");
        if (st !== w) term = st;
      }
      if (term !== "") e = [term, w];
    }
    if (cache.size > 50000) cache.clear();
    cache.set(piece, e);
    return e;
  }

  function isBreak(gap) {
    for (var i = 0; i < gap.length; i++) {
      var c = gap[i];
      if (c === "\n") return true;
      if (".!?;:".indexOf(c) >= 0 && i + 1 < gap.length && " \t\r\n".indexOf(gap[i + 1]) >= 0) return true;
    }
    return false;
  }

  // tokens returns the tokens of s: {term, word, start, end, pos}, with
  // offsets in UTF-16 code units.
  function tokens(s, want) {
    var out = [];
    var pos = 0, last = 0;
    function emit(term, w, start, end) {
      if (out.length > 0 && start > last && isBreak(s.slice(last, start))) pos++;
      out.push({ term: term, word: w, start: start, end: end, pos: pos });
      pos++;
      last = end;
    }
    var runs = new RegExp(DENSE.source + "+", "gu");
    var at = 0, m;
    while ((m = runs.exec(s)) !== null) {
      if (m.index > at) words(s, at, m.index, emit, want);
      var chars = [];
      for (var k = m.index; k < m.index + m[0].length;) {
        var c = String.fromCodePoint(s.codePointAt(k));
        chars.push([k, c]);
        k += c.length;
      }
      dense(chars, m.index, m.index + m[0].length, emit);
      at = m.index + m[0].length;
    }
    if (at < s.length) words(s, at, s.length, emit, want);
    return out;
  }

  var SIMPLE = /^[A-Za-z0-9]+$/;

  // unstemmed says no to every word: tokens(s, unstemmed) leaves out the
  // terms of words.
  function unstemmed() { return false; }

  // asciiWords splits ASCII text, and the characters of QUICK, as UAX #29
  // and the splitting after it do, without the cost of a segmenter: a word
  // is a run of letters and digits, with an apostrophe (' or ’) inside it
  // only between two letters or two digits (rules WB6, WB7, WB11 and
  // WB12).
  function asciiWords(text, base, emit, want) {
    var n = text.length, i = 0;
    while (i < n) {
      if (!isAlnum(text.charCodeAt(i))) { i++; continue; }
      var j = i + 1;
      for (;;) {
        while (j < n && isAlnum(text.charCodeAt(j))) j++;
        var q = text.charCodeAt(j);
        if (j + 1 < n && (q === 39 || q === 0x2019)) {
          var a = kind(text.charCodeAt(j - 1)), b = kind(text.charCodeAt(j + 1));
          if (a !== 0 && a === b) { j += 2; continue; }
        }
        break;
      }
      var e = word(text.slice(i, j), want);
      if (e) emit(e[0], e[1], base + i, base + j);
      i = j;
    }
  }

  function isAlnum(c) { return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }

  // kind is 1 for a letter, 2 for a digit, 0 for anything else.
  function kind(c) { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c >= 48 && c <= 57 ? 2 : 0; }
  var PIECES = /[\p{L}\p{N}\p{M}\p{Cf}'\u2019]+/gu;

  // Text outside ASCII needs the segmenter only in part. UAX #29 breaks
  // words before and after white space (a mark after a space joins the
  // space, which makes no word), so each stretch between white space that
  // holds a character outside ASCII is segmented alone, with the space
  // before it; and a stretch whose only such characters are those of
  // QUICK needs no segmenter either: the right single quotation mark is
  // an apostrophe, as ' is (MidNumLet), and the others are never part of
  // a word. Making a segmenter, and going through its segments, costs far
  // more than the splitting of ASCII text.
  var QUICK = /^[\x00-\x7f\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/;
  var NON_ASCII = /[^\x00-\x7f]/g;

  function isSpace(c) { return c === 32 || (c >= 9 && c <= 13); }

  function words(s, start, end, emit, want) {
    var text = s.slice(start, end);
    if (QUICK.test(text)) {
      asciiWords(text, start, emit, want);
      return;
    }
    var at = 0, m;
    NON_ASCII.lastIndex = 0;
    while ((m = NON_ASCII.exec(text)) !== null) {
      var a = m.index, b = a + 1;
      while (a > at && !isSpace(text.charCodeAt(a - 1))) a--;
      if (a > at) a--; // the space before
      while (b < text.length && !isSpace(text.charCodeAt(b))) b++;
      if (a > at) asciiWords(text.slice(at, a), start + at, emit, want);
      var piece = text.slice(a, b);
      if (QUICK.test(piece)) asciiWords(piece, start + a, emit, want);
      else segmentWords(piece, start + a, emit, want);
      at = b;
      NON_ASCII.lastIndex = b;
    }
    if (at < text.length) asciiWords(text.slice(at), start + at, emit, want);
  }

  // segmentWords splits text, which starts at start in the whole, with the
  // segmenter.
  function segmentWords(text, start, emit, want) {
    var seg0 = getSegmenter();
    var segs = seg0 ? seg0.segment(text) : [{ segment: text, index: 0 }];
    for (var seg of segs) {
      var w = seg.segment, base = start + seg.index;
      if (SIMPLE.test(w)) {
        var e = word(w, want);
        if (e) emit(e[0], e[1], base, base + w.length);
        continue;
      }
      PIECES.lastIndex = 0;
      var m;
      while ((m = PIECES.exec(w)) !== null) {
        var p = word(m[0], want);
        if (p) emit(p[0], p[1], base + m.index, base + m.index + m[0].length);
      }
    }
  }

  function dense(chars, start, end, emit) {
    var prev = null, prevStart = -1;
    for (var x of chars) {
      var c = fold(x[1]);
      if (prevStart >= 0) emit(prev + c, prev + c, prevStart, x[0] + x[1].length);
      prev = c;
      prevStart = x[0];
    }
    if (chars.length === 1) emit(prev, prev, start, end);
  }

  // ---- The English (Porter2) stemmer of Snowball ----

  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EXCEPTIONS2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };

  function isVowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }

  function stem(w) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, w)) return EXCEPTIONS[w];
    if (w.length < 3) return w;
    if (w[0] === "'") w = w.slice(1);
    // Mark consonant y as Y.
    var a = w.split("");
    for (var i = 0; i < a.length; i++) {
      if (a[i] === "y" && (i === 0 || isVowel(a[i - 1]))) a[i] = "Y";
    }
    w = a.join("");
    var r1 = region(w, 0);
    if (/^(gener|commun|arsen)/.test(w)) r1 = w.match(/^(gener|commun|arsen)/)[0].length;
    var r2 = region(w, r1);

    // Step 0
    w = w.replace(/('s'|'s|')$/, "");
    // Step 1a
    var m;
    if ((m = /sses$/.exec(w))) w = w.slice(0, -4) + "ss";
    else if ((m = /(ied|ies)$/.exec(w))) w = w.slice(0, -3) + (w.length - 3 > 1 ? "i" : "ie");
    else if (/(us|ss)$/.test(w)) { /* unchanged */ }
    else if (/s$/.test(w)) {
      var before = w.slice(0, -2);
      if (/[aeiouy]/.test(before)) w = w.slice(0, -1);
    }
    if (EXCEPTIONS2[w]) return w;
    // Step 1b
    if ((m = /(eedly|eed)$/.exec(w))) {
      if (w.length - m[1].length >= r1) w = w.slice(0, -m[1].length) + "ee";
    } else if ((m = /(ingly|edly|ing|ed)$/.exec(w))) {
      var stemPart = w.slice(0, -m[1].length);
      if (/[aeiouy]/.test(stemPart)) {
        w = stemPart;
        if (/(at|bl|iz)$/.test(w)) w += "e";
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (isShort(w, r1)) w += "e";
      }
    }
    // Step 1c
    if (w.length > 2 && /[yY]$/.test(w) && !isVowel(w[w.length - 2])) {
      w = w.slice(0, -1) + "i";
    }
    // Step 2
    var s2 = [
      ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
      ["entli", "ent"], ["ization", "ize"], ["izer", "ize"], ["ation", "ate"], ["ator", "ate"],
      ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"],
      ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"],
      ["fulli", "ful"], ["lessli", "less"], ["ogi", "og"], ["li", ""]
    ];
    var best = longest(w, s2);
    if (best && w.length - best[0].length >= r1) {
      var pre = w.slice(0, -best[0].length);
      if (best[0] === "ogi") {
        if (/l$/.test(pre)) w = pre + "og";
      } else if (best[0] === "li") {
        if (/[cdeghkmnrt]$/.test(pre)) w = pre;
      } else {
        w = pre + best[1];
      }
    }
    // Step 3
    var s3 = [
      ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
      ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]
    ];
    best = longest(w, s3);
    if (best && w.length - best[0].length >= r1) {
      if (best[0] === "ative") {
        if (w.length - 5 >= r2) w = w.slice(0, -5);
      } else {
        w = w.slice(0, -best[0].length) + best[1];
      }
    }
    // Step 4
    var s4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
      "ism", "ate", "iti", "ous", "ive", "ize", "ion"];
    var b4 = null;
    for (var k = 0; k < s4.length; k++) {
      if (w.endsWith(s4[k]) && (!b4 || s4[k].length > b4.length)) b4 = s4[k];
    }
    if (b4 && w.length - b4.length >= r2) {
      if (b4 === "ion") {
        if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
      } else {
        w = w.slice(0, -b4.length);
      }
    }
    // Step 5
    if (/e$/.test(w)) {
      if (w.length - 1 >= r2 || (w.length - 1 >= r1 && !endsShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
    } else if (/ll$/.test(w) && w.length - 1 >= r2) {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      if (w.endsWith(list[i][0]) && (!best || list[i][0].length > best[0].length)) best = list[i];
    }
    return best;
  }

  // region returns where the region after the first non-vowel following
  // a vowel, from start, begins: the word's length when there is none.
  function region(w, start) {
    for (var i = start + 1; i < w.length; i++) {
      if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    }
    return w.length;
  }

  function endsShortSyllable(w) {
    var n = w.length;
    if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
    if (n < 3) return false;
    var c = w[n - 1];
    return !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(c) && c !== "w" && c !== "x" && c !== "Y";
  }

  function isShort(w, r1) {
    return r1 === w.length && endsShortSyllable(w);
  }

  // ---- Comparing as Go does: by code point ----

  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      // A surrogate (a code point above U+FFFF) sorts after U+E000 to U+FFFF.
      var xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
    return a.length - b.length;
  }

  // ---- Plans and ranking (rank.go) ----

  var MAX_QUERY_WORDS = 10, MAX_EXPANSIONS = 5, MAX_TYPOS = 5;

  var STOP = new Set(("a an and are as at be but by de des du en et for from has have how i if in into is it its la " +
    "le les of on or so than that the their then there these this to und versus vs was we what when where which who " +
    "why will with you your").split(" "));

  // plan returns the plan of a query (ParsePlan in plan.go); resolve looks
  // its words up in the index.
  function plan(text, category, tag) {
    var toks = tokens(text).slice(0, MAX_QUERY_WORDS);
    var p = { text: text, words: [], pairs: [], category: category || "", tag: tag || "" };
    var phrase = phraseOf(text, toks);
    var index = [];
    toks.forEach(function (t, i) {
      var k = p.words.findIndex(function (w) { return w.term === t.term; });
      if (k < 0) {
        k = p.words.length;
        p.words.push({
          term: t.term, word: t.word, written: text.slice(t.start, t.end), prefix: false, expand: [], exact: false, common: false,
          typos: [], fix: "", missing: false
        });
      }
      if (phrase[i] > 0) p.words[k].exact = true;
      index[i] = k;
    });
    var n = toks.length;
    if (n > 0) {
      var last = toks[n - 1], lw = p.words[p.words.length - 1];
      if (last.end === text.length && index[n - 1] === p.words.length - 1 && !lw.exact) lw.prefix = true;
    }
    var rare = p.words.some(function (w) { return !STOP.has(w.word); });
    p.words.forEach(function (w) { w.common = rare && STOP.has(w.word); });
    for (var i = 1; i < n; i++) {
      if (toks[i].pos !== toks[i - 1].pos + 1 || index[i] === index[i - 1]) continue;
      var a = index[i - 1], b = index[i], ph = phrase[i] > 0 && phrase[i] === phrase[i - 1];
      var k = p.pairs.findIndex(function (x) { return x.a === a && x.b === b; });
      if (k >= 0) p.pairs[k].phrase = p.pairs[k].phrase || ph;
      else p.pairs.push({ a: a, b: b, phrase: ph });
    }
    return p;
  }

  // phraseOf returns, for each token, the number of the quoted phrase it
  // stands in, from 1, or 0.
  function phraseOf(text, toks) {
    var out = toks.map(function () { return 0; });
    var n = 0, open = false, k = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      while (k < toks.length && toks[k].start < i) {
        if (open) out[k] = n;
        k++;
      }
      if (c === '"' || c === "\u201c" || c === "\u201d") {
        open = !open;
        if (open) n++;
      }
    }
    for (; k < toks.length && open; k++) out[k] = n;
    return out;
  }

  function typoLimit(n) { return n >= 8 ? 2 : n >= 4 ? 1 : 0; }

  // editDistance mirrors editDistance in plan.go, on arrays of characters.
  function editDistance(a, b, limit) {
    var prev2 = new Array(b.length + 1).fill(0), prev = [], cur = new Array(b.length + 1).fill(0), i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var least = cur[0];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < least) least = v;
      }
      if (least > limit) return limit + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[b.length], limit + 1);
  }

  // typos fills in w.typos and w.fix from the words that start as w does
  // (findTypos in plan.go); words(prefix, f) calls f(word, term, df) for
  // each word of the collection that prefix starts, in order.
  function findTypos(w, words) {
    var word = Array.from(w.word), limit = typoLimit(word.length);
    if (limit === 0) return Promise.resolve();
    var cands = [];
    return words(word[0], function (c, term, df) {
      var rc = Array.from(c);
      if (Math.abs(rc.length - word.length) > limit) return;
      var d = editDistance(word, rc, limit);
      if (d <= limit) cands.push({ word: c, term: term, dist: d, df: df, n: cands.length });
    }).then(function () {
      cands.sort(function (a, b) { return (a.dist - b.dist) || (b.df - a.df) || (a.n - b.n); });
      for (var i = 0; i < cands.length && w.typos.length < MAX_TYPOS; i++) {
        if (w.typos.indexOf(cands[i].term) < 0) {
          if (w.typos.length === 0) w.fix = cands[i].word;
          w.typos.push(cands[i].term);
        }
      }
    });
  }

  // suggestion mirrors Plan.Suggestion in plan.go.
  function suggestion(p) {
    var fixes = new Map();
    p.words.forEach(function (w) { if (w.fix) fixes.set(w.term, w.fix); });
    if (fixes.size === 0) return "";
    var out = "", at = 0;
    tokens(p.text).slice(0, MAX_QUERY_WORDS).forEach(function (t) {
      if (fixes.has(t.term)) {
        out += p.text.slice(at, t.start) + fixes.get(t.term);
        at = t.end;
      }
    });
    return out + p.text.slice(at);
  }

  function missing(p) {
    return p.words.filter(function (w) { return w.missing; }).map(function (w) { return w.written; });
  }

  function pairKeys(p, pr) {
    var a = p.words[pr.a], b = p.words[pr.b];
    return ["!" + a.term + " " + b.term].concat(b.expand.map(function (e) { return "!" + a.term + " " + e; }));
  }

  // planKeys mirrors Plan.Keys in rank.go.
  function planKeys(p) {
    var keys = [];
    p.words.forEach(function (w) {
      if (!w.common) keys.push.apply(keys, [w.term].concat(w.expand, w.typos));
    });
    p.pairs.forEach(function (pr) { keys.push.apply(keys, pairKeys(p, pr)); });
    if (p.category) keys.push("#c:" + p.category);
    if (p.tag) keys.push("#t:" + p.tag);
    return keys;
  }

  function matches(w, term) {
    return !w.common && (term === w.term || w.expand.indexOf(term) >= 0 || w.typos.indexOf(term) >= 0);
  }

  function topTerms(df, n) {
    var terms = Array.from(df.keys());
    terms.sort(function (a, b) { return (df.get(b) - df.get(a)) || cmp(a, b); });
    return terms.slice(0, n);
  }

  // Scratch arrays of rank, as long as the collection, kept from one query
  // to the next.
  var scratch = null;

  // rank mirrors Rank in rank.go; list returns the postings of a key as
  // {docs, imps} arrays. It works on arrays as long as the collection and
  // sorts only the results asked for: at 100,000 guides a query takes a
  // few milliseconds.
  function rank(p, list, n, scaleList) {
    if (missing(p).length > 0) return new Results(new Float64Array(0), 0);
    if (!scratch || scratch.n !== n) {
      scratch = {
        n: n, score: new Float64Array(n), matched: new Uint8Array(n), wbest: new Float64Array(n),
        stamp: new Int32Array(n), touched: new Int32Array(n), gen: 0
      };
    }
    var S = scratch, score = S.score, matched = S.matched, wbest = S.wbest, stamp = S.stamp, touched = S.touched;
    score.fill(0);
    matched.fill(0);
    var scale = Float64Array.from(scaleList);
    var keep = null;
    if (p.category || p.tag) {
      var keys = [];
      if (p.category) keys.push("#c:" + p.category);
      if (p.tag) keys.push("#t:" + p.tag);
      keys.forEach(function (key) {
        var next = new Uint8Array(n);
        var l = list(key);
        for (var i = 0; i < l.docs.length; i++) {
          var d = l.docs[i];
          next[d] = keep === null || keep[d] ? 1 : 0;
        }
        keep = next;
      });
    }
    // best leaves in wbest, for each document of the keys, the impact of
    // exact, or three quarters of the best impact of the others, or half
    // of the best of the typos, and the documents in touched; it returns
    // their number.
    function best(exact, others, typos) {
      var g = ++S.gen, cnt = 0, i, d, v;
      function add(key, part) {
        var l = list(key), docs = l.docs, imps = l.imps;
        for (i = 0; i < docs.length; i++) {
          d = docs[i];
          v = part === 1 ? scale[imps[i]] : part === 2 ? Math.floor(scale[imps[i]] * 3 / 4) : Math.floor(scale[imps[i]] / 2);
          if (stamp[d] !== g) { stamp[d] = g; wbest[d] = v; touched[cnt++] = d; } else if (v > wbest[d]) wbest[d] = v;
        }
      }
      add(exact, 1);
      for (var k = 0; k < others.length; k++) add(others[k], 2);
      for (k = 0; k < typos.length; k++) add(typos[k], 3);
      return cnt;
    }
    var j, d, cnt, w;
    for (w = 0; w < p.words.length; w++) {
      var word = p.words[w];
      if (word.common) continue;
      cnt = best(word.term, word.expand, word.typos);
      for (j = 0; j < cnt; j++) {
        d = touched[j];
        if (keep === null || keep[d]) { score[d] += wbest[d]; matched[d]++; }
      }
    }
    for (var x = 0; x < p.pairs.length; x++) {
      var pk = pairKeys(p, p.pairs[x]);
      cnt = best(pk[0], pk.slice(1), []);
      for (j = 0; j < cnt; j++) {
        d = touched[j];
        if ((keep === null || keep[d]) && matched[d]) score[d] += wbest[d];
      }
      if (p.pairs[x].phrase) {
        var g = S.gen;
        for (d = 0; d < n; d++) if (matched[d] && stamp[d] !== g) matched[d] = 0;
      }
    }
    var none = !p.words.some(function (x) { return !x.common; });
    if (none && !keep) return new Results(new Float64Array(0), 0);
    var most = 0;
    if (!none) for (d = 0; d < n; d++) if (matched[d] > most) most = matched[d];
    var found = 0;
    for (d = 0; d < n; d++) if (none ? keep[d] : most > 0 && matched[d] === most) found++;
    // Sort keys: score × 2^20 + document, exact as doubles below 2^53.
    var sortKeys = new Float64Array(found), k = 0;
    for (d = 0; d < n; d++) {
      if (none ? keep[d] : most > 0 && matched[d] === most) sortKeys[k++] = score[d] * SHIFT + d;
    }
    return new Results(sortKeys, none ? 0 : most);
  }

  var SHIFT = 1048576, TOP = 256;

  // Results are the guides a query finds, best first; matched is how many
  // words of the query each has. They are kept as sort keys, sorted as far
  // as they are read.
  function Results(keys, matched) {
    this.keys = keys;
    this.matched = matched;
    this.length = keys.length;
    this.sorted = 0;
  }

  Results.prototype.sortTo = function (to) {
    var n = this.length;
    if (to <= this.sorted) return;
    if (to <= TOP && n > TOP) {
      selectTop(this.keys, TOP);
      this.keys.subarray(n - TOP).sort();
      this.sorted = TOP;
    } else {
      this.keys.sort();
      this.sorted = n;
    }
  };

  // slice returns the results from to to as objects {doc, score, matched}.
  Results.prototype.slice = function (from, to) {
    to = Math.min(to === undefined ? this.length : to, this.length);
    this.sortTo(to);
    var out = [];
    for (var i = from; i < to; i++) {
      var key = this.keys[this.length - 1 - i];
      var doc = key % SHIFT;
      out.push({ doc: doc, score: (key - doc) / SHIFT, matched: this.matched });
    }
    return out;
  };

  // forEachDoc calls f with the number of every guide found, in no order.
  Results.prototype.forEachDoc = function (f) {
    for (var i = 0; i < this.length; i++) f(this.keys[i] % SHIFT);
  };

  // selectTop moves the k largest numbers of a to its end, in no order.
  function selectTop(a, k) {
    var lo = 0, hi = a.length - 1, target = a.length - k;
    while (lo < hi) {
      var pivot = a[(lo + hi) >> 1], i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { var t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
      }
      if (target <= j) hi = j;
      else if (target >= i) lo = i;
      else break;
    }
  }

  // ---- Excerpts (rank.go) ----

  var EXCERPT_WORDS = 24, EXCERPT_LEAD = 4;

  // excerpt cuts the excerpt of p from text, whose tokens toks are, when
  // given: tokens(text, unstemmed), the words' terms not yet known.
  function excerpt(text, description, p, toks) {
    toks = toks || tokens(text, unstemmed);
    if (toks.length === 0) {
      var d = description.split(/[ \t\n\r\v\f]+/).filter(Boolean).join(" ");
      return { text: cutText(d, 200), marks: [] };
    }
    // Only the words whose first character starts a term of the query
    // may match: only they are stemmed.
    var firsts = new Set();
    p.words.forEach(function (w) {
      if (!w.common) [w.term].concat(w.expand, w.typos).forEach(function (t) { firsts.add(t.charCodeAt(0)); });
    });
    var match = toks.map(function (t) {
      var term = t.term;
      if (term === "") {
        if (!firsts.has(t.word.charCodeAt(0))) return 0;
        var e = word(text.slice(t.start, t.end));
        term = e ? e[0] : "";
      }
      for (var k = 0; k < p.words.length; k++) {
        if (matches(p.words[k], term)) return k + 1;
      }
      return 0;
    });
    var start = 0, bestDistinct = 0, bestCount = 0;
    for (var i = 0; i < toks.length; i++) {
      if (!match[i]) continue;
      var seen = {}, distinct = 0, count = 0;
      for (var j = i; j < toks.length && j < i + EXCERPT_WORDS; j++) {
        var m = match[j];
        if (m) {
          count++;
          if (!seen[m]) { seen[m] = true; distinct++; }
        }
      }
      if (distinct > bestDistinct || (distinct === bestDistinct && count > bestCount)) {
        start = i; bestDistinct = distinct; bestCount = count;
      }
    }
    var a = bestDistinct === 0 ? 0 : Math.max(0, start - EXCERPT_LEAD);
    var b = Math.min(toks.length, a + EXCERPT_WORDS) - 1;
    var lead = a > 0 ? "\u2026" : "";
    var base = toks[a].start;
    var out = lead + text.slice(base, toks[b].end).replace(/\n/g, " ") + (b < toks.length - 1 ? "\u2026" : "");
    var marks = [];
    for (var x = a; x <= b; x++) {
      if (match[x]) marks.push([lead.length + toks[x].start - base, lead.length + toks[x].end - base]);
    }
    return { text: out, marks: marks };
  }

  // cutText mirrors cutText in index.go, counting UTF-8 bytes.
  function cutText(s, n) {
    var bytes = new TextEncoder().encode(s);
    if (bytes.length <= n) return s;
    var cut = bytes.subarray(0, n);
    var i = cut.lastIndexOf(0x20);
    if (i <= 0) {
      i = n;
      while (i > 0 && (bytes[i] & 0xc0) === 0x80) i--;
    }
    return new TextDecoder().decode(bytes.subarray(0, i));
  }

  // ---- Decompression (RFC 1952 and 1951) ----
  //
  // Shards are small and many: decompressing them here, at once, is
  // faster than handing each to the browser's DecompressionStream, whose
  // every file costs several trips through the event loop.

  var LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577];
  var DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  // Huffman is a canonical Huffman code: the number of codes of each
  // length, the symbols in code order, and a table that decodes the codes
  // of up to FAST bits at once, by the next FAST bits of the stream.
  var FAST = 9;
  function Huffman(lengths, n) {
    this.counts = new Uint16Array(16);
    this.symbols = new Uint16Array(n);
    this.fast = new Uint16Array(1 << FAST);
    var i, offs = new Uint16Array(16), next = new Uint16Array(16);
    for (i = 0; i < n; i++) this.counts[lengths[i]]++;
    this.counts[0] = 0;
    for (i = 1; i < 16; i++) offs[i] = offs[i - 1] + this.counts[i - 1];
    for (i = 0; i < n; i++) if (lengths[i]) this.symbols[offs[lengths[i]]++] = i;
    var code = 0;
    for (i = 1; i < 16; i++) {
      code = (code + this.counts[i - 1]) << 1;
      next[i] = code;
    }
    for (i = 0; i < n; i++) {
      var len = lengths[i];
      if (!len) continue;
      var c = next[len]++;
      if (len > FAST) continue;
      // The stream holds the code's bits from the first: reversed.
      var rev = 0;
      for (var k = 0; k < len; k++) rev |= ((c >> k) & 1) << (len - 1 - k);
      for (var fill = rev; fill < (1 << FAST); fill += 1 << len) this.fast[fill] = (i << 4) | len;
    }
  }

  function BitReader(b, at) { this.b = b; this.i = at; this.bits = 0; this.n = 0; }
  BitReader.prototype.need = function (k) {
    while (this.n < k) {
      if (this.i >= this.b.length) throw new Error("the compressed data ends too soon");
      this.bits |= this.b[this.i++] << this.n;
      this.n += 8;
    }
  };
  BitReader.prototype.take = function (k) {
    if (k === 0) return 0;
    this.need(k);
    var v = this.bits & ((1 << k) - 1);
    this.bits >>>= k;
    this.n -= k;
    return v;
  };
  BitReader.prototype.decode = function (h) {
    while (this.n <= 24 && this.i < this.b.length) {
      this.bits |= this.b[this.i++] << this.n;
      this.n += 8;
    }
    if (this.n >= FAST) {
      var e = h.fast[this.bits & ((1 << FAST) - 1)];
      if (e) {
        var len = e & 15;
        this.bits >>>= len;
        this.n -= len;
        return e >> 4;
      }
    }
    var code = 0, first = 0, index = 0;
    for (var l = 1; l < 16; l++) {
      code |= this.take(1);
      var count = h.counts[l];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new Error("a bad Huffman code");
  };

  var fixedLit = null, fixedDist = null;

  function inflate(b, at) {
    var out = new Uint8Array(Math.max(1024, b.length * 4)), o = 0;
    function room(k) {
      if (o + k <= out.length) return;
      var bigger = new Uint8Array(Math.max(out.length * 2, o + k));
      bigger.set(out.subarray(0, o));
      out = bigger;
    }
    var r = new BitReader(b, at), last;
    do {
      last = r.take(1);
      var type = r.take(2), lit, dist;
      if (type === 0) {
        // To the next byte: whole bytes read ahead go back.
        r.i -= r.n >>> 3;
        r.bits = 0;
        r.n = 0;
        if (r.i + 4 > b.length) throw new Error("the compressed data ends too soon");
        var len = b[r.i] | (b[r.i + 1] << 8);
        r.i += 4;
        if (r.i + len > b.length) throw new Error("the compressed data ends too soon");
        room(len);
        out.set(b.subarray(r.i, r.i + len), o);
        o += len;
        r.i += len;
        continue;
      } else if (type === 1) {
        if (!fixedLit) {
          var l = new Uint8Array(288);
          l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288);
          fixedLit = new Huffman(l, 288);
          var d = new Uint8Array(30);
          d.fill(5);
          fixedDist = new Huffman(d, 30);
        }
        lit = fixedLit;
        dist = fixedDist;
      } else if (type === 2) {
        var nlen = r.take(5) + 257, ndist = r.take(5) + 1, ncode = r.take(4) + 4;
        var lengths = new Uint8Array(320), i;
        for (i = 0; i < ncode; i++) lengths[CL_ORDER[i]] = r.take(3);
        var cl = new Huffman(lengths, 19);
        lengths.fill(0);
        for (i = 0; i < nlen + ndist;) {
          var sym = r.decode(cl);
          if (sym < 16) { lengths[i++] = sym; continue; }
          var rep, val = 0;
          if (sym === 16) {
            if (i === 0) throw new Error("a repeat with nothing before");
            val = lengths[i - 1];
            rep = 3 + r.take(2);
          } else if (sym === 17) rep = 3 + r.take(3);
          else rep = 11 + r.take(7);
          if (i + rep > nlen + ndist) throw new Error("too many code lengths");
          while (rep--) lengths[i++] = val;
        }
        lit = new Huffman(lengths.subarray(0, nlen), nlen);
        dist = new Huffman(lengths.subarray(nlen, nlen + ndist), ndist);
      } else {
        throw new Error("a bad block type");
      }
      for (;;) {
        var s = r.decode(lit);
        if (s < 256) {
          room(1);
          out[o++] = s;
        } else if (s === 256) {
          break;
        } else {
          s -= 257;
          if (s >= 29) throw new Error("a bad length");
          var n = LEN_BASE[s] + r.take(LEN_EXTRA[s]);
          var ds = r.decode(dist);
          if (ds >= 30) throw new Error("a bad distance");
          var back = DIST_BASE[ds] + r.take(DIST_EXTRA[ds]);
          if (back > o) throw new Error("a distance too far back");
          room(n);
          for (var k = 0; k < n; k++, o++) out[o] = out[o - back];
        }
      }
    } while (!last);
    return out.subarray(0, o);
  }

  // gunzip returns the data of a gzip file (its first member), or the
  // bytes as they are when they are not gzip-compressed: a host may have
  // decompressed them on the way.
  function gunzip(buf) {
    var b = new Uint8Array(buf);
    if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
    if (b[2] !== 8) throw new Error("not deflate-compressed");
    var flags = b[3], at = 10;
    if (flags & 4) at += 2 + (b[at] | (b[at + 1] << 8));
    if (flags & 8) { while (b[at++] !== 0); }
    if (flags & 16) { while (b[at++] !== 0); }
    if (flags & 2) at += 2;
    return inflate(b, at);
  }

  // decompress returns a promise of the data of a gzip file, or of the
  // bytes as they are when they are not gzip-compressed: through the
  // browser's own DecompressionStream, off the page's thread, where it
  // has one, else through gunzip.
  function decompress(buf) {
    var b = new Uint8Array(buf);
    if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b) return Promise.resolve(b);
    if (!nativeGzip) return Promise.resolve(gunzip(buf));
    var out = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(out).arrayBuffer().then(function (a) { return new Uint8Array(a); });
  }

  // nativeGzip says whether the browser decompresses gzip itself.
  var nativeGzip = typeof DecompressionStream === "function" && typeof Response === "function" && typeof Blob === "function";

  // ---- The static index (files.go) ----

  function Index(base, fetchFile) {
    this.base = base;
    this.fetchFile = fetchFile || defaultFetch;
    this.files = new Map();
    this.shards = new Map();
    this.buckets = new Map();
    this.wordLists = new Map();
    this.manifest = null;
  }

  function defaultFetch(url, fresh) {
    return fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.arrayBuffer();
    });
  }

  Index.prototype.open = function () {
    var self = this;
    if (!this.opening) {
      this.opening = this.fetchFile(this.base + "index.bin", true).then(decompress).then(function (data) {
        self.manifest = JSON.parse(new TextDecoder().decode(data));
        self.manifest.post = shardHeads(self.manifest.post);
        // The files not in the manifest's folder: those an update of the
        // site left where an earlier build put them, and those it changed.
        self.over = new Map();
        (self.manifest.over || []).forEach(function (o) {
          ["p", "w", "f"].forEach(function (kind) {
            (o[kind] || []).forEach(function (n) { self.over.set(kind + "/" + n + ".bin", o.dir); });
          });
        });
        return self;
      });
    }
    return this.opening;
  };

  // shardHeads returns the heads of the shards of postings, [key, cont]
  // each, from the manifest's front-coded list (files.go): [shared, rest,
  // cont], shared counted in code points, and the number of shards in a
  // row with that head when more than one.
  function shardHeads(list) {
    var heads = [], prev = "";
    list.forEach(function (h) {
      var at = 0;
      for (var k = 0; k < h[0]; k++) {
        var c = prev.charCodeAt(at);
        at += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      }
      var head = [prev.slice(0, at) + h[1], h[2]];
      for (var n = h.length > 3 ? h[3] : 1; n > 0; n--) heads.push(head);
      prev = head[0];
    });
    return heads;
  }

  Index.prototype.file = function (name) {
    var f = this.files.get(name);
    if (!f) {
      f = this.fetchFile(this.base + (this.over.get(name) || this.manifest.dir) + name, false).then(decompress);
      this.files.set(name, f);
    }
    return f;
  };

  function Reader(b) { this.b = b; this.i = 0; }
  Reader.prototype.uvarint = function () {
    var v = 0, mul = 1, c;
    do {
      if (this.i >= this.b.length) throw new Error("the data ends too soon");
      c = this.b[this.i++];
      v += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
    return v;
  };
  Reader.prototype.bytes = function (n) {
    if (this.i + n > this.b.length) throw new Error("the data ends too soon");
    var s = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return s;
  };

  // Shard is a shard of postings: its keys, front-coded in byte order,
  // each with its number of guides; then the gaps between the guides of
  // every key; then their impacts. A query looks up a few of a shard's
  // thousands of keys, so nothing is decoded before a lookup, and a lookup
  // compares bytes in one reused buffer instead of making a string a key.
  function Shard(data) {
    this.data = data;
    this.table = null;
    this.found = new Map();
  }

  // layout finds where the keys, the gaps and the impacts start.
  Shard.prototype.layout = function () {
    if (this.table) return this.table;
    var data = this.data, r = new Reader(data);
    var n = r.uvarint(), first = r.i, total = 0, longest = 0;
    for (var i = 0; i < n; i++) {
      var shared = r.uvarint(), rest = r.uvarint();
      r.bytes(rest);
      longest = Math.max(longest, shared + rest);
      total += r.uvarint();
    }
    var gaps = r.i;
    for (var g = 0; g < total; g++) {
      do {
        if (r.i >= data.length) throw new Error("the data ends too soon");
      } while (data[r.i++] & 0x80);
    }
    if (r.i + total > data.length) throw new Error("the data ends too soon");
    this.table = { n: n, first: first, gaps: gaps, imps: r.i, key: new Uint8Array(longest) };
    return this.table;
  };

  // entry returns where the postings of key are, or null.
  Shard.prototype.entry = function (key) {
    if (this.found.has(key)) return this.found.get(key);
    var t = this.layout(), data = this.data, buf = t.key;
    var want = encoder.encode(key);
    var r = new Reader(data);
    r.i = t.first;
    var before = 0, e = null;
    for (var i = 0; i < t.n; i++) {
      var shared = r.uvarint(), rest = r.uvarint();
      if (shared > buf.length || shared + rest > buf.length) throw new Error("a key longer than the longest");
      buf.set(r.bytes(rest), shared);
      var count = r.uvarint(), c = compareBytes(buf, shared + rest, want);
      if (c === 0) {
        var at = t.gaps;
        for (var g = 0; g < before; g++) {
          while (data[at++] & 0x80) { /* skip a varint */ }
        }
        e = { count: count, gaps: at, imps: t.imps + before };
        break;
      }
      if (c > 0) break; // past where the key would be
      before += count;
    }
    this.found.set(key, e);
    return e;
  };

  // compareBytes compares the first n bytes of a with b, in byte order.
  function compareBytes(a, n, b) {
    var m = Math.min(n, b.length);
    for (var i = 0; i < m; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return n - b.length;
  }

  var encoder = new TextEncoder();

  // postings returns the postings of key in the shard.
  Shard.prototype.postings = function (key) {
    var e = this.entry(key);
    if (!e) return { docs: new Uint32Array(0), imps: new Uint8Array(0) };
    var r = new Reader(this.data);
    r.i = e.gaps;
    var docs = new Uint32Array(e.count), doc = 0;
    for (var i = 0; i < e.count; i++) {
      doc += r.uvarint();
      docs[i] = doc;
    }
    return { docs: docs, imps: this.data.subarray(e.imps, e.imps + e.count) };
  };

  Index.prototype.shard = function (i) {
    var self = this;
    var name = "p/" + i + ".bin";
    var s = this.shards.get(name);
    if (!s) {
      s = this.file(name).then(function (data) { return new Shard(data); });
      this.shards.set(name, s);
    }
    return s;
  };

  // postings returns a promise of the postings of key.
  Index.prototype.postings = function (key) {
    var heads = this.manifest.post;
    var lo = 0, hi = heads.length; // the first head above key
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(heads[mid][0], key) <= 0) lo = mid + 1; else hi = mid;
    }
    var last = lo - 1;
    if (last < 0) return Promise.resolve({ docs: new Uint32Array(0), imps: new Uint8Array(0) });
    var first = last;
    while (first > 0 && heads[first][0] === key && heads[first][1] === 1) first--;
    var parts = [];
    for (var i = first; i <= last; i++) {
      parts.push(this.shard(i).then(function (shard) { return shard.postings(key); }));
    }
    return Promise.all(parts).then(function (ls) {
      if (ls.length === 1) return ls[0];
      var n = ls.reduce(function (s, l) { return s + l.docs.length; }, 0);
      var docs = new Uint32Array(n), imps = new Uint8Array(n), at = 0;
      ls.forEach(function (l) { docs.set(l.docs, at); imps.set(l.imps, at); at += l.docs.length; });
      return { docs: docs, imps: imps };
    });
  };

  // words calls f(word, term, df) with every word of the collection that
  // prefix starts, in order, and resolves when done.
  Index.prototype.words = function (prefix, f) {
    var firsts = this.manifest.words;
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(firsts[mid], prefix) <= 0) lo = mid + 1; else hi = mid;
    }
    var shards = [];
    for (var i = Math.max(0, lo - 1); i < firsts.length; i++) {
      if (i > lo - 1 && cmp(firsts[i], prefix) > 0 && !firsts[i].startsWith(prefix)) break;
      shards.push(this.wordList(i));
    }
    return Promise.all(shards).then(function (lists) {
      lists.forEach(function (l) {
        var lo = 0, hi = l.words.length; // the first word at least prefix
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (cmp(l.words[mid], prefix) < 0) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < l.words.length && l.words[i].startsWith(prefix); i++) f(l.words[i], l.terms[i], l.weights[i]);
      });
    });
  };

  // wordList returns a promise of the words of a shard of words, decoded
  // once for every later query: {words, terms, weights}, in order.
  Index.prototype.wordList = function (i) {
    var name = "w/" + i + ".bin";
    var l = this.wordLists.get(name);
    if (!l) {
      l = this.file(name).then(decodeWords);
      this.wordLists.set(name, l);
    }
    return l;
  };

  function isASCII(b, at, n) {
    for (var i = at; i < at + n; i++) if (b[i] > 0x7f) return false;
    return true;
  }

  function asciiString(b, at, n) {
    var s = "";
    for (var i = at; i < at + n; i++) s += String.fromCharCode(b[i]);
    return s;
  }

  // decodeWords decodes a shard of words: front-coded in byte order, each
  // with its term (which shares a prefix with the word) and its weight.
  function decodeWords(data) {
    var r = new Reader(data), n = r.uvarint(), dec = new TextDecoder();
    var out = { words: new Array(n), terms: new Array(n), weights: new Array(n) };
    var wb = new Uint8Array(data.length), tb = new Uint8Array(data.length), len = 0, k;
    var prev = "", prevASCII = true;
    for (var i = 0; i < n; i++) {
      var shared = r.uvarint(), rest = r.uvarint();
      if (shared > len) throw new Error("a word shares more than the last one holds");
      if (r.i + rest > data.length) throw new Error("the data ends too soon");
      var at = r.i;
      for (k = 0; k < rest; k++) wb[shared + k] = data[at + k];
      r.i += rest;
      len = shared + rest;
      var ts = r.uvarint(), trest = r.uvarint();
      if (ts > len) throw new Error("a term shares more than its word holds");
      if (r.i + trest > data.length) throw new Error("the data ends too soon");
      // Words of ASCII, most of them, are made from the word before
      // without a decoder.
      var word, term, ascii = prevASCII && isASCII(data, at, rest);
      word = ascii ? prev.slice(0, shared) + asciiString(data, at, rest) : dec.decode(wb.subarray(0, len));
      term = word;
      if (ts < len || trest > 0) {
        if (ascii && isASCII(data, r.i, trest)) {
          term = word.slice(0, ts) + asciiString(data, r.i, trest);
        } else {
          for (k = 0; k < ts; k++) tb[k] = wb[k];
          for (k = 0; k < trest; k++) tb[ts + k] = data[r.i + k];
          term = dec.decode(tb.subarray(0, ts + trest));
        }
      }
      prev = word;
      prevASCII = ascii || isASCII(wb, 0, len);
      r.i += trest;
      out.words[i] = word;
      out.terms[i] = term;
      out.weights[i] = r.uvarint();
    }
    return out;
  }

  // resolve looks the words of p up (Plan.Resolve in plan.go): the terms
  // the word being typed starts, and the typos of the words the
  // collection lacks. The postings of every term and pair are asked for
  // at once, so that they arrive together.
  Index.prototype.resolve = function (p) {
    var self = this;
    var words = function (prefix, f) { return self.words(prefix, f); };
    p.pairs.forEach(function (pr) { self.postings(pairKeys(p, pr)[0]); });
    return Promise.all(p.words.map(function (w) {
      if (w.common) return null;
      var df = new Map();
      // The lists of the words it stands for are asked for as soon as
      // they are known, not once every word is looked up.
      var expanding = w.prefix ? words(w.word, function (word, term, n) {
        if (term !== w.term && !STOP.has(word)) df.set(term, n);
      }).then(function () {
        w.expand = topTerms(df, MAX_EXPANSIONS);
        w.expand.forEach(function (t) { self.postings(t).catch(function () {}); });
      }) : null;
      return Promise.all([self.postings(w.term), expanding]).then(function (r) {
        if (r[0].docs.length > 0 || w.expand.length > 0) return;
        return (w.exact ? Promise.resolve() : findTypos(w, words)).then(function () {
          w.missing = w.typos.length === 0;
        });
      });
    }));
  };

  // search runs a query: {text, category, tag} and resolves to
  // {plan, results, missing, suggestion}: every result {doc, score,
  // matched}, best first; the words the collection lacks; the query with
  // its typos mended, when some were.
  Index.prototype.search = function (q) {
    var self = this;
    return this.open().then(function () {
      var p = plan(q.text || "", q.category, q.tag);
      return self.resolve(p).then(function () {
        var keys = planKeys(p);
        var lists = new Map();
        return Promise.all(keys.map(function (k) {
          return self.postings(k).then(function (l) { lists.set(k, l); });
        })).then(function () {
          var results = rank(p, function (k) { return lists.get(k); }, self.manifest.docs, self.manifest.scale);
          return { plan: p, results: results, missing: missing(p), suggestion: suggestion(p) };
        });
      });
    });
  };

  // docs resolves to what each result shows: {url, title, date, iso,
  // categories: [[id, title, url]], description, excerpt: {text, marks}}.
  Index.prototype.docs = function (p, results) {
    var self = this;
    var size = this.manifest.bucket;
    var dec = new TextDecoder();
    return Promise.all(results.map(function (r) {
      var b = Math.floor(r.doc / size);
      var bucket = self.buckets.get(b);
      if (!bucket) {
        bucket = self.file("f/" + b + ".bin").then(function (data) { return JSON.parse(dec.decode(data)); });
        self.buckets.set(b, bucket);
      }
      return bucket.then(function (frags) {
        var f = frags[r.doc - b * size];
        return {
          doc: r.doc, score: r.score, url: f.u, title: f.t, date: f.d, iso: f.i,
          categories: f.c.map(function (i) { return self.manifest.categories[i]; }),
          description: f.s || "",
          excerpt: excerpt(f.x, f.s || "", p, f.toks || (f.toks = tokens(f.x, unstemmed)))
        };
      });
    }));
  };

  return {
    tokens: tokens, fold: fold, stem: stem, plan: plan, rank: rank, excerpt: excerpt,
    Index: Index, gunzip: gunzip
  };
})();

if (typeof module !== "undefined") module.exports = GuidesSearch;
