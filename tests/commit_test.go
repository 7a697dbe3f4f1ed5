package tests

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCommitDiffHistory: tent diff lists a running container's changes as
// docker diff; tent commit (pausing it) makes an image of them with the
// -c changes and a history entry, which runs; the container goes on
// running. Escape test: a symlink in the container to a host file is
// committed as a symlink, and no host content gets into the layer.
func TestCommitDiffHistory(t *testing.T) {
	img := busyboxImage(t)
	secret := filepath.Join(t.TempDir(), "host-secret")
	const secretText = "host secret 7f3a9c"
	if err := os.WriteFile(secret, []byte(secretText), 0o600); err != nil {
		t.Fatal(err)
	}
	before := leakSnapshot(t)
	name := uniq("commit")
	runD(t, "--name", name, "--network", "none", img, "sleep", "300")
	t.Cleanup(func() { tent(t, "rm", "-f", name) })
	mustSucceed(t, tent(t, "exec", name, "sh", "-c",
		"echo hi > /new && echo x >> /etc/passwd && rm /etc/group && mkdir -p /d/e && "+
			"ln -s "+secret+" /leak && ln -s ../../../../../../.."+secret+" /leak2"))

	r := tent(t, "diff", name)
	mustSucceed(t, r)
	want := "C /etc\nC /etc/passwd\nD /etc/group\nA /d\nA /d/e\nA /leak\nA /leak2\nA /new"
	if got := sortedLines(r.Stdout); got != sortedLines(want) {
		t.Errorf("diff:\n%s\nwant (any order):\n%s", r.Stdout, want)
	}

	ref := "tent-test/committed:" + name
	r = tent(t, "commit", "-m", "add new", "-a", "Ann", "-c", `CMD ["cat","/new"]`, "-c", "ENV COMMITTED=yes", name, ref)
	mustSucceed(t, r)
	id := strings.TrimSpace(r.Stdout)
	t.Cleanup(func() { tent(t, "rmi", "-f", ref) })
	if !strings.HasPrefix(id, "sha256:") {
		t.Fatalf("commit printed %q, want the image id", id)
	}
	if st := inspectF(t, name, "{{.State.Status}}"); st != "running" {
		t.Errorf("after commit the container is %s, want running (thawed)", st)
	}
	r = tent(t, "run", "--rm", "--network", "none", ref)
	mustSucceed(t, r)
	if r.Stdout != "hi\n" {
		t.Errorf("committed image's CMD printed %q", r.Stdout)
	}
	r = tent(t, "run", "--rm", "--network", "none", ref, "sh", "-c",
		"echo $COMMITTED; readlink /leak; test -e /etc/group || echo nogroup; cat /leak /leak2 2>/dev/null || echo unreadable")
	mustSucceed(t, r)
	if r.Stdout != "yes\n"+secret+"\nnogroup\nunreadable\n" {
		t.Errorf("committed image:\n%s", r.Stdout)
	}
	checkLayerHasNo(t, secretText)

	r = tent(t, "history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Comment}}", ref)
	mustSucceed(t, r)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) < 2 || lines[0] != id+"|sleep 300|add new" || !strings.HasPrefix(lines[1], "<missing>|") {
		t.Errorf("history:\n%s", r.Stdout)
	}
	mustFailWith(t, tent(t, "commit", "-c", "RUN rm -rf /", name), "RUN is not a valid change command")
	mustSucceed(t, tent(t, "rm", "-f", name))
	assertNoLeaks(t, before)
}

// checkLayerHasNo reads every gzip'd layer blob of the shared store and
// fails if a file in one holds text.
func checkLayerHasNo(t *testing.T, text string) {
	t.Helper()
	blobs := filepath.Join(testRoot, "image", "blobs", "sha256")
	ents, err := os.ReadDir(blobs)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(blobs, e.Name()))
		if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			continue // not a gzip'd layer
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			continue
		}
		tr := tar.NewReader(zr)
		for {
			h, err := tr.Next()
			if err != nil {
				break
			}
			body, _ := io.ReadAll(tr)
			if strings.Contains(string(body), text) {
				t.Errorf("layer blob %s: %s holds the host file's content", e.Name()[:12], h.Name)
			}
		}
	}
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
