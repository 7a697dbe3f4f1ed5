package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/cgroups/devices"
)

// TestStaticInitJoinsNetns: an init spawned ahead without a network
// namespace of its own, for a spec naming one by path that is made after
// the spawn (as tent run's bridge does), is the static init, and the
// container runs in that namespace: its sysfs, mounted by tent's thread,
// shows that namespace's devices (only lo). The VM test runs it on
// cgroup v2, where the init writes no tasks files and its "J" follows the
// join alone.
func TestStaticInitJoinsNetns(t *testing.T) {
	testutil.RequireRoot(t)
	// Device control as tent gives it (on cgroup v2, an eBPF filter).
	r, err := New(t.TempDir(), WithCgroupParent("/tenttest"), WithDeviceFilter(devices.Filter{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.RemoveInitBinary() })
	bundle := busyboxBundle(t)
	out, errf := tempFile(t), tempFile(t)
	sp, err := r.Spawn(SpawnOpts{Namespaces: []specs.LinuxNamespace{{Type: "pid"}, {Type: "ipc"}, {Type: "uts"}, {Type: "mount"},
		{Type: "network", Path: "joined later"}}, Stdio: Stdio{Stdout: out, Stderr: errf}})
	if err != nil {
		t.Fatal(err)
	}
	if !sp.p.static {
		sp.Abort()
		t.Skip("no static init on this host")
	}
	netns := makeNetns(t)
	var st unix.Stat_t
	if err := unix.Stat(netns, &st); err != nil {
		t.Fatal(err)
	}
	spec := testSpec("sh", "-c", "ls /sys/class/net; readlink /proc/self/ns/net")
	for i, n := range spec.Linux.Namespaces {
		if n.Type == specs.NetworkNamespace {
			spec.Linux.Namespaces[i].Path = netns
		}
	}
	id := fmt.Sprintf("n%d", time.Now().UnixNano())
	c, err := r.Create(id, CreateOpts{Bundle: bundle, Spec: spec, Spawned: sp, Stdio: Stdio{Stdout: out, Stderr: errf}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if c.(*container).static == nil {
		t.Error("the Go init set the container up, not the static init")
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if ws, err := c.Wait(); err != nil || ws.Code != 0 {
		t.Fatalf("wait: %+v, %v (stderr %q)", ws, err, readBack(t, errf))
	}
	want := fmt.Sprintf("lo\nnet:[%d]", st.Ino)
	if got := strings.TrimSpace(readBack(t, out)); got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

// makeNetns makes a network namespace held by a bind mount on a file.
func makeNetns(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "netns")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		goruntime.LockOSThread() // not unlocked: the thread dies with the goroutine
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		errc <- unix.Mount("/proc/thread-self/ns/net", p, "", unix.MS_BIND, "")
	}()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = unix.Unmount(p, unix.MNT_DETACH) })
	return p
}
