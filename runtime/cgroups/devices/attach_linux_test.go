package devices

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// cgroup2Dir makes a cgroup on a cgroup2 mount (v2's /sys/fs/cgroup or a
// hybrid host's /sys/fs/cgroup/unified), removed at the end; root only.
func cgroup2Dir(tb testing.TB) string {
	tb.Helper()
	testutil.RequireRoot(tb, "bpf(2) and a cgroup2 mount")
	for _, root := range []string{"/sys/fs/cgroup", "/sys/fs/cgroup/unified"} {
		var st unix.Statfs_t
		if unix.Statfs(root, &st) == nil && st.Type == unix.CGROUP2_SUPER_MAGIC {
			dir := filepath.Join(root, fmt.Sprintf("tent-devtest-%d", os.Getpid()))
			if err := os.Mkdir(dir, 0o755); err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { unix.Rmdir(dir) })
			return dir
		}
	}
	tb.Skip("no cgroup2 mount")
	return ""
}

// TestAttach: the kernel's verifier accepts the program and it attaches.
func TestAttach(t *testing.T) {
	dir := cgroup2Dir(t)
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := (Filter{}).Attach(fd, dockerRules); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkAttach is what a v2 container start pays: load the program
// (the verifier) and attach it to a new cgroup. The mkdir and rmdir of the
// cgroup are timed apart.
func BenchmarkAttach(b *testing.B) {
	parent := cgroup2Dir(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(parent, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := (Filter{}).Attach(fd, dockerRules); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		unix.Close(fd)
		if err := unix.Rmdir(dir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
