package rootfs

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/bufpool"
	"github.com/tent-dev/tent/internal/testutil"
	"golang.org/x/sys/unix"
)

func TestUnpackBasic(t *testing.T) {
	s := newSandbox(t)
	exe := tfile("bin/su", "#!/bin/sh\n")
	exe.hdr.Mode = 0o4755
	tarball := mkTar(t,
		tfile("etc/os-release", "NAME=test\n"), // parent missing: created 0755
		tdir("etc/", 0o750),
		tdir("tmp", 0o1777),
		exe,
		tsymlink("bin/sh", "/bin/busybox"),
		tlink("bin/su2", "bin/su"),
		tfile("/abs/file", "abs"), // leading slash stripped
		tfile("./dot/./file", "dot"),
		tfile("big", string(make([]byte, 3*bufpool.Size+17))),
	)
	st, err := s.unpack(t, tarball)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 9 || st.Files != 5 || st.Size != int64(3*bufpool.Size+17+10+10+3+3) {
		t.Errorf("stats = %+v", st)
	}
	tests := []struct {
		path string
		mode os.FileMode
		body string
		link string
	}{
		{"etc", os.ModeDir | 0o750, "", ""},
		{"etc/os-release", 0o644, "NAME=test\n", ""},
		{"tmp", os.ModeDir | os.ModeSticky | 0o777, "", ""},
		{"bin", os.ModeDir | 0o755, "", ""},
		{"bin/su", os.ModeSetuid | 0o755, "#!/bin/sh\n", ""},
		{"bin/su2", os.ModeSetuid | 0o755, "#!/bin/sh\n", ""},
		{"bin/sh", os.ModeSymlink | 0o777, "", "/bin/busybox"},
		{"abs/file", 0o644, "abs", ""},
		{"dot/file", 0o644, "dot", ""},
	}
	for _, tt := range tests {
		p := filepath.Join(s.layer, tt.path)
		fi, err := os.Lstat(p)
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if fi.Mode() != tt.mode {
			t.Errorf("%s: mode %v, want %v", tt.path, fi.Mode(), tt.mode)
		}
		if !fi.ModTime().Equal(epoch) && tt.path != "bin" && tt.path != "abs" && tt.path != "dot" {
			t.Errorf("%s: mtime %v, want %v", tt.path, fi.ModTime(), epoch)
		}
		if tt.body != "" {
			if b, _ := os.ReadFile(p); string(b) != tt.body {
				t.Errorf("%s: body %q, want %q", tt.path, b, tt.body)
			}
		}
		if tt.link != "" {
			if l, _ := os.Readlink(p); l != tt.link {
				t.Errorf("%s: link %q, want %q", tt.path, l, tt.link)
			}
		}
	}
	a, _ := os.Stat(filepath.Join(s.layer, "bin/su"))
	b, _ := os.Stat(filepath.Join(s.layer, "bin/su2"))
	if !os.SameFile(a, b) {
		t.Error("bin/su2 is not a hardlink of bin/su")
	}
	s.checkOutside(t)
}

func TestUnpackOwnershipTimesXattrs(t *testing.T) {
	testutil.RequireRoot(t)
	s := newSandbox(t)
	atime := time.Unix(1_500_000_000, 123456789)
	f := tfile("f", "x")
	f.hdr.Uid, f.hdr.Gid, f.hdr.Mode, f.hdr.AccessTime = 1234, 5678, 0o2755, atime
	f.hdr.PAXRecords = map[string]string{
		"SCHILY.xattr.user.test":              "v1",
		"SCHILY.xattr.security.capability":    "\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		"SCHILY.xattr.trusted.overlay.opaque": "y", // ignored
	}
	d := tdir("d", 0o700)
	d.hdr.Uid, d.hdr.Gid = 42, 43
	d.hdr.PAXRecords = map[string]string{"SCHILY.xattr.user.dir": "dv"}
	l := tsymlink("l", "f")
	l.hdr.Uid, l.hdr.Gid = 7, 8
	fifo := tentry{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: "d/fifo", Mode: 0o640, Uid: 9, Gid: 10, ModTime: epoch}}
	null := tentry{hdr: tar.Header{Typeflag: tar.TypeChar, Name: "dev/null", Mode: 0o666, Devmajor: 1, Devminor: 3, ModTime: epoch}}
	loop := tentry{hdr: tar.Header{Typeflag: tar.TypeBlock, Name: "dev/loop0", Mode: 0o660, Gid: 6, Devmajor: 7, Devminor: 0, ModTime: epoch}}
	root := tdir("./", 0o751)
	root.hdr.Uid, root.hdr.Gid = 5, 6
	if _, err := s.unpack(t, mkTar(t, root, f, d, l, fifo, null, loop)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path       string
		uid, gid   uint32
		mode       uint32
		rdev       uint64
		mtime, atm time.Time
	}{
		{".", 5, 6, unix.S_IFDIR | 0o751, 0, epoch, epoch},
		{"f", 1234, 5678, unix.S_IFREG | 0o2755, 0, epoch, atime},
		{"d", 42, 43, unix.S_IFDIR | 0o700, 0, epoch, epoch},
		{"l", 7, 8, unix.S_IFLNK | 0o777, 0, epoch, epoch},
		{"d/fifo", 9, 10, unix.S_IFIFO | 0o640, 0, epoch, epoch},
		{"dev/null", 0, 0, unix.S_IFCHR | 0o666, unix.Mkdev(1, 3), epoch, epoch},
		{"dev/loop0", 0, 6, unix.S_IFBLK | 0o660, unix.Mkdev(7, 0), epoch, epoch},
	}
	for _, tt := range tests {
		var st unix.Stat_t
		if err := unix.Lstat(filepath.Join(s.layer, tt.path), &st); err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if st.Uid != tt.uid || st.Gid != tt.gid || st.Mode != tt.mode || st.Rdev != tt.rdev {
			t.Errorf("%s: uid %d gid %d mode %o rdev %d, want %d %d %o %d", tt.path, st.Uid, st.Gid, st.Mode, st.Rdev, tt.uid, tt.gid, tt.mode, tt.rdev)
		}
		if m := time.Unix(st.Mtim.Unix()); !m.Equal(tt.mtime) {
			t.Errorf("%s: mtime %v, want %v", tt.path, m, tt.mtime)
		}
		if a := time.Unix(st.Atim.Unix()); !a.Equal(tt.atm) {
			t.Errorf("%s: atime %v, want %v", tt.path, a, tt.atm)
		}
	}
	xattrs := []struct{ path, name, want string }{
		{"f", "user.test", "v1"},
		{"f", "security.capability", f.hdr.PAXRecords["SCHILY.xattr.security.capability"]},
		{"f", OverlayOpaqueXattr, ""},
		{"d", "user.dir", "dv"},
	}
	for _, x := range xattrs {
		if got := lgetxattr(filepath.Join(s.layer, x.path), x.name); got != x.want {
			t.Errorf("%s: xattr %s = %q, want %q", x.path, x.name, got, x.want)
		}
	}
}

