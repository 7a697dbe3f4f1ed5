package cgroups

import (
	"os"
	"strings"
	"testing"
)

// TestDetectHost compares Detect with the fs type /proc/self/mountinfo gives
// the root (tmpfs on v1 and hybrid hosts, cgroup2 on v2).
func TestDetectHost(t *testing.T) {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Skip(err)
	}
	fstype := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		for i := range f {
			if f[i] == "-" && i+1 < len(f) && len(f) > 4 {
				fstype[f[4]] = f[i+1]
			}
		}
	}
	for _, dir := range []string{DefaultRoot, DefaultRoot + "/unified"} {
		want := map[string]Mode{"cgroup2": V2, "tmpfs": V1}[fstype[dir]]
		if want == 0 {
			continue
		}
		if got, err := Detect(dir); got != want || err != nil {
			t.Errorf("Detect(%s) = %v, %v; mounted %s, want %v", dir, got, err, fstype[dir], want)
		}
	}
}

// TestDetectFeedsNew: New reuses what Detect found (the runtime detects
// before New; a second statfs would be wasted).
func TestDetectFeedsNew(t *testing.T) {
	modes.Delete(DefaultRoot)
	got, err := Detect(DefaultRoot)
	if err != nil {
		t.Skip(err)
	}
	if m, ok := modes.Load(DefaultRoot); !ok || m.(Mode) != got {
		t.Errorf("after Detect = %v: cached %v, %v", got, m, ok)
	}
	if m, err := detectCached(DefaultRoot); m != got || err != nil {
		t.Errorf("detectCached = %v, %v; want %v", m, err, got)
	}
}
