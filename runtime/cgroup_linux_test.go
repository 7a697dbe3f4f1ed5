package runtime

import (
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestCgroupPathFor(t *testing.T) {
	r, err := New(t.TempDir(), WithCgroupParent("/p"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		spec *specs.Spec
		want string
	}{
		{"derived from the id", &specs.Spec{}, "/p/abc"},
		{"no cgroups path", &specs.Spec{Linux: &specs.Linux{}}, "/p/abc"},
		{"the spec's", &specs.Spec{Linux: &specs.Linux{CgroupsPath: "/other/x"}}, "/other/x"},
		{"relative: under the parent", &specs.Spec{Linux: &specs.Linux{CgroupsPath: "a/b"}}, "/p/a/b"},
		{"relative, climbing out: left to be refused", &specs.Spec{Linux: &specs.Linux{CgroupsPath: "../x"}}, "../x"},
	}
	for _, tt := range tests {
		if got := r.cgroupPathFor("abc", tt.spec); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if d, _ := New(t.TempDir()); d.CgroupPath("abc") != defaultCgroupParent+"/abc" {
		t.Errorf("default CgroupPath = %q", d.CgroupPath("abc"))
	}
}

// TestCgroupByID drives a container's cgroup by id only, and removes it
// once its state.json is gone (what a crashed run leaves).
func TestCgroupByID(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	const id = "cgbyid"
	c, err := r.Create(id, CreateOpts{Bundle: bundle, Spec: testSpec("sh", "-c", "sleep 100 & sleep 100; wait")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { p, _ := r.Pids(id); return len(p) == 3 })
	st, err := r.Stats(id)
	if err != nil || st.Pids != 3 {
		t.Errorf("stats = %+v, %v; want 3 pids", st, err)
	}
	if err := r.Freeze(id); err != nil {
		t.Fatal(err)
	}
	if err := r.Thaw(id); err != nil {
		t.Fatal(err)
	}
	if oom, err := r.OOMKilled(id); err != nil || oom {
		t.Errorf("oom = %v, %v", oom, err)
	}
	if err := os.RemoveAll(filepath.Join(r.root, id)); err != nil {
		t.Fatal(err)
	}
	if !r.CgroupExists(id) {
		t.Fatal("cgroup not found without state.json")
	}
	if err := r.RemoveCgroup(id); err != nil {
		t.Fatal(err)
	}
	if r.CgroupExists(id) {
		t.Error("cgroup still there after RemoveCgroup")
	}
	if _, err := c.Wait(); err != nil {
		t.Error(err)
	}
	if err := r.RemoveCgroup(id); err != nil {
		t.Errorf("second remove: %v", err)
	}
	if _, err := r.Stats("../x"); err == nil {
		t.Error("stats of an invalid id: no error")
	}
}
