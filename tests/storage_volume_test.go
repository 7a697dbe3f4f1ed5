package tests

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Volumes: named and anonymous volumes, copy-up, --mount, --tmpfs,
// --volumes-from, and the volume commands with their errors.

var volImage struct {
	once sync.Once
	ref  string
	err  error
}

// volumeImage is busybox with VOLUME /data holding /data/owned (1000:1000,
// mode 0640), loaded once per run.
func volumeImage(t *testing.T) string {
	t.Helper()
	volImage.once.Do(func() { volImage.ref, volImage.err = makeVolumeImage(t) })
	if volImage.err != nil {
		t.Fatal(volImage.err)
	}
	return volImage.ref
}

func makeVolumeImage(t *testing.T) (string, error) {
	const ref = "tent-test/volume:latest"
	dir := t.TempDir()
	base, out := filepath.Join(dir, "base.tar"), filepath.Join(dir, "vol.tar")
	if r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", base); r.Code != 0 {
		return "", os.ErrInvalid
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	_ = tw.WriteHeader(&tar.Header{Name: "data/", Typeflag: tar.TypeDir, Mode: 0o755})
	_ = tw.WriteHeader(&tar.Header{Name: "data/owned", Typeflag: tar.TypeReg, Mode: 0o640, Uid: 1000, Gid: 1000, Size: 5})
	_, _ = tw.Write([]byte("image"))
	_ = tw.Close()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil })
	if err != nil {
		return "", err
	}
	img, err := tarball.ImageFromPath(base, nil)
	if err != nil {
		return "", err
	}
	if img, err = mutate.AppendLayers(img, layer); err != nil {
		return "", err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	c := cf.Config
	c.Volumes = map[string]struct{}{"/data": {}}
	if img, err = mutate.Config(img, c); err != nil {
		return "", err
	}
	tag, _ := name.NewTag(ref)
	if err := tarball.WriteToFile(out, tag, img); err != nil {
		return "", err
	}
	if r := tent(t, "load", "-i", out); r.Code != 0 {
		return "", os.ErrInvalid
	}
	return ref, nil
}

// volumes is the set of `volume ls -q`.
func volumes(t *testing.T) map[string]bool {
	t.Helper()
	r := tent(t, "volume", "ls", "-q")
	mustSucceed(t, r)
	out := map[string]bool{}
	for _, l := range strings.Fields(r.Stdout) {
		out[l] = true
	}
	return out
}

func runOut(t *testing.T, args ...string) string {
	t.Helper()
	r := tent(t, append([]string{"run", "--rm", "--network", "none"}, args...)...)
	mustSucceed(t, r)
	return strings.TrimSpace(r.Stdout)
}

func wantFail(t *testing.T, r result, code int, msg string) {
	t.Helper()
	if r.Code != code || !strings.Contains(r.Stderr, msg) {
		t.Fatalf("want exit %d and %q\n%s", code, msg, r)
	}
}

func TestVolumeCommands(t *testing.T) {
	bb := busyboxImage(t)
	v := uniq("vol")
	mustSucceed(t, tent(t, "volume", "create", "--label", "team=a", v))
	t.Cleanup(func() { tent(t, "volume", "rm", "-f", v) })
	if r := tent(t, "volume", "ls", "--filter", "label=team=a", "--format", "{{.Driver}} {{.Name}}"); !strings.Contains(r.Stdout, "local "+v) {
		t.Fatalf("ls --filter:\n%s", r)
	}
	if r := tent(t, "volume", "ls", "-q", "--filter", "label=team=b"); strings.Contains(r.Stdout, v) {
		t.Fatalf("filter label=team=b listed %s", v)
	}
	r := tent(t, "volume", "inspect", v)
	if !strings.Contains(r.Stdout, `"Mountpoint": "`+filepath.Join(testRoot, "volumes", v, "_data")+`"`) || !strings.Contains(r.Stdout, `"team": "a"`) {
		t.Fatalf("inspect:\n%s", r)
	}
	wantFail(t, tent(t, "volume", "inspect", "nosuchvol"), 1, "no such volume")
	wantFail(t, tent(t, "volume", "rm", "nosuchvol"), 1, "no such volume")
	mustSucceed(t, tent(t, "volume", "rm", "-f", "nosuchvol"))
	wantFail(t, tent(t, "volume", "create", "bad/name"), 1, "invalid characters")

	// In use, even by a stopped container.
	c := uniq("vuser")
	mustSucceed(t, tent(t, "run", "--network", "none", "--name", c, "-v", v+":/data", bb, "true"))
	wantFail(t, tent(t, "volume", "rm", v), 1, "volume is in use - [")
	if r := tent(t, "volume", "ls", "-q", "--filter", "dangling=true"); strings.Contains(r.Stdout, v) {
		t.Fatalf("a used volume listed as dangling")
	}
	mustSucceed(t, tent(t, "rm", c))
	mustSucceed(t, tent(t, "volume", "rm", v))

	// prune: only anonymous volumes, all unused with -a; no stdin, no -f: refused.
	anon := strings.TrimSpace(tent(t, "volume", "create").Stdout)
	named := uniq("keep")
	mustSucceed(t, tent(t, "volume", "create", named))
	wantFail(t, tent(t, "volume", "prune"), 1, "use -f")
	r = tent(t, "volume", "prune", "-f")
	mustSucceed(t, r)
	if vs := volumes(t); vs[anon] || !vs[named] || !strings.Contains(r.Stdout, "Total reclaimed space") {
		t.Fatalf("prune -f: anonymous gone, named kept\n%s", r)
	}
	mustSucceed(t, tent(t, "volume", "prune", "-f", "-a", "--filter", "name="+named))
	if volumes(t)[named] {
		t.Fatal("prune -a left the named volume")
	}
}

