package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tent reads a running container's /etc/passwd from the host (exec -u,
// top). A hostile one, a symlink to /dev/zero or to a FIFO, must not hang
// or bloat tent: exec -u fails at once with a clear error, top still lists
// the processes (by uid).
func TestHostReadsHostilePasswd(t *testing.T) {
	for _, tt := range []struct{ name, setup string }{
		{"dev zero", "ln -sf /dev/zero /etc/passwd"},
		{"fifo", "mkfifo /tmp/fifo && ln -sf /tmp/fifo /etc/passwd"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id := runD(t, busyboxImage(t), "sh", "-c", tt.setup+" && touch /tmp/ready && exec sleep 1000")
			waitFile(t, id, "/tmp/ready")
			start := time.Now()
			r := tent(t, "exec", "-u", "someuser", id, "true")
			if d := time.Since(start); d > 10*time.Second {
				t.Fatalf("exec -u took %v", d)
			}
			if r.Code == 0 || !strings.Contains(r.Stderr, "/etc/passwd") || !strings.Contains(r.Stderr, "not a regular file") {
				t.Fatalf("exec -u with a hostile /etc/passwd: want a clear error:\n%s", r)
			}
			start = time.Now()
			r = tent(t, "top", id)
			if d := time.Since(start); d > 10*time.Second {
				t.Fatalf("top took %v", d)
			}
			if r.Code != 0 || !strings.Contains(r.Stdout, "sleep 1000") {
				t.Fatalf("top with a hostile /etc/passwd:\n%s", r)
			}
		})
	}
}

// An absolute symlink in the container names the container's file, never
// the host's at the same path.
func TestHostReadsResolveInContainer(t *testing.T) {
	hostDir := t.TempDir()
	p := filepath.Join(hostDir, "passwd")
	if err := os.WriteFile(p, []byte("someuser:x:7777:7777::/host:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setup := "mkdir -p " + hostDir + " && echo someuser:x:4242:4242::/ctr:/bin/sh > " + p +
		" && ln -sf " + p + " /etc/passwd && touch /tmp/ready && exec sleep 1000"
	id := runD(t, busyboxImage(t), "sh", "-c", setup)
	waitFile(t, id, "/tmp/ready")
	r := tent(t, "exec", "-u", "someuser", id, "sh", "-c", "id -u; echo $HOME")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "4242\n") || !strings.Contains(r.Stdout, "/ctr") {
		t.Fatalf("exec -u someuser read the host's file, not the container's:\n%s", r)
	}
}

// waitFile waits until path exists in the container.
func waitFile(t *testing.T, id, path string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if tent(t, "exec", id, "test", "-e", path).Code == 0 {
			return
		}
	}
	t.Fatalf("%s never appeared in %s", path, id)
}
