package search

import "encoding/binary"

// splice gives the sink the current key of h when the base has it, with
// the same documents given again as the other runs have: the key is in as
// many documents as before, so the postings of the others keep their
// bytes and impacts, and only the counts and impacts of the documents
// given again are put in place. The base's list is looked through, not
// decoded. It reports false, having moved no run, when the documents
// given again are not the same in the base's list and the others', or
// the base has not the key.
func (m *merger) splice(h *runHeap, key string) (bool, error) {
	var base *runSource
	fresh := m.raw[:0]
	for _, s := range *h {
		if string(s.key) != key {
			continue
		}
		if s.base {
			base = s
			continue
		}
		var err error
		if fresh, err = s.decode(fresh); err != nil {
			return false, err
		}
	}
	fresh, m.scratch = byDoc(fresh, m.scratch)
	m.raw = fresh
	if base == nil {
		return false, nil
	}
	data, imps, changed, ok := m.spliced(base, fresh)
	if !ok {
		return false, nil
	}
	if err := m.keep(key, keptList{count: base.count, data: data, imps: imps, span: base.span, changed: changed}); err != nil {
		return false, err
	}
	return true, h.advance(key)
}

// spliced returns the base's list of the current key with the postings
// of the documents given again replaced by fresh, theirs in the other
// runs, in order of document, and whether an impact changed; false when
// those documents differ.
func (m *merger) spliced(base *runSource, fresh []rawPosting) (data, imps []byte, changed, ok bool) {
	same := m.x.same
	idf := m.idf(base.count)
	b := base.data
	data = m.data[:0]
	imps = append(m.imps[:0], base.imps...)
	defer func() { m.data, m.imps = data, imps }()
	off, copied, doc := 0, 0, int64(0)
	for i := range base.count {
		d, n := binary.Uvarint(b[off:])
		if n <= 0 || off+n >= len(b) {
			return data, imps, false, false
		}
		doc += int64(d>>1) ^ -int64(d&1)
		at := off + n
		end, ok := skipCounts(b, at)
		if !ok {
			return data, imps, false, false
		}
		off = end
		if doc >= 0 && doc < int64(len(same)) && same[doc] {
			if doc > int64(m.lastChanged) {
				break // no document given again is further on
			}
			continue
		}
		if len(fresh) == 0 || int64(fresh[0].doc) != doc {
			return data, imps, false, false
		}
		p := fresh[0]
		fresh = fresh[1:]
		data = appendCounts(append(data, b[copied:at]...), &p.tf)
		copied = end
		if imp := m.impact(p, idf, base.count); imp != imps[i] {
			imps[i], changed = imp, true
		}
	}
	if len(fresh) > 0 {
		return data, imps, false, false
	}
	return append(data, b[copied:]...), imps, changed, true
}

// skipCounts returns where the posting whose byte of fields is at b[at]
// ends, after its counts.
func skipCounts(b []byte, at int) (int, bool) {
	mask := b[at]
	at++
	for f := range nFields {
		if mask&(1<<f) == 0 {
			continue
		}
		_, n := binary.Uvarint(b[at:])
		if n <= 0 {
			return at, false
		}
		at += n
	}
	return at, true
}

// appendCounts appends the byte of fields of a posting with the counts
// tf, and its counts (see runSource).
func appendCounts(b []byte, tf *[nFields]uint16) []byte {
	var mask byte
	for f, c := range tf {
		if c > 0 {
			mask |= 1 << f
		}
	}
	b = append(b, mask)
	for _, c := range tf {
		if c > 0 {
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	return b
}
