package rootfs

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestMountString(t *testing.T) {
	tests := []struct {
		m    Mount
		want string
	}{
		{Mount{Type: "overlay", Source: "overlay", Target: "/run/tent/rootfs",
			Options: []string{"lowerdir=/l/c:/l/b:/l/a", "upperdir=/c/u", "workdir=/c/w", "volatile"}},
			"overlay → /run/tent/rootfs type overlay (upperdir=/c/u,workdir=/c/w,volatile,3 lowerdirs)"},
		{Mount{Type: "overlay", Source: "overlay", Target: "/r", Options: []string{"lowerdir+=/l/b", "lowerdir+=/l/a"}, Chdir: "/l"},
			"overlay → /r type overlay (2 lowerdirs) from /l"},
		{Mount{Type: "bind", Source: "/l/a", Target: "/r", Options: []string{"rbind", "ro"}},
			"/l/a → /r type bind (rbind,ro)"},
		{Mount{Type: "tmpfs", Source: "tmpfs", Target: "/tmp"}, "tmpfs → /tmp type tmpfs"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestUnpackLogs(t *testing.T) {
	tarball := mkTar(t, tdir("etc", 0o755), tfile("etc/passwd", "root:x:0:0::/root:/bin/sh\n"), tfile("etc/.wh.group", ""))
	if makeUnpackOptions(nil).log.On() {
		t.Fatal("Unpack logs without WithLogger")
	}
	l, h := testutil.DebugLogger()
	s := newSandbox(t)
	if _, err := s.unpack(t, tarball, WithLogger(l), WithBestEffortXattrs()); err != nil {
		t.Fatal(err)
	}
	if len(h.AllEntries()) != 1 {
		t.Fatalf("%d lines, want 1", len(h.AllEntries()))
	}
	want := "unpack " + s.layer + ": 3 entries, 1 files, 1 whiteouts, 26 bytes (paths resolved by "
	if got := h.LastEntry().Message; !strings.HasPrefix(got, want) {
		t.Errorf("logged %q, want %q...", got, want)
	}
}
