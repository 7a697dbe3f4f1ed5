package rootfs

import (
	"archive/tar"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

// escapeCase is a crafted tar that tries to change something outside the
// layer. It must fail naming errEntry (wrapping ErrUnsafePath if unsafe is
// set) or be neutralized: inside must then exist in the layer ("{top}" in
// it stands for the sandbox dir, which an absolute path lands under).
type escapeCase struct {
	name     string
	entries  func(s *sandbox) []tentry
	errEntry string
	unsafe   bool
	inside   string
}

func escapeCases() []escapeCase {
	return []escapeCase{
		{name: "dotdot file", entries: func(*sandbox) []tentry {
			return []tentry{tfile("../sentinel", "pwned")}
		}, errEntry: "../sentinel", unsafe: true},
		{name: "dotdot in middle", entries: func(*sandbox) []tentry {
			return []tentry{tdir("a", 0o755), tfile("a/../../outside/etc/passwd", "pwned")}
		}, errEntry: "a/../../outside/etc/passwd", unsafe: true},
		{name: "rooted dotdot", entries: func(*sandbox) []tentry {
			return []tentry{tfile("/../sentinel", "pwned")}
		}, errEntry: "/../sentinel", unsafe: true},
		{name: "dotdot dir", entries: func(*sandbox) []tentry {
			return []tentry{tdir("..", 0o777)}
		}, errEntry: "..", unsafe: true},
		{name: "absolute name", entries: func(s *sandbox) []tentry {
			return []tentry{tfile(filepath.Join(s.top, "sentinel"), "pwned")}
		}, inside: "{top}/sentinel"},
		{name: "relative symlink parent", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("evil", "../outside"), tfile("evil/etc/passwd", "pwned")}
		}, inside: "outside/etc/passwd"},
		{name: "absolute symlink parent", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("evil", filepath.Join(s.top, "outside")), tfile("evil/etc/passwd", "pwned")}
		}, inside: "{top}/outside/etc/passwd"},
		{name: "symlink to slash parent", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("evil", "/"), tfile("evil"+s.top+"/sentinel", "pwned")}
		}, inside: "{top}/sentinel"},
		{name: "symlink chain", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("a", "b/../../.."), tsymlink("b", "/.."), tdir("c", 0o755), tfile("a/sentinel", "pwned")}
		}, inside: "sentinel"},
		{name: "symlink dir then dir entry", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("d", "../outside"), tdir("d", 0o700), tfile("d/etc/passwd", "pwned")}
		}, inside: "d/etc/passwd"},
		{name: "planted symlink then file", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("f", filepath.Join(s.top, "sentinel")), tfile("f", "pwned")}
		}, inside: "f"},
		{name: "planted relative symlink then file", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("f", "../sentinel"), tfile("f", "pwned")}
		}, inside: "f"},
		{name: "planted symlink then fifo", entries: func(s *sandbox) []tentry {
			fifo := tentry{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: "f", Mode: 0o666}}
			return []tentry{tsymlink("f", filepath.Join(s.top, "sentinel")), fifo}
		}, inside: "f"},
		{name: "planted symlink then dir meta", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("d", s.top), tdir("d", 0o777)}
		}, inside: "d"},
		{name: "hardlink dotdot", entries: func(*sandbox) []tentry {
			return []tentry{tlink("h", "../sentinel")}
		}, errEntry: "h", unsafe: true},
		{name: "hardlink absolute outside", entries: func(s *sandbox) []tentry {
			return []tentry{tlink("h", filepath.Join(s.top, "sentinel"))}
		}, errEntry: "h"},
		{name: "hardlink through symlink", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("evil", s.top), tlink("h", "evil/sentinel")}
		}, errEntry: "h"},
		{name: "hardlink through relative symlink", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("evil", ".."), tlink("h", "evil/sentinel")}
		}, errEntry: "h"},
		{name: "hardlink to symlink then write", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("l", filepath.Join(s.top, "sentinel")), tlink("h", "l"), tfile("h", "pwned")}
		}, inside: "h"},
		{name: "whiteout through symlink", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("evil", s.top), tfile("evil/.wh.sentinel", "")}
		}, inside: "{top}/sentinel"},
		{name: "opaque through symlink", entries: func(s *sandbox) []tentry {
			return []tentry{tsymlink("evil", s.top), tfile("evil/outside/.wh..wh..opq", "")}
		}, inside: "{top}/outside"},
		{name: "device through symlink", entries: func(s *sandbox) []tentry {
			dev := tentry{hdr: tar.Header{Typeflag: tar.TypeChar, Name: "evil/null", Mode: 0o666, Devmajor: 1, Devminor: 3}}
			return []tentry{tsymlink("evil", filepath.Join(s.top, "outside")), dev}
		}, inside: "{top}/outside/null"},
		{name: "symlink loop", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("a", "b"), tsymlink("b", "a"), tfile("a/x", "x")}
		}, errEntry: "a/x"},
		{name: "parent is a file", entries: func(*sandbox) []tentry {
			return []tentry{tfile("a", "x"), tfile("a/b", "y")}
		}, errEntry: "a/b"},
		{name: "file as root", entries: func(*sandbox) []tentry {
			return []tentry{tfile(".", "x")}
		}, errEntry: ".", unsafe: true},
		{name: "symlink as root", entries: func(*sandbox) []tentry {
			return []tentry{tsymlink("./", "/")}
		}, errEntry: "./", unsafe: true},
		{name: "symlink xattr", entries: func(s *sandbox) []tentry {
			l := tsymlink("l", filepath.Join(s.top, "sentinel"))
			l.hdr.PAXRecords = map[string]string{"SCHILY.xattr.user.pwned": "y"}
			return []tentry{l}
		}, inside: "l"},
	}
}

