package cpio

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitramfsCpio checks the archive with the system's cpio, when there is one.
func TestInitramfsCpio(t *testing.T) {
	cpio, err := exec.LookPath("cpio")
	if err != nil {
		t.Skip("no cpio")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	os.WriteFile(src, []byte("hello from the host"), 0o644)
	a := New()
	a.File("bin/busybox", src, 0o755)
	a.Data("init", []byte("#!/bin/sh\n"), 0o755)
	a.Symlink("bin/sh", "busybox")
	a.Dir("proc")
	img := filepath.Join(dir, "initrd")
	if err := a.WriteFile(img); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ args, want string }{
		{"-it", "bin\nbin/busybox\nbin/sh\ninit\nproc\n"},
		{"-itv", "bin/sh -> busybox"},
	} {
		cmd := exec.Command(cpio, append(strings.Fields(tc.args), "-F", img)...)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("cpio %s: %v\n%s\nwant %q", tc.args, err, out, tc.want)
		}
	}
	x := filepath.Join(dir, "x")
	os.Mkdir(x, 0o755)
	cmd := exec.Command(cpio, "-id", "-F", img)
	cmd.Dir = x
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cpio -id: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(filepath.Join(x, "bin/busybox")); string(b) != "hello from the host" {
		t.Errorf("bin/busybox = %q", b)
	}
	if fi, _ := os.Stat(filepath.Join(x, "init")); fi == nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("init mode: %v", fi)
	}
}
