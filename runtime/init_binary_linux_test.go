package runtime

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTrustedExecutable(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(mk("target", 0o755), link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"executable, ours, 0755", mk("ok", 0o755), true},
		{"not executable", mk("noexec", 0o644), false},
		{"group-writable", mk("gw", 0o775), false},
		{"world-writable", mk("ww", 0o757), false},
		{"a dir", dir, false},
		{"missing", filepath.Join(dir, "missing"), false},
		{"symlink to a good file is judged by the file", link, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trustedExecutable(tt.path); got != tt.want {
				t.Errorf("trustedExecutable(%s) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}
