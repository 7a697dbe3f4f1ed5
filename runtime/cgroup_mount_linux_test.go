package runtime

import (
	"reflect"
	"testing"
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
