package initcodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The primitives of the init config's wire format (codec.go): varints
// (encoding/binary's, unsigned or zigzag), strings and slices as a uvarint
// length then the items, bools and "present" markers as one byte 0 or 1.

var errTruncated = errors.New("truncated")

// encoder appends to b; it cannot fail.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) length(n int)     { e.uvarint(uint64(n)) }

func (e *encoder) str(s string) {
	e.length(len(s))
	e.b = append(e.b, s...)
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// present writes the presence byte of an optional value, and returns it:
// the value follows when true.
func (e *encoder) present(v bool) bool {
	e.bool(v)
	return v
}

func putStrings[S ~string](e *encoder, ss []S) {
	e.length(len(ss))
	for _, s := range ss {
		e.str(string(s))
	}
}

// decoder reads b from off. The first error sticks: every later read
// returns a zero value (a zero length ends loops), and err names the field
// being read when it happened, e.g. "spec.mounts[2].options".
type decoder struct {
	b    []byte
	s    string // b as one string: string fields are sliced from it, not copied one by one
	off  int
	path []pathSeg
	err  error
}

type pathSeg struct {
	name string
	idx  int // element of a slice being read; -1 for none
}

func newDecoder(b []byte) *decoder {
	return &decoder{b: b, s: string(b), path: make([]pathSeg, 0, 8)}
}

func (d *decoder) enter(name string) { d.path = append(d.path, pathSeg{name, -1}) }
func (d *decoder) leave()            { d.path = d.path[:len(d.path)-1] }
func (d *decoder) at(i int)          { d.path[len(d.path)-1].idx = i }

// where is the dotted path of field, e.g. "process.capabilities.bounding".
func (d *decoder) where(field string) string {
	parts := make([]string, 0, len(d.path)+1)
	for _, p := range d.path {
		if p.idx >= 0 {
			p.name += "[" + strconv.Itoa(p.idx) + "]"
		}
		parts = append(parts, p.name)
	}
	if field != "" {
		parts = append(parts, field)
	}
	return strings.Join(parts, ".")
}

func (d *decoder) fail(field string, err error) {
	if d.err == nil {
		d.err = fmt.Errorf("init config: decode %s: %w", d.where(field), err)
	}
}

func (d *decoder) left() int { return len(d.b) - d.off }

func (d *decoder) uvarint(field string) uint64 { return readVarint(d, field, binary.Uvarint) }
func (d *decoder) varint(field string) int64   { return readVarint(d, field, binary.Varint) }

// readVarint reads one (u)varint with read (binary.Uvarint or Varint).
func readVarint[T uint64 | int64](d *decoder, field string, read func([]byte) (T, int)) T {
	if d.err != nil {
		return 0
	}
	v, n := read(d.b[d.off:])
	if n <= 0 {
		if n == 0 {
			d.fail(field, errTruncated)
		} else {
			d.fail(field, errors.New("varint overflows 64 bits"))
		}
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) u32(field string) uint32 {
	v := d.uvarint(field)
	if v > math.MaxUint32 {
		d.fail(field, fmt.Errorf("%d overflows uint32", v))
		return 0
	}
	return uint32(v)
}

func (d *decoder) i32(field string) int32 {
	v := d.varint(field)
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail(field, fmt.Errorf("%d overflows int32", v))
		return 0
	}
	return int32(v)
}

func (d *decoder) int(field string) int {
	v := d.varint(field)
	if int64(int(v)) != v {
		d.fail(field, fmt.Errorf("%d overflows int", v))
		return 0
	}
	return int(v)
}

func (d *decoder) uint(field string) uint {
	v := d.uvarint(field)
	if uint64(uint(v)) != v {
		d.fail(field, fmt.Errorf("%d overflows uint", v))
		return 0
	}
	return uint(v)
}

// length reads a count of items that take at least one byte each, so a
// garbage length cannot make the decoder allocate more than the input.
func (d *decoder) length(field string) int {
	n := d.uvarint(field)
	if n > uint64(d.left()) {
		d.fail(field, fmt.Errorf("%w: length %d, %d bytes left", errTruncated, n, d.left()))
		return 0
	}
	return int(n)
}

func (d *decoder) str(field string) string {
	n := d.length(field)
	s := d.s[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) byte(field string) byte {
	if d.err != nil {
		return 0
	}
	if d.left() == 0 {
		d.fail(field, errTruncated)
		return 0
	}
	c := d.b[d.off]
	d.off++
	return c
}

func (d *decoder) bool(field string) bool {
	switch c := d.byte(field); c {
	case 0:
		return false
	case 1:
		return true
	default:
		d.fail(field, fmt.Errorf("bad bool byte %#x", c))
		return false
	}
}

// present reads the presence byte of an optional value.
func (d *decoder) present(field string) bool { return d.bool(field) }

// getStrings reads a string slice; an empty one decodes as nil.
func getStrings[S ~string](d *decoder, field string) []S {
	return getList(d, field, func(s *S) { *s = S(d.str("")) })
}

// putList writes a length, then each item with put.
func putList[T any](e *encoder, items []T, put func(*T)) {
	e.length(len(items))
	for i := range items {
		put(&items[i])
	}
}

// getList reads what putList wrote, each item with get (errors name the
// field and the index); an empty list decodes as nil.
func getList[T any](d *decoder, field string, get func(*T)) []T {
	n := d.length(field)
	if n == 0 {
		return nil
	}
	out := make([]T, n)
	d.enter(field)
	for i := range out {
		d.at(i)
		get(&out[i])
	}
	d.leave()
	return out
}
