package jsonlite

import (
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decoder reads JSON from b. It takes only what it is sure to read as
// encoding/json would: on anything else it sets bad, every later call does
// nothing, and the caller decodes the document with encoding/json instead.
type decoder struct {
	b   []byte
	off int
	bad bool
}

func (d *decoder) fail() { d.bad = true }

// peek skips white space and returns the next byte (0 at the end).
func (d *decoder) peek() byte {
	for d.off < len(d.b) {
		switch c := d.b[d.off]; c {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return c
		}
	}
	return 0
}

func (d *decoder) expect(c byte) bool {
	if d.bad || d.peek() != c {
		d.fail()
		return false
	}
	d.off++
	return true
}

// end is true when the rest of b is white space.
func (d *decoder) end() bool { return !d.bad && d.peek() == 0 && d.off == len(d.b) }

// object calls field for each key; field decodes the value and returns
// false for a key it does not take. A key seen twice is refused:
// encoding/json merges the two values.
func (d *decoder) object(field func(key string) bool) {
	if !d.expect('{') {
		return
	}
	if d.peek() == '}' {
		d.off++
		return
	}
	var seen []string
	for !d.bad {
		key := d.str()
		if d.bad || slices.Contains(seen, key) || !d.expect(':') {
			d.fail()
			return
		}
		seen = append(seen, key)
		if !field(key) {
			d.fail()
			return
		}
		if !d.next('}') {
			return
		}
	}
}

// next reads the comma between values; false at the closing byte (read)
// or on an error.
func (d *decoder) next(closing byte) bool {
	switch d.peek() {
	case ',':
		d.off++
		return !d.bad
	case closing:
		d.off++
	default:
		d.fail()
	}
	return false
}

// array calls elem for each element.
func (d *decoder) array(elem func()) {
	if !d.expect('[') {
		return
	}
	if d.peek() == ']' {
		d.off++
		return
	}
	for !d.bad {
		elem()
		if d.bad || !d.next(']') {
			return
		}
	}
}

// str reads a string; escapes other than a surrogate's \u are decoded,
// invalid UTF-8 is refused (encoding/json would replace it).
func (d *decoder) str() string {
	if !d.expect('"') {
		return ""
	}
	ascii := true
	for i := d.off; i < len(d.b); i++ {
		switch c := d.b[i]; {
		case c == '"':
			s := d.b[d.off:i]
			d.off = i + 1
			if !ascii && !utf8.Valid(s) {
				d.fail()
			}
			return string(s)
		case c == '\\':
			return d.escaped()
		case c < 0x20:
			d.fail()
			return ""
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	d.fail()
	return ""
}

// escaped reads the rest of a string that has escapes, from its start.
func (d *decoder) escaped() string {
	var out []byte
	for i := d.off; i < len(d.b); {
		c := d.b[i]
		switch {
		case c == '"':
			d.off = i + 1
			if !utf8.Valid(out) {
				d.fail()
			}
			return string(out)
		case c < 0x20:
			d.fail()
			return ""
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(d.b) {
			break
		}
		n := 2
		switch e := d.b[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(d.b[i+2:])
			if !ok || utf16.IsSurrogate(r) {
				d.fail()
				return ""
			}
			out, n = utf8.AppendRune(out, r), 6
		default:
			d.fail()
			return ""
		}
		i += n
	}
	d.fail()
	return ""
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	return rune(v), err == nil
}

// integer reads an integer literal: no fraction, no exponent (into an
// integer field encoding/json refuses them too, with its own error).
func (d *decoder) integer() string {
	if d.bad {
		return ""
	}
	d.peek()
	start := d.off
	if d.off < len(d.b) && d.b[d.off] == '-' {
		d.off++
	}
	digits := d.off
	for d.off < len(d.b) && d.b[d.off] >= '0' && d.b[d.off] <= '9' {
		d.off++
	}
	n := d.off - digits
	if n == 0 || (n > 1 && d.b[digits] == '0') || (d.off < len(d.b) && (d.b[d.off] == '.' || d.b[d.off]|0x20 == 'e')) {
		d.fail()
		return ""
	}
	return string(d.b[start:d.off])
}

func (d *decoder) int(bits int) int64 {
	v, err := strconv.ParseInt(d.integer(), 10, bits)
	if err != nil {
		d.fail()
	}
	return v
}

func (d *decoder) uint(bits int) uint64 {
	v, err := strconv.ParseUint(d.integer(), 10, bits)
	if err != nil {
		d.fail()
	}
	return v
}

func (d *decoder) bool() bool {
	switch d.peek() {
	case 't':
		return d.literal("true")
	case 'f':
		d.literal("false")
	default:
		d.fail()
	}
	return false
}

func (d *decoder) literal(lit string) bool {
	if d.bad || len(d.b)-d.off < len(lit) || string(d.b[d.off:d.off+len(lit)]) != lit {
		d.fail()
		return false
	}
	d.off += len(lit)
	return true
}

// strs reads an array of strings; [] is an empty slice, not nil, as in
// encoding/json.
func strs[S ~string](d *decoder) []S {
	out := []S{}
	d.array(func() { out = append(out, S(d.str())) })
	return out
}

// strMap reads an object of strings.
func (d *decoder) strMap() map[string]string {
	m := map[string]string{}
	d.object(func(k string) bool {
		m[k] = d.str()
		return true
	})
	return m
}

func ptr[T any](v T) *T { return &v }
