package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/testutil"
)

func contextGroupsOf(t *testing.T, dir string, srcs ...string) ([]group, error) {
	t.Helper()
	s, err := openContext(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.root.Close() })
	return s.collectAll(srcs)
}

func rels(gs []group) string {
	var out []string
	for _, g := range gs {
		for _, f := range g.files {
			out = append(out, f.Path)
		}
	}
	return strings.Join(out, " ")
}

func TestContextSources(t *testing.T) {
	dir := testutil.WriteTree(t, map[string]string{
		".dockerignore": "*.log\nsecrets\n!secrets/keep\n**/*.tmp\n",
		"a.txt":         "a", "b.log": "b", "secrets/x": "x", "secrets/keep": "k", "src/m.go": "m", "src/z.tmp": "z",
	})
	tests := []struct {
		srcs    []string
		want    string
		wantErr string
	}{
		{srcs: []string{"a.txt"}, want: "a.txt"},
		{srcs: []string{"*.txt", "src"}, want: "a.txt src src/m.go"},
		{srcs: []string{"secrets"}, want: "secrets secrets/keep"},
		{srcs: []string{"."}, want: ". .dockerignore a.txt secrets/keep src src/m.go"},
		{srcs: []string{"b.log"}, wantErr: "excluded by .dockerignore"},
		{srcs: []string{"*.log"}, wantErr: "matches nothing"},
		{srcs: []string{"../x"}, wantErr: "outside the build context"},
		{srcs: []string{"nope"}, wantErr: "not found"},
	}
	for _, tt := range tests {
		gs, err := contextGroupsOf(t, dir, tt.srcs...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err %v, want %q", tt.srcs, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tt.srcs, err)
			continue
		}
		if got := rels(gs); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.srcs, got, tt.want)
		}
	}
}

// TestContextHash: the cache key follows paths, modes and bytes, not times.
func TestContextHash(t *testing.T) {
	dir := testutil.WriteTree(t, map[string]string{"app/main.py": "print(1)", "req.txt": "flask"})
	key := func() string {
		gs, err := contextGroupsOf(t, dir, "app", "req.txt")
		if err != nil {
			t.Fatal(err)
		}
		k, err := hashGroups(gs)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key()
	os.Chtimes(filepath.Join(dir, "app/main.py"), time.Now(), time.Unix(1, 0))
	if key() != k0 {
		t.Error("an mtime changed the key")
	}
	os.Chmod(filepath.Join(dir, "app/main.py"), 0o755)
	k1 := key()
	if k1 == k0 {
		t.Error("a mode change kept the key")
	}
	os.WriteFile(filepath.Join(dir, "app/main.py"), []byte("print(2)"), 0o755)
	if key() == k1 {
		t.Error("a content change kept the key")
	}
}

// TestContextSymlinkStaysInside: a context symlink to a host file resolves
// inside the context, never to the host file.
func TestContextSymlinkStaysInside(t *testing.T) {
	host := testutil.WriteTree(t, map[string]string{"secret": "host"})
	dir := testutil.WriteTree(t, map[string]string{"f": "x"})
	os.Symlink(filepath.Join(host, "secret"), filepath.Join(dir, "abs"))
	os.Symlink("../../../../../../.."+host+"/secret", filepath.Join(dir, "rel"))
	for _, src := range []string{"abs", "rel"} {
		if _, err := contextGroupsOf(t, dir, src); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Errorf("%s: %v", src, err)
		}
	}
	gs, err := contextGroupsOf(t, dir, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range gs[0].files {
		if f.Path == "abs" && !f.isLink() {
			t.Error("a symlink inside a copied dir was followed")
		}
	}
}