func TestVolumeData(t *testing.T) {
	bb := busyboxImage(t)
	v := uniq("data")
	t.Cleanup(func() { tent(t, "volume", "rm", "-f", v) })
	runOut(t, "-v", v+":/data", bb, "sh", "-c", "echo kept > /data/f") // made on first use
	if got := runOut(t, "-v", v+":/data", bb, "cat", "/data/f"); got != "kept" {
		t.Fatalf("second container read %q", got)
	}
	for _, ro := range [][]string{{"-v", v + ":/data:ro"}, {"--mount", "type=volume,src=" + v + ",dst=/data,readonly"}} {
		got := runOut(t, append(ro, bb, "sh", "-c", "(echo x > /data/f) 2>&1; cat /data/f")...)
		if !strings.Contains(got, "Read-only file system") || !strings.HasSuffix(got, "kept") {
			t.Fatalf("%v: %q", ro, got)
		}
	}
	// -v with a missing host dir makes it; --mount type=bind refuses.
	missing := filepath.Join(t.TempDir(), "a", "b")
	runOut(t, "-v", missing+":/x", bb, "sh", "-c", "echo y > /x/f")
	if b, err := os.ReadFile(filepath.Join(missing, "f")); err != nil || string(b) != "y\n" {
		t.Fatalf("-v missing dir: %q %v", b, err)
	}
	wantFail(t, tent(t, "run", "--rm", "--network", "none", "--mount", "type=bind,src="+missing+"/no,dst=/x", bb, "true"), 125, "bind source path does not exist")
	got := runOut(t, "--mount", "type=bind,src="+missing+",dst=/x,readonly", "--tmpfs", "/t:size=1m", "--mount", "type=tmpfs,dst=/t2,tmpfs-mode=1770",
		bb, "sh", "-c", "cat /x/f; touch /x/g 2>&1; grep -E ' /t2? ' /proc/mounts; stat -c %a /t2")
	for _, want := range []string{"y", "Read-only file system", "tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k", "tmpfs /t2 tmpfs", "1770"} {
		if !strings.Contains(got, want) {
			t.Errorf("--mount/--tmpfs: no %q in\n%s", want, got)
		}
	}
	wantFail(t, tent(t, "run", "--rm", "--network", "none", "--mount", "type=nfs,dst=/x", bb, "true"), 125, "unknown mount type")
	wantFail(t, tent(t, "run", "--rm", "--network", "none", "--volumes-from", "nosuchctr", bb, "true"), 125, "no such container")
	// --volumes-from CONTAINER:ro
	src := uniq("from")
	mustSucceed(t, tent(t, "create", "--name", src, "-v", v+":/shared", bb))
	t.Cleanup(func() { tent(t, "rm", "-f", src) })
	if got := runOut(t, "--volumes-from", src+":ro", bb, "sh", "-c", "cat /shared/f; touch /shared/z 2>&1; true"); !strings.Contains(got, "kept") || !strings.Contains(got, "Read-only") {
		t.Fatalf("--volumes-from :ro: %q", got)
	}
}

func TestVolumeFromImage(t *testing.T) {
	img := volumeImage(t)
	before := volumes(t)
	// The image's VOLUME: an anonymous volume filled from the image, gone with --rm.
	if got := runOut(t, img, "stat", "-c", "%u:%g %a %n", "/data/owned"); got != "1000:1000 640 /data/owned" {
		t.Fatalf("copy-up: %q", got)
	}
	if after := volumes(t); len(after) != len(before) {
		t.Fatalf("--rm left an anonymous volume: %v -> %v", before, after)
	}
	// Without --rm it stays until rm -v.
	c := uniq("anon")
	mustSucceed(t, tent(t, "run", "--network", "none", "--name", c, img, "true"))
	if len(volumes(t)) != len(before)+1 {
		t.Fatal("no anonymous volume for the image's VOLUME")
	}
	if got := inspectF(t, c, "{{range .Mounts}}{{.Type}} {{.Destination}} {{.Driver}} {{.RW}} {{len .Name}}{{end}}"); got != "volume /data local true 64" {
		t.Fatalf("inspect Mounts: %q", got)
	}
	mustSucceed(t, tent(t, "rm", "-v", c))
	if len(volumes(t)) != len(before) {
		t.Fatal("rm -v left the anonymous volume")
	}
	// A detached --rm container's anonymous volume goes with it (its monitor).
	id := strings.TrimSpace(tent(t, "run", "-d", "--rm", "--network", "none", img, "true").Stdout)
	waitFor(t, 10*time.Second, "the --rm container to go", func() bool { return tent(t, "inspect", id).Code != 0 })
	waitFor(t, 5*time.Second, "its volume to go", func() bool { return len(volumes(t)) == len(before) })
	// A new named volume is filled too, unless nocopy; a volume with data is not.
	v := uniq("fill")
	t.Cleanup(func() { tent(t, "volume", "rm", "-f", v) })
	if got := runOut(t, "-v", v+":/data", img, "cat", "/data/owned"); got != "image" {
		t.Fatalf("named volume copy-up: %q", got)
	}
	runOut(t, "-v", v+":/data", img, "sh", "-c", "rm /data/owned; echo mine > /data/other")
	if got := runOut(t, "-v", v+":/data", img, "ls", "/data"); got != "other" {
		t.Fatalf("a volume with data was filled again: %q", got)
	}
	if got := runOut(t, "--mount", "type=volume,dst=/data,volume-nocopy", img, "ls", "-A", "/data"); got != "" {
		t.Fatalf("volume-nocopy: %q", got)
	}
}
