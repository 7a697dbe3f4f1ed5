package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// mountsAt counts the mounts whose mount point is path.
func mountsAt(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 4 && f[4] == path {
			n++
		}
	}
	return n
}

func TestInitExe(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	want := filepath.Join(r.root, protectedExeName)
	check := func(step string) {
		t.Helper()
		p, err := initExe(r.root)
		if err != nil || p != want {
			t.Fatalf("%s: initExe = %q, %v; want %q", step, p, err, want)
		}
		if ok, err := protectedOK(initBinary().id, p); !ok {
			t.Fatalf("%s: %s is no read-only view of %s (%v)", step, p, initBinary().path, err)
		}
		// This test's binary is running: ETXTBSY comes before EROFS.
		if _, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0); !errors.Is(err, unix.EROFS) && !errors.Is(err, unix.ETXTBSY) {
			t.Fatalf("%s: open %s for writing: %v, want EROFS or ETXTBSY", step, p, err)
		}
		if n := mountsAt(t, p); n != 1 {
			t.Fatalf("%s: %d mounts on %s, want 1", step, n, p)
		}
	}
	check("first use")
	check("reuse")

	// Gone (unmounted by hand): remade.
	if err := unix.Unmount(want, unix.MNT_DETACH); err != nil {
		t.Fatal(err)
	}
	check("after an unmount")

	// Stale: another file (a reinstalled binary) stacked on it, writable.
	other := filepath.Join(t.TempDir(), "other")
	if err := os.WriteFile(other, []byte("old build"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount(other, want, "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	check("after a stale mount")

	if err := r.RemoveInitBinary(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("after RemoveInitBinary: stat %s: %v", want, err)
	}
}

// TestMountProtected: through the mount, a binary that is not running (the
// host's tent-init between runs) cannot be opened for writing.
func TestMountProtected(t *testing.T) {
	testutil.RequireRoot(t)
	dir := t.TempDir()
	src, mnt := filepath.Join(dir, "bin"), filepath.Join(dir, "mnt")
	if err := os.WriteFile(src, []byte("#!/bin/true\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := mountProtected(src, mnt); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = unix.Unmount(mnt, unix.MNT_DETACH) })
	for _, flag := range []int{os.O_WRONLY, os.O_RDWR, os.O_WRONLY | os.O_TRUNC} {
		if _, err := os.OpenFile(mnt, flag, 0); !errors.Is(err, unix.EROFS) {
			t.Errorf("open %s with %#x: %v, want EROFS", mnt, flag, err)
		}
	}
	var st unix.Stat_t
	if err := unix.Stat(src, &st); err != nil {
		t.Fatal(err)
	}
	if ok, err := protectedOK(idOf(&st), mnt); !ok {
		t.Errorf("protectedOK(%s, %s) = false, %v", src, mnt, err)
	}
}
