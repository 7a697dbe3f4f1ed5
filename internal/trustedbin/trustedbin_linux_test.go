package trustedbin

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return p
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(mk("target", 0o755), link); err != nil {
		t.Fatal(err)
	}
	badLink := filepath.Join(dir, "badlink")
	if err := os.Symlink(mk("gw-target", 0o775), badLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want error
	}{
		{"executable, ours, 0755", mk("ok", 0o755), nil},
		{"not executable", mk("noexec", 0o644), ErrNotExecutable},
		{"group-writable", mk("gw", 0o775), ErrWritable},
		{"world-writable", mk("ww", 0o757), ErrWritable},
		{"a dir", dir, ErrNotExecutable},
		{"missing", filepath.Join(dir, "missing"), fs.ErrNotExist},
		{"symlink to a good file is judged by the file", link, nil},
		{"symlink to a bad file", badLink, ErrWritable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.path)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check(%s) = %v, want %v", tt.path, err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Check(%s) = %q: no path in the error", tt.path, err)
			}
		})
	}
}
