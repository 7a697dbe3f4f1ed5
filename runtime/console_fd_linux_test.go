package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The console's bind target is made and opened without following a
// symlink: a /dev/console planted as a symlink is refused.
func TestConsoleTarget(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(dev string)
		ok    bool
	}{
		{"missing: made", func(string) {}, true},
		{"a file", func(d string) { os.WriteFile(filepath.Join(d, "console"), nil, 0o600) }, true},
		{"a symlink", func(d string) { os.Symlink("/proc/sys/kernel/core_pattern", filepath.Join(d, "console")) }, false},
		{"a dangling symlink", func(d string) { os.Symlink("/nowhere", filepath.Join(d, "console")) }, false},
		{"a dir", func(d string) { os.Mkdir(filepath.Join(d, "console"), 0o755) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dev := t.TempDir()
			tt.setup(dev)
			d, err := os.Open(dev)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			fd, err := consoleTarget(int(d.Fd()))
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok %v", err, tt.ok)
			}
			if err == nil {
				unix.Close(fd)
			}
			if _, err := os.Stat("/nowhere"); err == nil {
				t.Fatal("the dangling symlink's target was made")
			}
		})
	}
}

// /dev/pts/ptmx is opened following no symlink, and only on devpts.
func TestOpenDevptsRefuses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ptmx")
	os.WriteFile(file, nil, 0o644)
	link := filepath.Join(dir, "link")
	os.Symlink("/dev/pts/ptmx", link)
	for _, p := range []string{file, link} {
		if fd, err := openDevpts(strings.TrimPrefix(p, "/"), unix.O_RDONLY|unix.O_CLOEXEC); err == nil {
			unix.Close(fd)
			t.Errorf("%s opened as devpts", p)
		}
	}
}
