package tests

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// pushImage pushes a tent-mkimage variant to ref and returns its digest.
func pushImage(t *testing.T, ref string, args ...string) string {
	t.Helper()
	r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), append([]string{"--push", ref}, args...)...)
	mustSucceed(t, r)
	d := strings.TrimSpace(r.Stdout)
	if !strings.HasPrefix(d, "sha256:") {
		t.Fatalf("tent-mkimage --push printed %q, want a digest", d)
	}
	return d
}

// registryBlob finds the data file of a blob in the storage of the
// registries this test started (they live under the test's temp dirs).
func registryBlob(t *testing.T, digest string) string {
	t.Helper()
	hex := strings.TrimPrefix(digest, "sha256:")
	var found string
	filepath.WalkDir(filepath.Dir(t.TempDir()), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "data" && filepath.Base(filepath.Dir(p)) == hex &&
			strings.Contains(p, "/blobs/sha256/") {
			found = p
		}
		return nil
	})
	if found == "" {
		t.Fatalf("blob %s not found in the registry's storage", digest)
	}
	return found
}

// storeSnapshot lists the files of an image store (lock files aside).
func storeSnapshot(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	img := filepath.Join(root, "image")
	filepath.WalkDir(img, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(img, p)
		if err != nil || rel == "lock" || strings.HasPrefix(rel, "locks") {
			return nil
		}
		lines = append(lines, rel)
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// fieldsOf returns the lines of out split into fields.
func fieldsOf(out string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		rows = append(rows, strings.Fields(l))
	}
	return rows
}

func flipByte(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
