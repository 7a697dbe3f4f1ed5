package tests

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// symlinkImage is busybox with a layer on top holding dirs and symlinks
// (name -> target, "" for a dir), loaded as ref.
func symlinkImage(t *testing.T, ref string, entries map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	base, out := filepath.Join(dir, "base.tar"), filepath.Join(dir, "img.tar")
	if r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", base); r.Code != 0 {
		t.Fatal(r)
	}
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names) // parents first
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		h := &tar.Header{Typeflag: tar.TypeSymlink, Name: n, Linkname: entries[n], Mode: 0o777}
		if entries[n] == "" {
			h = &tar.Header{Typeflag: tar.TypeDir, Name: n + "/", Mode: 0o755}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil })
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	var withLinks v1.Image
	if withLinks, err = mutate.AppendLayers(img, layer); err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.WriteToFile(out, tag, withLinks); err != nil {
		t.Fatal(err)
	}
	mustSucceed(t, tent(t, "load", "-i", out))
	t.Cleanup(func() { tent(t, "rmi", ref) })
	return ref
}

// CVE-2021-30465: a volume target that is a symlink in the image, absolute
// or climbing with "..", to a host path, is resolved inside the rootfs:
// where the image has the link's target, the volume lands there in the
// container; where it has not, the run is refused (the link is never
// followed out). Nothing is mounted on, or written to, the host's path.
func TestEscapeSymlinkedMountTarget(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "marker"), []byte("volume"), 0o644)
	for _, tt := range []struct {
		name    string
		link    func(host string) string
		inImage bool // the image has the link's target (inside the rootfs)
		refused bool
	}{
		{"absolute", func(h string) string { return h }, true, false},
		{"dot-dot", func(h string) string { return "../../../../../../../.." + h }, true, false},
		{"absolute dangling", func(h string) string { return h }, false, true},
		{"dot-dot dangling", func(h string) string { return "../../../../../../../.." + h }, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			host := t.TempDir() // the host dir the link aims at
			os.WriteFile(filepath.Join(host, "marker"), []byte("host"), 0o644)
			entries := map[string]string{"vol": tt.link(host)}
			if tt.inImage {
				rel := strings.TrimPrefix(host, "/")
				for d := rel; d != "."; d = filepath.Dir(d) {
					entries[d] = ""
				}
			}
			img := symlinkImage(t, "tent-test/escape-mount:latest", entries)
			r := tent(t, "run", "--rm", "-v", src+":/vol", img, "sh", "-c", "cat /vol/marker "+host+"/marker")
			switch {
			case tt.refused && (r.Code != 125 || !strings.Contains(r.Stderr, "/vol")):
				t.Fatalf("want the run refused, naming the target:\n%s", r)
			case !tt.refused && (r.Code != 0 || r.Stdout != "volumevolume"):
				t.Fatalf("want the volume on the link's target inside the container:\n%s", r)
			}
			if b, _ := os.ReadFile(filepath.Join(host, "marker")); string(b) != "host" {
				t.Errorf("host dir %s changed: %q", host, b)
			}
			if ms, _ := mountsUnder(host); len(ms) > 0 {
				t.Errorf("mounted on the host's %s: %v", host, ms)
			}
		})
	}
}

// CVE-2025-31133: an image whose /dev/null is a symlink (to a file the
// container could then write through a masked path) cannot redirect the
// masks: tent makes /dev itself, and masks bind its real null device,
// checked to be 1:3.
func TestEscapeSwappedDevNull(t *testing.T) {
	before, err := os.ReadFile("/proc/sys/kernel/core_pattern")
	if err != nil {
		t.Fatal(err)
	}
	img := symlinkImage(t, "tent-test/escape-null:latest", map[string]string{
		"dev/null": "/proc/sys/kernel/core_pattern",
	})
	r := tent(t, "run", "--rm", img, "sh", "-c",
		"stat -c '%F %t:%T' /dev/null; wc -c < /proc/timer_list; grep -c ' /proc/timer_list ' /proc/self/mounts")
	want := "character special file 1:3\n0\n1"
	if r.Code != 0 || strings.TrimSpace(r.Stdout) != want {
		t.Fatalf("want /dev/null the null device and the masks in place (%q):\n%s", want, r)
	}
	if after, _ := os.ReadFile("/proc/sys/kernel/core_pattern"); !bytes.Equal(before, after) {
		t.Fatalf("host core_pattern changed: %q -> %q", before, after)
	}
}

// CVE-2025-52565 pattern: exec -t opens the pty through devpts
// (/dev/pts/ptmx, no symlink followed), not the container's /dev/ptmx,
// which its root may have swapped for a symlink.
func TestEscapeSwappedPtmx(t *testing.T) {
	id := runD(t, busyboxImage(t), "sh", "-c", "rm -f /dev/ptmx && ln -s /dev/null /dev/ptmx && touch /tmp/ready && exec sleep 1000")
	waitFile(t, id, "/tmp/ready")
	if r := tent(t, "exec", "-t", id, "tty"); r.Code != 0 || !strings.HasPrefix(strings.TrimSpace(r.Stdout), "/dev/pts/") {
		t.Fatalf("exec -t with /dev/ptmx -> /dev/null:\n%s", r)
	}
}
