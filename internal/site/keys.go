package site

import (
	"hash/crc64"
	"math"
	"reflect"
	"time"
)

// A key is a hash of what an output of the site is made from: two builds
// that give an output the same key make the same bytes of it. Keys are
// kept between builds (see State), so they are the same in every process:
// FNV-1a over a canonical encoding of the values.
type key uint64

// hasher computes a key. The zero value is not ready: use newHasher.
type hasher struct{ h uint64 }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newHasher() hasher { return hasher{fnvOffset} }

func (h *hasher) byte(b byte) {
	h.h ^= uint64(b)
	h.h *= fnvPrime
}

func (h *hasher) u64(v uint64) {
	for range 8 {
		h.byte(byte(v))
		v >>= 8
	}
}

// str writes s, after its length, so that no two lists of strings write
// the same bytes.
func (h *hasher) str(s string) {
	h.u64(uint64(len(s)))
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
}

func (h *hasher) sum() key { return key(h.h) }

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

// crcTable is the table of sum64, made on first use (see made).
func crcTable() *crc64.Table { return made().crc }

// sum64 is a hash of the bytes of a file, such as a guide's.
func sum64(data []byte) uint64 { return crc64.Checksum(data, crcTable()) }

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
