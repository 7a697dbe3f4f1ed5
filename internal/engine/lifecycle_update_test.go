package engine

import (
	"strings"
	"testing"
)

func TestApplyUpdate(t *testing.T) {
	p := func(v int64) *int64 { return &v }
	s := func(v string) *string { return &v }
	for _, tc := range []struct {
		name string
		o    RunOptions
		u    UpdateOptions
		want RunOptions
		err  string
	}{
		{"memory", RunOptions{Memory: 64 << 20}, UpdateOptions{Memory: p(96 << 20)}, RunOptions{Memory: 96 << 20}, ""},
		{"too small", RunOptions{}, UpdateOptions{Memory: p(1024)}, RunOptions{}, "minimum memory"},
		{"above the swap", RunOptions{Memory: 64 << 20, MemorySwap: 128 << 20}, UpdateOptions{Memory: p(256 << 20)}, RunOptions{}, "memoryswap"},
		{"with the swap", RunOptions{Memory: 64 << 20, MemorySwap: 128 << 20}, UpdateOptions{Memory: p(256 << 20), MemorySwap: p(512 << 20)},
			RunOptions{Memory: 256 << 20, MemorySwap: 512 << 20}, ""},
		{"restart", RunOptions{}, UpdateOptions{Restart: s("on-failure:3")}, RunOptions{Restart: "on-failure:3"}, ""},
		{"bad restart", RunOptions{}, UpdateOptions{Restart: s("sometimes")}, RunOptions{}, "invalid restart policy"},
		{"restart with --rm", RunOptions{Rm: true}, UpdateOptions{Restart: s("always")}, RunOptions{}, "AutoRemove"},
		{"pids", RunOptions{PidsLimit: 50}, UpdateOptions{PidsLimit: p(-1)}, RunOptions{PidsLimit: -1}, ""},
	} {
		o := tc.o
		err := applyUpdate(&o, tc.u)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || o.Memory != tc.want.Memory || o.MemorySwap != tc.want.MemorySwap || o.Restart != tc.want.Restart || o.PidsLimit != tc.want.PidsLimit {
			t.Errorf("%s: %+v, %v", tc.name, o, err)
		}
	}
}