func lgetxattr(p, name string) string {
	buf := make([]byte, 256)
	n, err := unix.Lgetxattr(p, name, buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

func TestUnpackWhiteouts(t *testing.T) {
	testutil.RequireRoot(t)
	s := newSandbox(t)
	tarball := mkTar(t,
		tfile("etc/.wh.motd", ""),
		tfile("usr/share/doc/.wh..wh..opq", ""),
		tfile("usr/share/doc/keep", "k"),
		tfile(".wh.root-gone", ""),
		tfile("a/.wh..wh.plnk", ""), // aufs metadata: skipped
		tfile("opq-only/.wh..wh..opq", ""),
	)
	st, err := s.unpack(t, tarball)
	if err != nil {
		t.Fatal(err)
	}
	if st.Whiteouts != 4 {
		t.Errorf("whiteouts = %d, want 4", st.Whiteouts)
	}
	for _, p := range []string{"etc/motd", "root-gone"} {
		var stt unix.Stat_t
		if err := unix.Lstat(filepath.Join(s.layer, p), &stt); err != nil {
			t.Errorf("%s: %v", p, err)
		} else if stt.Mode&unix.S_IFMT != unix.S_IFCHR || stt.Rdev != 0 {
			t.Errorf("%s: mode %o rdev %d, want a 0/0 char device", p, stt.Mode, stt.Rdev)
		}
	}
	for _, p := range []string{"usr/share/doc", "opq-only"} {
		if got := lgetxattr(filepath.Join(s.layer, p), OverlayOpaqueXattr); got != "y" {
			t.Errorf("%s: opaque xattr %q", p, got)
		}
	}
	for _, p := range []string{"etc/.wh.motd", "usr/share/doc/.wh..wh..opq", "a/.wh..wh.plnk"} {
		if _, err := os.Lstat(filepath.Join(s.layer, p)); err == nil {
			t.Errorf("%s exists", p)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(s.layer, "usr/share/doc/keep")); string(b) != "k" {
		t.Errorf("keep = %q", b)
	}
}

func TestUnpackReplace(t *testing.T) {
	s := newSandbox(t)
	tarball := mkTar(t,
		tfile("a", "old"),
		tfile("a", "new"), // file replaces file
		tdir("d", 0o755),
		tfile("d/x", "x"),
		tfile("d", "was a dir"), // file replaces a whole dir
		tsymlink("s", "a"),
		tdir("s", 0o755), // dir replaces symlink
		tfile("s/in", "in"),
		tfile("h", "h"),
		tlink("h2", "h"),
		tfile("h2", "own"), // must not write through the hardlink
		tsymlink("lib", "usr/lib"),
		tfile("lib/a", "a"), // creates usr/lib through the dangling symlink
		tsymlink("usr/lib/s", "a"),
		tfile("usr/lib/s", "s"), // replacing a symlink drops cached dir fds
		tfile("lib/b", "b"),
		tfile("usr/lib/c", "c"),
	)
	if _, err := s.unpack(t, tarball); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "new", "d": "was a dir", "s/in": "in", "h": "h", "h2": "own",
		"usr/lib/a": "a", "usr/lib/s": "s", "usr/lib/b": "b", "usr/lib/c": "c"}
	for p, body := range want {
		if b, err := os.ReadFile(filepath.Join(s.layer, p)); err != nil || string(b) != body {
			t.Errorf("%s = %q, %v; want %q", p, b, err, body)
		}
	}
	if fi, err := os.Lstat(filepath.Join(s.layer, "s")); err != nil || !fi.IsDir() {
		t.Errorf("s: %v %v, want a dir", fi, err)
	}
}

func TestUnpackStream(t *testing.T) {
	tarball := mkTar(t, tfile("a", "hello"), tfile("b", "world"))
	padded := append(append([]byte{}, tarball...), make([]byte, 10240)...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		in      []byte
		wantErr bool
	}{
		{"reads to the end", context.Background(), padded, false},
		{"truncated content", context.Background(), tarball[:512+3], true},
		{"truncated header", context.Background(), tarball[:100], true},
		{"canceled", ctx, tarball, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			r := bytes.NewReader(tt.in)
			_, err := Unpack(tt.ctx, r, s.layer, WithoutChown())
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && r.Len() != 0 {
				t.Errorf("%d bytes left unread", r.Len())
			}
		})
	}
}
