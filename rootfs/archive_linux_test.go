package rootfs

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

func openDir(t *testing.T, dir string) int {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

func tarNames(t *testing.T, b []byte) map[string]*tar.Header {
	t.Helper()
	out := map[string]*tar.Header{}
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = h
	}
}

func TestArchiveRoundTrip(t *testing.T) {
	src := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(src, "d/sub"), 0o750))
	must(os.WriteFile(filepath.Join(src, "d/f"), []byte("data"), 0o640))
	must(os.WriteFile(filepath.Join(src, "d/.wh.keep"), []byte("not a whiteout"), 0o600))
	must(os.Link(filepath.Join(src, "d/f"), filepath.Join(src, "d/sub/hard")))
	must(os.Symlink("/etc/passwd", filepath.Join(src, "d/link")))
	var buf bytes.Buffer
	must(Archive(openDir(t, src), "/d", "copy", false, &buf))
	hs := tarNames(t, buf.Bytes())
	for name, typ := range map[string]byte{"copy/": tar.TypeDir, "copy/f": tar.TypeReg, "copy/link": tar.TypeSymlink, "copy/sub/": tar.TypeDir} {
		if h := hs[name]; h == nil || h.Typeflag != typ {
			t.Errorf("%s: %+v", name, h)
		}
	}
	if h := hs["copy/sub/hard"]; h == nil || (h.Typeflag != tar.TypeLink && hs["copy/f"].Typeflag != tar.TypeLink) {
		t.Errorf("no hardlink: %+v", h)
	}
	dst := t.TempDir()
	_, err := Unpack(context.Background(), bytes.NewReader(buf.Bytes()), dst, WithoutWhiteouts())
	must(err)
	if b, err := os.ReadFile(filepath.Join(dst, "copy/.wh.keep")); err != nil || string(b) != "not a whiteout" {
		t.Fatalf(".wh. file: %q %v", b, err)
	}
	if fi, err := os.Stat(filepath.Join(dst, "copy/f")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode: %v %v", fi, err)
	}
}

// TestArchiveEscape: a symlink in the root, absolute or with "..", never
// leads Archive or OpenInRoot to the host's files.
func TestArchiveEscape(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("in root"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ name, target string }{{"abs", "/etc/passwd"}, {"dots", "../../../../../../etc/passwd"}, {"dir", "/etc"}} {
		if err := os.Symlink(l.target, filepath.Join(root, l.name)); err != nil {
			t.Fatal(err)
		}
	}
	fd := openDir(t, root)
	for _, p := range []string{"abs", "dots", "dir/passwd", "../../etc/passwd"} {
		var buf bytes.Buffer
		if err := Archive(fd, p, "x", true, &buf); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		tr := tar.NewReader(&buf)
		if _, err := tr.Next(); err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(tr); string(b) != "in root" {
			t.Errorf("%s -L: read %q, want the root's file", p, b)
		}
	}
	var buf bytes.Buffer
	if err := Archive(fd, "abs", "x", false, &buf); err != nil {
		t.Fatal(err)
	}
	if h := tarNames(t, buf.Bytes())["x"]; h == nil || h.Typeflag != tar.TypeSymlink || h.Linkname != "/etc/passwd" {
		t.Errorf("without -L the symlink itself: %+v", h)
	}
}

func TestArchiveForHost(t *testing.T) {
	root := t.TempDir()
	suid := filepath.Join(root, "suid")
	if err := os.WriteFile(suid, []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(suid, 0o4755|os.ModeSetuid|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opts []ArchiveOption
		mode int64
	}{{nil, 0o6755}, {[]ArchiveOption{ForHost()}, 0o755}} {
		var buf bytes.Buffer
		if err := Archive(openDir(t, root), "suid", "suid", false, &buf, tc.opts...); err != nil {
			t.Fatal(err)
		}
		if h := tarNames(t, buf.Bytes())["suid"]; h == nil || h.Mode != tc.mode {
			t.Errorf("opts %d: mode %o, want %o", len(tc.opts), h.Mode, tc.mode)
		}
	}
}
