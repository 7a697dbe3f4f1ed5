package hybridv1

import "testing"

func TestHybrid(t *testing.T) {
	v1 := "30 24 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n31 30 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
	if Hybrid(v1) || !Hybrid(v1+"32 30 0:28 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n") {
		t.Error("hybrid")
	}
	th, err := New(v1)
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	th.Do(func() { ran = true })
	th.Close()
	if !ran {
		t.Error("Do did not run f on a v1 host")
	}
}
