package engine

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

func TestReadFileFromLayers(t *testing.T) {
	dir := t.TempDir()
	low, mid, top := filepath.Join(dir, "low"), filepath.Join(dir, "mid"), filepath.Join(dir, "top")
	write := func(p, data string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(low, "etc/passwd"), "low")
	write(filepath.Join(low, "etc/group"), "lowgroup")
	write(filepath.Join(mid, "etc/passwd"), "mid")
	write(filepath.Join(dir, "hostsecret"), "secret")
	os.MkdirAll(filepath.Join(top, "etc"), 0o755)
	os.Symlink("/../../hostsecret", filepath.Join(top, "etc/shadow"))
	os.MkdirAll(filepath.Join(mid, "etc"), 0o755)
	if err := unix.Mknod(filepath.Join(mid, "etc/group"), unix.S_IFCHR, 0); err != nil && os.Geteuid() == 0 {
		t.Fatal(err)
	}
	layers := []string{low, mid, top}
	for _, tc := range []struct{ path, want string }{
		{"/etc/passwd", "mid"},
		{"/etc/shadow", ""}, // the symlink resolves inside the layer, never to the host
		{"/nope", ""},
	} {
		got, err := readFileFromLayers(layers, tc.path)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %q %v, want %q", tc.path, got, err, tc.want)
		}
	}
	if os.Geteuid() == 0 { // whiteouts need mknod
		if got, _ := readFileFromLayers(layers, "/etc/group"); got != nil {
			t.Errorf("whited-out /etc/group read as %q", got)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"", 0, false}, {"100", 100, false}, {"100b", 100, false}, {"4k", 4096, false},
		{"32m", 32 << 20, false}, {"32MB", 32 << 20, false}, {"1.5g", 3 << 29, false}, {"1t", 1 << 40, false},
		{"m", 0, true}, {"-1m", 0, true}, {"12x", 0, true},
	} {
		got, err := ParseBytes(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseBytes(%q) = %d, %v", tc.in, got, err)
		}
	}
}
