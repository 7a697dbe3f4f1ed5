package engine

import (
	"bytes"
	"testing"
)

func TestParseDetachKeys(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []byte
	}{
		{"", []byte{16, 17}},
		{"ctrl-p,ctrl-q", []byte{16, 17}},
		{"ctrl-a,x", []byte{1, 'x'}},
		{"CTRL-Z", []byte{26}},
		{"ctrl-@,ctrl-[,ctrl-_", []byte{0, 27, 31}},
	} {
		got, err := ParseDetachKeys(tc.in)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"ctrl-", "alt-x", "ctrl-ab", "ab", "ctrl-1"} {
		if _, err := ParseDetachKeys(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestDetachFilter(t *testing.T) {
	for _, tc := range []struct {
		in     []string // successive reads
		out    string
		detach bool
	}{
		{[]string{"ls\r"}, "ls\r", false},
		{[]string{"a\x10\x11"}, "a", true},
		{[]string{"a\x10", "\x11"}, "a", true},    // across reads
		{[]string{"\x10b"}, "\x10b", false},       // ctrl-p alone goes through
		{[]string{"\x10\x10\x11"}, "\x10", true},  // a repeated first key
		{[]string{"x\x10", "y"}, "x\x10y", false}, // held back, then released
	} {
		d := &detachFilter{keys: []byte{16, 17}}
		var out []byte
		detach := false
		for _, p := range tc.in {
			o, det := d.filter([]byte(p))
			out = append(out, o...)
			if det {
				detach = true
				break
			}
		}
		if string(out) != tc.out || detach != tc.detach {
			t.Errorf("%q: %q, %v; want %q, %v", tc.in, out, detach, tc.out, tc.detach)
		}
	}
}
