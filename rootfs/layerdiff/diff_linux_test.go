package layerdiff

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/rootfs/compression"
)

// makeUpper builds an upper dir as overlayfs leaves it after a RUN step.
func makeUpper(t *testing.T) string {
	t.Helper()
	testutil.RequireRoot(t, "whiteouts are 0/0 char devices; trusted.* xattrs")
	up := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(up, "etc"), 0o755))
	must(os.WriteFile(filepath.Join(up, "etc/app.conf"), []byte("port=80\n"), 0o640))
	must(os.Chown(filepath.Join(up, "etc/app.conf"), 1000, 1001))
	must(unix.Chmod(filepath.Join(up, "etc/app.conf"), 0o4750))
	must(unix.Mknod(filepath.Join(up, "etc/motd"), unix.S_IFCHR, 0))
	must(os.Mkdir(filepath.Join(up, "var"), 0o755))
	must(unix.Setxattr(filepath.Join(up, "var"), "trusted.overlay.opaque", []byte("y"), 0))
	must(unix.Setxattr(filepath.Join(up, "var"), "trusted.overlay.origin", []byte("x"), 0))
	must(os.WriteFile(filepath.Join(up, "var/a"), []byte("aaa"), 0o644))
	must(os.Link(filepath.Join(up, "var/a"), filepath.Join(up, "var/b")))
	must(unix.Setxattr(filepath.Join(up, "var/a"), "user.k", []byte("v"), 0))
	must(os.Symlink("/etc/shadow", filepath.Join(up, "shadow")))
	must(os.Symlink("..", filepath.Join(up, "up")))
	return up
}

func TestDiff(t *testing.T) {
	up := makeUpper(t)
	var buf bytes.Buffer
	res, err := Diff(context.Background(), up, &buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.DiffID != res.Digest || res.Size != int64(buf.Len()) {
		t.Errorf("uncompressed result %+v, %d bytes", res, buf.Len())
	}
	got := listTar(t, buf.Bytes())
	want := "etc/ etc/app.conf[4750 1000:1001 port=80\n] etc/.wh.motd shadow>/etc/shadow up>.. " +
		"var/ var/.wh..wh..opq var/a[644 0:0 aaa user.k] var/b=var/a"
	if got != want {
		t.Errorf("layer:\n got %s\nwant %s", got, want)
	}
	var gz bytes.Buffer
	res2, err := Diff(context.Background(), up, &gz, compression.GzipWriter)
	if err != nil {
		t.Fatal(err)
	}
	if res2.DiffID != res.DiffID || res2.Digest == res.DiffID || !bytes.Equal(gz.Bytes()[:2], []byte{0x1f, 0x8b}) {
		t.Errorf("gzip result %+v vs %+v", res2, res)
	}
}

// TestDiffRoundTrip unpacks the layer with rootfs.Unpack and walks the
// result: the same tree comes back.
func TestDiffRoundTrip(t *testing.T) {
	up := makeUpper(t)
	var buf bytes.Buffer
	if _, err := Diff(context.Background(), up, &buf, nil); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := rootfs.Unpack(context.Background(), &buf, out); err != nil {
		t.Fatal(err)
	}
	a, err := Walk(up)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Walk(out)
	if err != nil {
		t.Fatal(err)
	}
	if sa, sb := summary(a), summary(b); sa != sb {
		t.Errorf("round trip:\n got %s\nwant %s", sb, sa)
	}
}

// TestDiffEscape: a file swapped for a symlink to a host file between the
// walk and the read is refused, never read through.
func TestDiffEscape(t *testing.T) {
	up := makeUpper(t)
	entries, err := Walk(up)
	if err != nil {
		t.Fatal(err)
	}
	items, err := Plan(entries)
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("host secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(up, "etc/app.conf")
	if err := os.Remove(conf); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, conf); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenFile(up, unix.O_PATH, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var buf bytes.Buffer
	_, err = Write(context.Background(), &buf, items, func(e *Entry) (io.ReadCloser, error) { return openEntry(root, e) }, nil)
	if err == nil || bytes.Contains(buf.Bytes(), []byte("host secret")) {
		t.Fatalf("swapped file: err %v, host content in layer: %v", err, bytes.Contains(buf.Bytes(), []byte("host secret")))
	}
}

func TestChangesInLayers(t *testing.T) {
	up := makeUpper(t)
	lower := t.TempDir()
	for _, d := range []string{"etc", "var/old"} {
		if err := os.MkdirAll(filepath.Join(lower, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(lower, "etc/app.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := Walk(up)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Changes(entries, ExistsInLayers([]string{lower}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.String())
	}
	want := "C /etc|C /etc/app.conf|D /etc/motd|A /shadow|A /up|C /var|A /var/a|A /var/b"
	if s := strings.Join(got, "|"); s != want {
		t.Errorf("changes\n got %s\nwant %s", s, want)
	}
}

func summary(es []Entry) string {
	var parts []string
	for _, e := range es {
		s := e.Path + " " + string(rune('0'+e.Kind)) + " " + e.Linkname
		s += " " + e.ModTime.Format("150405") + " " + string(rune('0'+e.Mode%8))
		if e.Opaque {
			s += " opaque"
		}
		for k, v := range e.Xattrs {
			s += " " + k + "=" + v
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|")
}

func listTar(t *testing.T, b []byte) string {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(b))
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return strings.Join(out, " ")
		}
		if err != nil {
			t.Fatal(err)
		}
		s := h.Name
		switch {
		case h.Typeflag == tar.TypeSymlink:
			s += ">" + h.Linkname
		case h.Typeflag == tar.TypeLink:
			s += "=" + h.Linkname
		case h.Typeflag == tar.TypeReg && h.Size > 0:
			data, _ := io.ReadAll(tr)
			s += fmt.Sprintf("[%o %d:%d %s", h.Mode, h.Uid, h.Gid, data)
			for k := range h.PAXRecords {
				if strings.HasPrefix(k, "SCHILY.xattr.") {
					s += " " + strings.TrimPrefix(k, "SCHILY.xattr.")
				}
			}
			s += "]"
		}
		out = append(out, s)
	}
}
