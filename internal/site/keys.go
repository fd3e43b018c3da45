package site

import (
	"math"
	"reflect"
	"time"

	"github.com/cespare/xxhash/v2"
)

// A key is a hash of what an output of the site is made from: two builds
// that give an output the same key make the same bytes of it. Keys are
// kept between builds (see State), so they are the same in every process:
// XXH64 over a canonical encoding of the values.
type key uint64

// hasher computes a key. The zero value is not ready: use newHasher.
// Small writes gather in buf, which is handed to the digest when full.
type hasher struct {
	d   xxhash.Digest
	n   int
	buf [256]byte
}

func newHasher() hasher {
	var h hasher
	h.d.Reset()
	return h
}

func (h *hasher) flush() {
	h.d.Write(h.buf[:h.n])
	h.n = 0
}

func (h *hasher) byte(b byte) {
	if h.n == len(h.buf) {
		h.flush()
	}
	h.buf[h.n] = b
	h.n++
}

func (h *hasher) u64(v uint64) {
	if h.n+8 > len(h.buf) {
		h.flush()
	}
	for i := range 8 {
		h.buf[h.n+i] = byte(v >> (8 * i))
	}
	h.n += 8
}

// str writes s, after its length, so that no two lists of strings write
// the same bytes.
func (h *hasher) str(s string) {
	h.u64(uint64(len(s)))
	if h.n+len(s) <= len(h.buf) {
		h.n += copy(h.buf[h.n:], s)
		return
	}
	h.flush()
	h.d.WriteString(s)
}

func (h *hasher) sum() key {
	h.flush()
	return key(h.d.Sum64())
}

// keyOf returns the key of a list of keys and strings.
func keyOf(parts ...any) key {
	h := newHasher()
	for _, p := range parts {
		switch p := p.(type) {
		case key:
			h.u64(uint64(p))
		case string:
			h.str(p)
		case int:
			h.u64(uint64(p))
		default:
			h.value(reflect.ValueOf(p))
		}
	}
	return h.sum()
}

// sum64 is a hash of the bytes of a file, such as a guide's: XXH64,
// which reads several gigabytes a second.
func sum64(data []byte) uint64 { return xxhash.Sum64(data) }

// value writes every exported value of v that a template can reach, as
// encoding/json would see them: the exported fields of structs (through
// pointers), the items of slices and the values of maps with string keys.
// Unexported fields are left out: a template cannot read them, and the
// methods templates call (siteData.Asset) read only what the theme's own
// hash holds.
func (h *hasher) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		h.byte(0)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.byte(0)
			return
		}
		h.byte(1)
		h.value(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			t := v.Interface().(time.Time)
			h.u64(uint64(t.UnixNano()))
			_, offset := t.Zone()
			h.u64(uint64(offset))
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				h.value(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		h.u64(uint64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Map:
		h.u64(uint64(v.Len()))
		keys := v.MapKeys()
		sortValues(keys)
		for _, k := range keys {
			h.value(k)
			h.value(v.MapIndex(k))
		}
	case reflect.String:
		h.str(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.byte(1)
		} else {
			h.byte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.u64(math.Float64bits(v.Float()))
	default:
		// Functions and channels: a template cannot print them.
		h.byte(0xff)
	}
}

// sortValues sorts map keys, strings or numbers, in order.
func sortValues(vs []reflect.Value) {
	less := func(a, b reflect.Value) bool {
		switch a.Kind() {
		case reflect.String:
			return a.String() < b.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return a.Int() < b.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return a.Uint() < b.Uint()
		}
		return false
	}
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && less(vs[j], vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}