func TestUnpackEscapes(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		for _, tc := range escapeCases() {
			testEscape(t, tc, fallback)
		}
	}
}

func testEscape(t *testing.T, tc escapeCase, fallback bool) {
	name := tc.name
	opts := []UnpackOption{WithBestEffortXattrs()}
	if fallback {
		name += " without openat2"
		opts = append(opts, func(o *unpackOptions) { o.noOpenat2 = true })
	}
	t.Run(name, func(t *testing.T) {
		if needsRoot(tc) {
			testutil.RequireRoot(t)
		}
		s := newSandbox(t)
		_, err := s.unpack(t, mkTar(t, tc.entries(s)...), opts...)
		s.checkOutside(t)
		if got := lgetxattr(filepath.Join(s.top, "sentinel"), "user.pwned"); got != "" {
			t.Errorf("xattr set on the sentinel outside")
		}
		if tc.errEntry != "" {
			var ee *EntryError
			if !errors.As(err, &ee) || ee.Name != tc.errEntry {
				t.Fatalf("err = %v, want an EntryError for %q", err, tc.errEntry)
			}
			if tc.unsafe && !errors.Is(err, ErrUnsafePath) {
				t.Errorf("err = %v, want ErrUnsafePath", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("unpack: %v", err)
		}
		if tc.inside != "" {
			in := strings.ReplaceAll(tc.inside, "{top}", s.top)
			if _, err := os.Lstat(filepath.Join(s.layer, in)); err != nil {
				t.Errorf("neutralized entry not inside the layer: %v", err)
			}
		}
	})
}

func needsRoot(tc escapeCase) bool {
	for _, e := range tc.entries(&sandbox{top: "/x"}) {
		switch e.hdr.Typeflag {
		case tar.TypeChar, tar.TypeBlock:
			return true
		}
		if strings.HasPrefix(filepath.Base(e.hdr.Name), WhiteoutPrefix) {
			return true
		}
	}
	return false
}

// TestUnpackFallbackMatches unpacks the same layers with openat2 and with
// the fallback for old kernels and compares the trees.
func TestUnpackFallbackMatches(t *testing.T) {
	layers := [][]tentry{
		{tfile("etc/os-release", "x"), tdir("etc/", 0o750), tsymlink("bin/sh", "/bin/busybox"), tlink("bin/sh2", "bin/sh"),
			tsymlink("lib", "usr/lib"), tfile("lib/x/y", "y"), tsymlink("abs", "/usr"), tfile("abs/z", "z")},
		{tfile("a", "old"), tdir("d", 0o755), tfile("d/x", "x"), tfile("d", "file"), tsymlink("s", "a"), tdir("s", 0o711), tfile("s/in", "in")},
	}
	for i, entries := range layers {
		tarball := mkTar(t, entries...)
		a, b := newSandbox(t), newSandbox(t)
		if _, err := a.unpack(t, tarball); err != nil {
			t.Fatal(err)
		}
		if _, err := b.unpack(t, tarball, func(o *unpackOptions) { o.noOpenat2 = true }); err != nil {
			t.Fatal(err)
		}
		ta, tb := snapshot(t, a.layer, ""), snapshot(t, b.layer, "")
		if len(ta) != len(tb) {
			t.Errorf("layer %d: %d paths with openat2, %d without", i, len(ta), len(tb))
		}
		for p, d := range ta {
			rel := strings.TrimPrefix(p, a.layer)
			if got := tb[b.layer+rel]; dropDirTime(got) != dropDirTime(d) {
				t.Errorf("layer %d: %s: %q without openat2, %q with", i, rel, got, d)
			}
		}
	}
}

// dropDirTime removes the mtime from a snapshot description of a directory
// (implicitly created parents get the current time).
func dropDirTime(desc string) string {
	f := strings.Fields(desc)
	if len(f) < 5 || !strings.HasPrefix(f[0], "d") {
		return desc
	}
	return f[0] + " " + strings.Join(f[5:], " ")
}
