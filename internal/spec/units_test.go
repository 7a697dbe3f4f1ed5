package spec

import "testing"

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"", 0, false}, {"100", 100, false}, {"100b", 100, false}, {"4k", 4096, false},
		{"32m", 32 << 20, false}, {"32MB", 32 << 20, false}, {"32MiB", 32 << 20, false}, {"1.5g", 3 << 29, false},
		{"1t", 1 << 40, false}, {"1p", 1 << 50, false}, {"64 m", 64 << 20, false},
		{"m", 0, true}, {"-1m", 0, true}, {"12x", 0, true}, {"1mbb", 0, true}, {"inf", 0, true}, {"1..2m", 0, true},
	} {
		got, err := ParseBytes(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseBytes(%q) = %d, %v", tc.in, got, err)
		}
	}
}
