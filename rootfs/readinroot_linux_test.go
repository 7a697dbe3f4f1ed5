package rootfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestReadFileInRoot(t *testing.T) {
	host := t.TempDir() // stands for the host's /etc
	os.WriteFile(filepath.Join(host, "secret"), []byte("host"), 0o644)
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "etc"), 0o755)
	os.WriteFile(filepath.Join(root, "etc", "passwd"), []byte("root:x:0:0::/root:/bin/sh\n"), 0o644)
	os.WriteFile(filepath.Join(root, "secret"), []byte("container"), 0o644)
	os.WriteFile(filepath.Join(root, "big"), make([]byte, MaxInRootFile+1), 0o644)
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(host, "secret"), "abs")  // absolute: resolves in root, missing there
	link("../../../../../../../secret", "dots") // "..": stops at root
	link("/secret", "rooted")
	if err := unix.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("/fifo", "tofifo")
	os.Mkdir(filepath.Join(root, "dir"), 0o755)
	tests := []struct {
		path, want string
		err        error // nil: want is the content
		errText    string
	}{
		{"/etc/passwd", "root:x:0:0::/root:/bin/sh\n", nil, ""},
		{"etc/../etc/passwd", "root:x:0:0::/root:/bin/sh\n", nil, ""},
		{"/dots", "container", nil, ""},
		{"/rooted", "container", nil, ""},
		{"/abs", "", fs.ErrNotExist, ""},
		{"/missing", "", fs.ErrNotExist, ""},
		{"/fifo", "", ErrNotRegular, ""},
		{"/tofifo", "", ErrNotRegular, ""},
		{"/dir", "", ErrNotRegular, ""},
		{"/big", "", nil, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b, err := ReadFileInRoot(root, tt.path)
			switch {
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
			case tt.errText != "":
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err %v, want one saying %q", err, tt.errText)
				}
			case err != nil || string(b) != tt.want:
				t.Fatalf("got %q, %v; want %q", b, err, tt.want)
			}
		})
	}
}

// A character device (the container's /dev/zero) is refused before it is
// read: reading it would never end.
func TestReadFileInRootDevice(t *testing.T) {
	root := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(root, "dev"), 0o755)
	if err := unix.Mknod(filepath.Join(root, "dev", "zero"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 5))); err != nil {
		t.Skipf("mknod: %v", err)
	}
	if _, err := ReadFileInRoot(root, "/zero"); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("err %v, want %v", err, ErrNotRegular)
	}
}
