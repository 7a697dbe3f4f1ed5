package runtime

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMkdirAllInRootStaysInside(t *testing.T) {
	outside := t.TempDir()
	root := t.TempDir()
	for name, target := range map[string]string{
		"abs":      outside,             // absolute: resolves to root/<outside>
		"up":       "../../../../../..", // climbs to root, no further
		"dangling": outside + "/nothere",
	} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, outside), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		want    string // made, relative to root
		wantErr bool
	}{
		{path: "/a/b/c", want: "a/b/c"},
		{path: "/abs/x", want: filepath.Join(outside, "x")},
		{path: "/up/y", want: "y"},
		{path: "/dangling/z", wantErr: true},
		{path: "/../../z2", want: "z2"},
	}
	for _, tt := range tests {
		err := mkdirAllInRoot(root, tt.path, 0o755)
		if (err != nil) != tt.wantErr {
			t.Errorf("mkdirAllInRoot(%q) = %v", tt.path, err)
			continue
		}
		if tt.want != "" {
			if fi, err := os.Stat(filepath.Join(root, tt.want)); err != nil || !fi.IsDir() {
				t.Errorf("%q: %s not made: %v", tt.path, tt.want, err)
			}
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("made outside the root: %v", ents)
	}
	f, err := openInRoot(root, "/abs/x")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}
