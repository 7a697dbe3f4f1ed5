package progress

import (
	"bytes"
	"testing"
)

func TestHumanSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "0 B"}, {999, "999 B"}, {1000, "1 kB"}, {2_100_000, "2.1 MB"}, {40_540_118, "40.5 MB"}, {3 << 30, "3.22 GB"}}
	for _, tt := range tests {
		if got := HumanSize(tt.n); got != tt.want {
			t.Errorf("HumanSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPlain(t *testing.T) {
	var b bytes.Buffer
	p := NewPlain(&b)
	p.Start("a1b2c3d4e5f6", 2_100_000)
	p.Add("a1b2c3d4e5f6", 2_000_000)
	p.Add("a1b2c3d4e5f6", 100_000)
	p.Done("a1b2c3d4e5f6", "Pull complete")
	p.Done("0123456789ab", "Already exists")
	want := "a1b2c3d4e5f6: Pull complete 2.1 MB\n0123456789ab: Already exists\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
