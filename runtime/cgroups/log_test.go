package cgroups

import (
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/testutil"
)

func TestLogsWrites(t *testing.T) {
	limit, pids := int64(64<<20), int64(50)
	res := &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit}, Pids: &specs.LinuxPids{Limit: &pids}}
	tests := []struct {
		mode   Mode
		root   func(t *testing.T) string
		logger bool
		want   []string // with ROOT for the hierarchy root
	}{
		{V1, func(t *testing.T) string { return fakeV1(t, "/tent/c1", "memory", "pids") }, false, nil},
		{V1, func(t *testing.T) string { return fakeV1(t, "/tent/c1", "memory", "pids") }, true, []string{
			"v1 /tent/c1: mkdir in memory,pids under ROOT",
			"ROOT/memory/tent/c1/memory.limit_in_bytes ← 67108864",
			"ROOT/pids/tent/c1/pids.max ← 50",
			"v1 /tent/c1: cgroup.procs ← 1 in memory,pids",
			"v1 /tent/c1: rmdir in memory,pids",
		}},
		{V2, func(t *testing.T) string { return fakeV2(t, "/tent/c1") }, false, nil},
		{V2, func(t *testing.T) string { return fakeV2(t, "/tent/c1") }, true, []string{
			"v2 /tent/c1: mkdir ROOT/tent/c1",
			"ROOT/tent/c1/memory.max ← 67108864",
			"ROOT/tent/c1/pids.max ← 50",
			"ROOT/tent/c1/cgroup.procs ← 1",
			"v2 /tent/c1: rmdir ROOT/tent/c1",
		}},
	}
	for _, tt := range tests {
		root := tt.root(t)
		l, h := testutil.DebugLogger()
		opts := []Option{WithRoot(root), WithMode(tt.mode)}
		if tt.logger {
			opts = append(opts, WithLogger(l))
		}
		m, err := New("/tent/c1", opts...)
		if err != nil {
			t.Fatal(err)
		}
		switch m := m.(type) {
		case *v1:
			m.rmdir = removeAll
		case *v2:
			m.rmdir = removeAll
		}
		if err := m.Create(res); err != nil {
			t.Fatal(err)
		}
		if err := m.Apply(1); err != nil {
			t.Fatal(err)
		}
		_ = m.Destroy()
		out := testutil.Messages(h)
		if !tt.logger && len(out) > 0 {
			t.Errorf("%v: logged without WithLogger:\n%s", tt.mode, out)
		}
		for _, w := range tt.want {
			if w = strings.ReplaceAll(w, "ROOT", filepath.Clean(root)); !strings.Contains(out, w+"\n") {
				t.Errorf("%v: no line %q in\n%s", tt.mode, w, out)
			}
		}
	}
}
