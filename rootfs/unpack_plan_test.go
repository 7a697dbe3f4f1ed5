package rootfs

import (
	"archive/tar"
	"errors"
	"testing"
)

func TestPlanEntry(t *testing.T) {
	tests := []struct {
		name      string
		hdr       tar.Header
		kind      entryKind
		path, dir string
		base      string
		link      string
		err       error
	}{
		{"file", tar.Header{Typeflag: tar.TypeReg, Name: "usr/bin/env"}, kindFile, "usr/bin/env", "usr/bin", "env", "", nil},
		{"abs file", tar.Header{Typeflag: tar.TypeReg, Name: "//etc/./passwd"}, kindFile, "etc/passwd", "etc", "passwd", "", nil},
		{"top file", tar.Header{Typeflag: tar.TypeReg, Name: "a"}, kindFile, "a", ".", "a", "", nil},
		{"dir slash", tar.Header{Typeflag: tar.TypeDir, Name: "usr/"}, kindDir, "usr", ".", "usr", "", nil},
		{"root dir", tar.Header{Typeflag: tar.TypeDir, Name: "./"}, kindDir, ".", ".", ".", "", nil},
		{"dotdot", tar.Header{Typeflag: tar.TypeReg, Name: "a/../../b"}, 0, "", "", "", "", ErrUnsafePath},
		{"dotdot only", tar.Header{Typeflag: tar.TypeDir, Name: ".."}, 0, "", "", "", "", ErrUnsafePath},
		{"dots in names are fine", tar.Header{Typeflag: tar.TypeReg, Name: "a/..b/c.."}, kindFile, "a/..b/c..", "a/..b", "c..", "", nil},
		{"nul", tar.Header{Typeflag: tar.TypeReg, Name: "a\x00b"}, 0, "", "", "", "", ErrUnsafePath},
		{"symlink", tar.Header{Typeflag: tar.TypeSymlink, Name: "bin/sh", Linkname: "../../../x"}, kindSymlink, "bin/sh", "bin", "sh", "../../../x", nil},
		{"hardlink", tar.Header{Typeflag: tar.TypeLink, Name: "b", Linkname: "/usr/a"}, kindHardlink, "b", ".", "b", "usr/a", nil},
		{"hardlink dotdot", tar.Header{Typeflag: tar.TypeLink, Name: "b", Linkname: "../a"}, 0, "", "", "", "", ErrUnsafePath},
		{"hardlink root", tar.Header{Typeflag: tar.TypeLink, Name: "b", Linkname: "/"}, 0, "", "", "", "", ErrUnsafePath},
		{"file as root", tar.Header{Typeflag: tar.TypeReg, Name: "/"}, 0, "", "", "", "", ErrUnsafePath},
		{"whiteout", tar.Header{Typeflag: tar.TypeReg, Name: "etc/.wh.motd"}, kindWhiteout, "etc/motd", "etc", "motd", "", nil},
		{"opaque", tar.Header{Typeflag: tar.TypeReg, Name: "usr/share/.wh..wh..opq"}, kindOpaque, "usr/share", "usr/share", "", "", nil},
		{"top opaque", tar.Header{Typeflag: tar.TypeReg, Name: ".wh..wh..opq"}, kindOpaque, ".", ".", "", "", nil},
		{"aufs meta", tar.Header{Typeflag: tar.TypeReg, Name: ".wh..wh.plnk/1"}, kindFile, ".wh..wh.plnk/1", ".wh..wh.plnk", "1", "", nil},
		{"aufs meta file", tar.Header{Typeflag: tar.TypeReg, Name: "a/.wh..wh.aufs"}, kindSkip, "a/.wh..wh.aufs", "a", ".wh..wh.aufs", "", nil},
		{"empty whiteout", tar.Header{Typeflag: tar.TypeReg, Name: "a/.wh."}, kindSkip, "a/.wh.", "a", "", "", nil},
		{"global header", tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "pax_global_header"}, kindSkip, "pax_global_header", ".", "pax_global_header", "", nil},
		{"unknown type", tar.Header{Typeflag: 'V', Name: "vol"}, 0, "", "", "", "", ErrUnsupportedEntry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := planEntry(&tt.hdr)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.kind != tt.kind || e.path != tt.path || e.dir != tt.dir || e.base != tt.base || e.link != tt.link {
				t.Errorf("got kind %d path %q dir %q base %q link %q", e.kind, e.path, e.dir, e.base, e.link)
			}
		})
	}
}

func TestResolveLinkDir(t *testing.T) {
	tests := []struct{ dir, target, want string }{
		{".", "usr/lib", "usr/lib"},
		{"a/b", "../c", "a/c"},
		{"a", "/etc", "etc"},
		{"a", "../../../..", "."},
		{".", "/", "."},
	}
	for _, tt := range tests {
		if got := resolveLinkDir(tt.dir, tt.target); got != tt.want {
			t.Errorf("resolveLinkDir(%q, %q) = %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}
