package rootfs

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestReadFileFromLayersUnpacked builds real overlay-format layers with
// Unpack (whiteouts need root) and reads files from their merged view.
func TestReadFileFromLayersUnpacked(t *testing.T) {
	testutil.RequireRoot(t)
	top := t.TempDir()
	if err := os.WriteFile(filepath.Join(top, "host-secret"), []byte("host"), 0o600); err != nil {
		t.Fatal(err)
	}
	layers := [][]tentry{
		{tfile("etc/passwd", "root:x:0:0\n"), tfile("etc/group", "root:x:0:\n"), tfile("usr/etc/shadow", "s"), tfile("etc/motd", "hi")},
		{tfile("etc/.wh.group", ""), tsymlink("etc/secret", filepath.Join(top, "host-secret")), tfile("opt/a", "a")},
		{tfile("etc/passwd", "root:x:0:0\nuser:x:1000:1000\n"), tfile("opt/.wh..wh..opq", ""), tsymlink("shadow", "usr/etc/shadow")},
	}
	var dirs []string
	for i, entries := range layers {
		d := filepath.Join(top, "layers", string(rune('0'+i)))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := Unpack(context.Background(), bytes.NewReader(mkTar(t, entries...)), d); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	tests := []struct {
		path, want string
		missing    bool
	}{
		{"/etc/passwd", "root:x:0:0\nuser:x:1000:1000\n", false},
		{"/etc/motd", "hi", false},
		{"/etc/group", "", true},
		{"/etc/secret", "", true}, // absolute symlink resolved in the layers, not on the host
		{"/opt/a", "", true},
		{"/shadow", "s", false},
	}
	for _, tt := range tests {
		got, err := ReadFileFromLayers(dirs, tt.path)
		if tt.missing {
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: %q, %v; want not exist", tt.path, got, err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
}
