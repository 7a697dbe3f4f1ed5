package runtime

import (
	"fmt"
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// TestStaticTable: what the init does before the command's path arrives
// (slave mounts, a network namespace joined by path, the v1 cgroup join,
// the "J" after either, the cgroup namespace),
// the read of that path, and the final execve of what it read.
func TestStaticTable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tasks    []string
		cgroupNS bool
		netns    string   // a network namespace joined by path
		want     []string // the entries up to the read
	}{
		{"v1", []string{"/sys/fs/cgroup/cpu/tent/c1/tasks", "/sys/fs/cgroup/pids/tent/c1/tasks"}, false, "", []string{
			"mount / 0x84000", "close_range 5", "openat /sys/fs/cgroup/cpu/tent/c1/tasks", "write 5 0", "close 5",
			"openat /sys/fs/cgroup/pids/tent/c1/tasks", "write 5 0", "close 5", "write 4 J", "read 3"}},
		{"v2, cgroup namespace", nil, true, "", []string{"mount / 0x84000", "unshare 0x2000000", "read 3"}},
		{"v1, a network namespace joined", []string{"/sys/fs/cgroup/cpu/tent/c1/tasks"}, false, "/proc/7/root/run/tent/netns/c1", []string{
			"mount / 0x84000", "close_range 5", "openat /proc/7/root/run/tent/netns/c1", "setns 5 0x40000000", "close 5",
			"openat /sys/fs/cgroup/cpu/tent/c1/tasks", "write 5 0", "close 5", "write 4 J", "read 3"}},
		{"v2, a network namespace joined", nil, false, "/run/tent/netns/c1", []string{
			"mount / 0x84000", "close_range 5", "openat /run/tent/netns/c1", "setns 5 0x40000000", "close 5", "write 4 J", "read 3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := spec.Default()
			if err != nil {
				t.Fatal(err)
			}
			s.Process.Args = []string{"sleep", "1"}
			cfg := &initcodec.Config{Spec: initcodec.TrimSpec(s), Process: s.Process, StartNow: true, UnshareCgroupNS: tc.cgroupNS}
			if tc.netns != "" {
				cfg.Joins = []initcodec.NamespaceJoin{{Type: specs.NetworkNamespace, Path: tc.netns}}
			}
			sp, why := planStatic(s, cfg, unix.CLONE_NEWNS|unix.CLONE_NEWPID, "/sys/fs/cgroup/tent/c1")
			if why != "" {
				t.Fatal(why)
			}
			tb, err := staticTable(cfg, sp, tc.tasks)
			if err != nil {
				t.Fatal(err)
			}
			d := mustDecode(t, tb)
			var got []string
			buf := uint64(0)
			for _, e := range d.entries {
				a := e.args
				switch e.nr {
				case unix.SYS_MOUNT:
					got = append(got, fmt.Sprintf("mount %s %#x", d.cstr(a[1]), a[3]))
				case unix.SYS_CLOSE_RANGE:
					got = append(got, fmt.Sprintf("close_range %d", a[0]))
				case unix.SYS_OPENAT:
					got = append(got, "openat "+d.cstr(a[1]))
				case unix.SYS_WRITE:
					got = append(got, fmt.Sprintf("write %d %s", a[0], d.b[a[1]:a[1]+a[2]]))
				case unix.SYS_CLOSE:
					got = append(got, fmt.Sprintf("close %d", a[0]))
				case unix.SYS_SETNS:
					got = append(got, fmt.Sprintf("setns %d %#x", a[0], a[1]))
				case unix.SYS_UNSHARE:
					got = append(got, fmt.Sprintf("unshare %#x", a[0]))
				case unix.SYS_READ:
					got, buf = append(got, fmt.Sprintf("read %d", a[0])), a[1]
				}
				if buf != 0 {
					break
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("before the command's path:\n%v\nwant\n%v", got, tc.want)
			}
			last := d.entries[len(d.entries)-1]
			if last.nr != unix.SYS_EXECVE || last.args[0] != buf {
				t.Errorf("the last entry execs %#x, want the buffer read into (%#x)", last.args[0], buf)
			}
		})
	}
}
