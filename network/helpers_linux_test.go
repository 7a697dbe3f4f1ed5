package network

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/testutil"
)

func needRoot(t testing.TB) {
	t.Helper()
	testutil.RequireRoot(t)
	if _, err := exec.LookPath("nsenter"); err != nil {
		t.Skip("needs nsenter")
	}
}

// testManager makes a Manager on temp dirs with its own bridge name and
// subnets no host route covers; the bridge is removed at the end.
func testManager(t testing.TB, opts ...Option) *Manager {
	t.Helper()
	needRoot(t)
	d := t.TempDir()
	b := make([]byte, 3)
	rand.Read(b)
	base := []Option{WithBridgeName("tt" + hex.EncodeToString(b)), WithSubnets("10.123.0.0/16", "10.124.0.0/16", "10.125.0.0/16", "10.126.0.0/16")}
	m, err := New(filepath.Join(d, "network"), filepath.Join(d, "netns"), append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		nets, _ := m.Networks()
		for _, n := range nets {
			if err := m.RemoveNetwork(n.Name); err != nil {
				t.Errorf("remove network %s: %v", n.Name, err)
			}
		}
	})
	return m
}

func attach(t testing.TB, m *Manager, o AttachOpts) *Attachment {
	t.Helper()
	a, err := m.Attach(context.Background(), o)
	if err != nil {
		t.Fatalf("attach %s: %v", o.ContainerID, err)
	}
	t.Cleanup(func() { m.Detach(o.ContainerID) })
	return a
}

// inNetns runs busybox applet args inside the netns.
func inNetns(path string, args ...string) *exec.Cmd {
	return exec.Command("nsenter", append([]string{"--net=" + path, "busybox"}, args...)...)
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// waitGone polls until no line of `ip -o link` mentions name.
func waitGone(t testing.TB, name string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if !strings.Contains(run(t, "ip", "-o", "link"), name) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("link %s still there after 2s", name)
}

func statIno(fi os.FileInfo) uint64 { return fi.Sys().(*syscall.Stat_t).Ino }

// linkNames lists the names of the links enslaved to bridge (their state
// changes asynchronously, as carrier comes up, so it is left out).
func linkNames(t testing.TB, bridge string) string {
	var names []string
	for _, l := range strings.Split(run(t, "ip", "-o", "link", "show", "master", bridge), "\n") {
		if f := strings.Fields(l); len(f) > 1 {
			names = append(names, f[1])
		}
	}
	return strings.Join(names, " ")
}
