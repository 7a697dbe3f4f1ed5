package engine

import (
	"fmt"
	"strings"
)

// DefaultDetachKeys are Docker's: ctrl-p, ctrl-q.
const DefaultDetachKeys = "ctrl-p,ctrl-q"

// ParseDetachKeys reads Docker's --detach-keys: comma-separated keys, each
// a single character or ctrl-<char> (a-z, @, [, \, ], ^, _).
func ParseDetachKeys(s string) ([]byte, error) {
	if s == "" {
		s = DefaultDetachKeys
	}
	var out []byte
	for _, k := range strings.Split(s, ",") {
		if len(k) == 1 {
			out = append(out, k[0])
			continue
		}
		c, ok := strings.CutPrefix(strings.ToLower(k), "ctrl-")
		if !ok || len(c) != 1 {
			return nil, fmt.Errorf("invalid detach keys (%s) provided: want keys like ctrl-p,ctrl-q or a single character", s)
		}
		switch b := c[0]; {
		case b >= 'a' && b <= 'z':
			out = append(out, b-'a'+1)
		case b == '@':
			out = append(out, 0)
		case b >= '[' && b <= '_':
			out = append(out, b-'['+27)
		default:
			return nil, fmt.Errorf("invalid detach keys (%s) provided: unknown key %q", s, k)
		}
	}
	return out, nil
}

// detachFilter finds the detach keys in what the user types.
type detachFilter struct {
	keys    []byte
	matched int // how many of keys were typed last, held back
}

// filter returns the bytes of p to forward (with a held-back partial match
// that turned out not to be one) and whether the whole sequence was typed.
func (d *detachFilter) filter(p []byte) ([]byte, bool) {
	var out []byte
	for _, b := range p {
		if b != d.keys[d.matched] && d.matched > 0 {
			out = append(out, d.keys[:d.matched]...)
			d.matched = 0
		}
		if b == d.keys[d.matched] {
			d.matched++
			if d.matched == len(d.keys) {
				return out, true
			}
			continue
		}
		out = append(out, b)
	}
	return out, false
}
