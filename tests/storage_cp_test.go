package tests

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// tent cp, both ways, for running and stopped containers, and its escapes.

func TestCp(t *testing.T) {
	bb := busyboxImage(t)
	before := leakSnapshot(t)
	host := t.TempDir()
	if err := os.MkdirAll(filepath.Join(host, "dir/sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, s := range map[string]string{"file": "hello", "dir/a": "A", "dir/sub/b": "B"} {
		if err := os.WriteFile(filepath.Join(host, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(filepath.Join(host, "file"), 1234, 1234); err != nil {
		t.Fatal(err)
	}
	running := runD(t, bb, "sleep", "300")
	stopped := uniq("cpstop")
	mustSucceed(t, tent(t, "create", "--name", stopped, bb))
	t.Cleanup(func() { tent(t, "rm", "-f", stopped) })
	for _, c := range []string{running, stopped} {
		mustSucceed(t, tent(t, "cp", filepath.Join(host, "file"), c+":/tmp/"))        // file into a dir
		mustSucceed(t, tent(t, "cp", filepath.Join(host, "file"), c+":/tmp/renamed")) // to a new name
		mustSucceed(t, tent(t, "cp", "-a", filepath.Join(host, "file"), c+":/tmp/kept"))
		mustSucceed(t, tent(t, "cp", filepath.Join(host, "dir"), c+":/tmp/"))          // dir into a dir
		mustSucceed(t, tent(t, "cp", filepath.Join(host, "dir")+"/.", c+":/tmp/dir2")) // new dir
		mustSucceed(t, tent(t, "cp", filepath.Join(host, "dir")+"/.", c+":/tmp/"))     // contents only
		wantFail(t, tent(t, "cp", filepath.Join(host, "file"), c+":/nodir/"), 1, "destination directory does not exist")
		wantFail(t, tent(t, "cp", filepath.Join(host, "dir"), c+":/tmp/renamed"), 1, "cannot copy a directory to a file")
		out := t.TempDir()
		mustSucceed(t, tent(t, "cp", c+":/tmp", out))
		for p, want := range map[string]string{"tmp/file": "hello", "tmp/renamed": "hello", "tmp/dir/sub/b": "B", "tmp/dir2/a": "A", "tmp/a": "A", "tmp/sub/b": "B"} {
			if b, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(b) != want {
				t.Errorf("%s: %s: %q %v", c, p, b, err)
			}
		}
		wantOwner(t, filepath.Join(out, "tmp/file"), 0)
		wantFail(t, tent(t, "cp", c+":/nosuch", out), 1, "could not find the file /nosuch")
	}
	// -a keeps the owner out of the container too.
	out := t.TempDir()
	mustSucceed(t, tent(t, "cp", "-a", running+":/tmp/kept", out))
	wantOwner(t, filepath.Join(out, "kept"), 1234)
	if got := execOut(t, running, "cat", "/tmp/file"); got != "hello" {
		t.Errorf("exec sees %q", got)
	}
	// Tar streams both ways.
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	_ = tw.WriteHeader(&tar.Header{Name: "streamed", Mode: 0o600, Size: 2, Typeflag: tar.TypeReg})
	_, _ = tw.Write([]byte("st"))
	_ = tw.Close()
	cmd := tentCmd(t, "cp", "-", running+":/tmp")
	cmd.Stdin = &tb
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cp - c:/tmp: %v %s", err, b)
	}
	r := tent(t, "cp", running+":/tmp/streamed", "-")
	mustSucceed(t, r)
	tr := tar.NewReader(strings.NewReader(r.Stdout))
	if h, err := tr.Next(); err != nil || h.Name != "streamed" {
		t.Fatalf("cp c:… -: %v %v", h, err)
	}
	if b, _ := io.ReadAll(tr); string(b) != "st" {
		t.Fatalf("streamed back %q", b)
	}
	// A --read-only container's rootfs stays read-only, its volumes do not.
	ro := uniq("cpro")
	mustSucceed(t, tent(t, "run", "--network", "none", "--name", ro, "--read-only", "-v", "/rw", bb, "true"))
	t.Cleanup(func() { tent(t, "rm", "-f", "-v", ro) })
	wantFail(t, tent(t, "cp", filepath.Join(host, "file"), ro+":/tmp/"), 1, "read-only file system")
	mustSucceed(t, tent(t, "cp", filepath.Join(host, "file"), ro+":/rw/"))
	wantFail(t, tent(t, "cp", "nosuchctr:/x", out), 1, "no such container")
	wantFail(t, tent(t, "cp", out, "nosuchctr:/x"), 1, "no such container")
	tent(t, "rm", "-f", running, stopped)
	assertNoLeaks(t, before)
}

func wantOwner(t *testing.T, p string, uid int) {
	t.Helper()
	out, err := exec.Command("stat", "-c", "%u", p).Output()
	if err != nil || strings.TrimSpace(string(out)) != strconv.Itoa(uid) {
		t.Errorf("%s: owner %q %v, want %d", p, out, err, uid)
	}
}

func execOut(t *testing.T, id string, args ...string) string {
	t.Helper()
	r := tent(t, append([]string{"exec", id}, args...)...)
	mustSucceed(t, r)
	return strings.TrimSpace(r.Stdout)
}

// TestCpEscape: a container's symlinks resolve inside its root: cp into
// /x/ where /x -> /etc writes the container's /etc, not the host's; cp
// out of a link to /etc/shadow copies the link (or, with -L, the
// container's file), never the host's.
func TestCpEscape(t *testing.T) {
	bb := busyboxImage(t)
	host := t.TempDir()
	marker := filepath.Join(host, "tent-cp-escape-marker")
	if err := os.WriteFile(marker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	running := runD(t, bb, "sh", "-c", "ln -s /etc /x; ln -s /etc/shadow /link; ln -s ../../../../etc/shadow /rel; echo ctr > /etc/shadow; sleep 300")
	waitFor(t, 5e9, "the links", func() bool { return tent(t, "exec", running, "test", "-L", "/rel").Code == 0 })
	stopped := uniq("cpesc")
	mustSucceed(t, tent(t, "run", "--network", "none", "--name", stopped, bb, "sh", "-c", "ln -s /etc /x; ln -s /etc/shadow /link; ln -s ../../../../etc/shadow /rel; echo ctr > /etc/shadow"))
	t.Cleanup(func() { tent(t, "rm", "-f", stopped) })
	for _, c := range []string{running, stopped} {
		mustSucceed(t, tent(t, "cp", marker, c+":/x/"))
		if _, err := os.Stat("/etc/tent-cp-escape-marker"); err == nil {
			os.Remove("/etc/tent-cp-escape-marker")
			t.Fatalf("%s: cp wrote the host's /etc through the container's symlink", c)
		}
		out := t.TempDir()
		mustSucceed(t, tent(t, "cp", c+":/x/tent-cp-escape-marker", out)) // it is in the container's /etc
		for _, link := range []string{"/link", "/rel"} {
			mustSucceed(t, tent(t, "cp", c+":"+link, filepath.Join(out, "nofollow")))
			if fi, err := os.Lstat(filepath.Join(out, "nofollow")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("%s %s: not copied as a symlink: %v", c, link, err)
			}
			os.Remove(filepath.Join(out, "nofollow"))
			mustSucceed(t, tent(t, "cp", "-L", c+":"+link, filepath.Join(out, "followed")))
			if b, err := os.ReadFile(filepath.Join(out, "followed")); err != nil || string(b) != "ctr\n" {
				t.Errorf("%s -L %s: got %q %v, want the container's file", c, link, b, err)
			}
		}
	}
}
