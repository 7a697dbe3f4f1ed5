package jsonlite

import (
	"bytes"
	"encoding/base64"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Decoder reads a JSON object field by field, for a caller that decodes
// its own struct without reflection. Like DecodeSpec's, it refuses what
// it cannot read exactly as encoding/json would (OK is then false), and
// the caller decodes the document with encoding/json instead.
type Decoder struct{ d decoder }

// NewDecoder reads b.
func NewDecoder(b []byte) *Decoder { return &Decoder{decoder{b: b}} }

// OK is true when the whole document was read and nothing was refused.
func (d *Decoder) OK() bool { return d.d.end() }

// Object calls field for each key of an object; field reads the value
// and returns false for a key it does not take (the document is refused).
func (d *Decoder) Object(field func(key string) bool) { d.d.object(field) }

// String reads a string.
func (d *Decoder) String() string { return d.d.str() }

// Int reads an integer that fits in bits (an int is 0: its size).
func (d *Decoder) Int(bits int) int64 { return d.d.int(bits) }

// Uint reads a non-negative integer that fits in bits.
func (d *Decoder) Uint(bits int) uint64 { return d.d.uint(bits) }

// Strings reads an array of strings ([] is empty, not nil).
func (d *Decoder) Strings() []string { return strs[string](&d.d) }

// NullStrings reads a []string or null, which is nil (encoding/json's
// null into a slice).
func (d *Decoder) NullStrings() []string {
	if d.Null() {
		return nil
	}
	return d.Strings()
}

// Bool reads true or false.
func (d *Decoder) Bool() bool { return d.d.bool() }

// Array calls elem for each element of an array; elem reads it.
func (d *Decoder) Array(elem func()) { d.d.array(elem) }

// StringMap reads an object of strings.
func (d *Decoder) StringMap() map[string]string { return d.d.strMap() }

// Skip reads over a value: a key the caller does not decode.
func (d *Decoder) Skip() { d.d.skip() }

// Null reads a null if one is next, and says so; into a slice, map or
// pointer of a fresh struct, encoding/json leaves it nil.
func (d *Decoder) Null() bool {
	if d.d.bad || d.d.peek() != 'n' {
		return false
	}
	return d.d.literal("null")
}

// Hooks reads an OCI hooks object.
func (d *Decoder) Hooks() *specs.Hooks { return d.d.hooks() }

// Bytes reads a []byte as encoding/json writes it: a base64 string.
func (d *Decoder) Bytes() []byte {
	s := d.d.str()
	if d.d.bad {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		d.d.fail()
	}
	return b
}

// Time reads a time.Time as its UnmarshalJSON does, which does not
// unescape: a string with an escape is refused.
func (d *Decoder) Time() time.Time {
	var t time.Time
	d.d.peek()
	start := d.d.off
	s := d.d.str()
	if d.d.bad || bytes.IndexByte(d.d.b[start:d.d.off], '\\') >= 0 {
		d.d.fail()
		return t
	}
	if err := t.UnmarshalText([]byte(s)); err != nil {
		d.d.fail()
	}
	return t
}
