package runtime

import (
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestMakeDevicesAndHostBind(t *testing.T) {
	testutil.RequireRoot(t)
	root := t.TempDir()
	devs := []specs.LinuxDevice{{Path: "/dev/null", Type: "c", Major: 1, Minor: 3}, {Path: "/dev/net/tun", Type: "c", Major: 10, Minor: 200}}
	if err := makeDevices(root, devs); err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	if err := unix.Stat(filepath.Join(root, "dev/net/tun"), &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(st.Rdev) != 10 {
		t.Errorf("tun: %+v %v", st, err)
	}
	if l, err := filepathReadlink(filepath.Join(root, "dev/ptmx")); err != nil || l != "pts/ptmx" {
		t.Errorf("ptmx link %q %v", l, err)
	}
	// The fallback when mknod is refused: a bind of the host's node.
	dirfd, err := unix.Open(filepath.Join(root, "dev"), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dirfd)
	if err := bindHostDevice(dirfd, "zero", "/dev/zero"); err != nil {
		t.Fatal(err)
	}
	defer unix.Unmount(filepath.Join(root, "dev/zero"), unix.MNT_DETACH)
	if err := unix.Stat(filepath.Join(root, "dev/zero"), &st); err != nil || unix.Major(st.Rdev) != 1 || unix.Minor(st.Rdev) != 5 {
		t.Errorf("bound zero: %+v %v", st, err)
	}
}

func filepathReadlink(p string) (string, error) {
	buf := make([]byte, 256)
	n, err := unix.Readlink(p, buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}
