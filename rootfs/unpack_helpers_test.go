package rootfs

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// tentry is one entry of a tar crafted by a test.
type tentry struct {
	hdr  tar.Header
	body string
}

var epoch = time.Unix(1_600_000_000, 0)

func tdir(name string, mode int64) tentry {
	return tentry{hdr: tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: mode, ModTime: epoch}}
}

func tfile(name, body string) tentry {
	return tentry{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(body)), ModTime: epoch}, body: body}
}

func tsymlink(name, target string) tentry {
	return tentry{hdr: tar.Header{Typeflag: tar.TypeSymlink, Name: name, Linkname: target, Mode: 0o777, ModTime: epoch}}
}

func tlink(name, target string) tentry {
	return tentry{hdr: tar.Header{Typeflag: tar.TypeLink, Name: name, Linkname: target, Mode: 0o644, ModTime: epoch}}
}

// mkTar writes the entries as a PAX tar.
func mkTar(t testing.TB, entries ...tentry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := e.hdr
		if h.Format == tar.FormatUnknown && len(h.PAXRecords) > 0 {
			h.Format = tar.FormatPAX
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatalf("write header %q: %v", h.Name, err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatalf("write body %q: %v", h.Name, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sandbox is a temp dir holding the layer dir "layer" and, beside it, a
// sentinel tree that no unpack may change.
type sandbox struct {
	top, layer string
	before     map[string]string
}

func newSandbox(t testing.TB) *sandbox {
	t.Helper()
	top := t.TempDir()
	s := &sandbox{top: top, layer: filepath.Join(top, "layer")}
	for _, d := range []string{s.layer, filepath.Join(top, "outside", "etc")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(top, "outside", "etc", "passwd"), []byte("sentinel\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, "sentinel"), []byte("sentinel\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.before = snapshot(t, top, s.layer)
	return s
}

// snapshot describes every path under top except those under skip.
func snapshot(t testing.TB, top, skip string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.Walk(top, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if p == skip {
			return filepath.SkipDir
		}
		desc := fi.Mode().String() + " " + fi.ModTime().String()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			desc += fmt.Sprintf(" %d:%d nlink %d", st.Uid, st.Gid, st.Nlink)
		}
		if x := lgetxattr(p, "user.pwned"); x != "" {
			desc += " xattr " + x
		}
		if fi.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			desc += " " + string(b)
		}
		if p != top {
			m[p] = desc
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkOutside fails the test if anything outside the layer dir changed.
func (s *sandbox) checkOutside(t testing.TB) {
	t.Helper()
	after := snapshot(t, s.top, s.layer)
	for p, d := range after {
		if s.before[p] != d {
			t.Errorf("outside the layer changed: %s: %q (was %q)", p, d, s.before[p])
		}
	}
	for p := range s.before {
		if _, ok := after[p]; !ok {
			t.Errorf("outside the layer removed: %s", p)
		}
	}
}

func (s *sandbox) unpack(t testing.TB, tarball []byte, opts ...UnpackOption) (UnpackStats, error) {
	t.Helper()
	if os.Geteuid() != 0 {
		opts = append(opts, WithoutChown())
	}
	return Unpack(context.Background(), bytes.NewReader(tarball), s.layer, opts...)
}
