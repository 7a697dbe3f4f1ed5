package runtime

import (
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/moby/sys/mountinfo"
)

func TestPlanV1CgroupBinds(t *testing.T) {
	got := planV1CgroupBinds([]string{"/sys/fs/cgroup/memory", "/sys/fs/cgroup/cpu,cpuacct"}, "/tent/abc")
	want := []cgroupBind{
		{Source: "/sys/fs/cgroup/memory/tent/abc", Name: "memory"},
		{Source: "/sys/fs/cgroup/cpu,cpuacct/tent/abc", Name: "cpu,cpuacct", Links: []string{"cpu", "cpuacct"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("plan = %+v\nwant %+v", got, want)
	}
}

// TestV1Hierarchies: the hierarchies found by statfs(2) of /sys/fs/cgroup's
// dirs are the v1 cgroup mounts mountinfo lists there.
func TestV1Hierarchies(t *testing.T) {
	ms, err := mountinfo.GetMounts(mountinfo.FSTypeFilter("cgroup"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range ms {
		if filepath.Dir(m.Mountpoint) == cgroupRoot {
			want = append(want, m.Mountpoint)
		}
	}
	if len(want) == 0 {
		t.Skip("no cgroup v1 hierarchy mounted on this host (pure cgroup v2)")
	}
	got, err := v1Hierarchies()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	want = slices.Compact(want) // a hierarchy mounted twice on one point
	if !slices.Equal(got, want) {
		t.Errorf("v1Hierarchies() = %v, mountinfo lists %v", got, want)
	}
}
