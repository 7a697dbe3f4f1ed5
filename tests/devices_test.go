package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// blockDev is a block device of the host, and whether root outside any
// container can open it (some sandboxes refuse the host's disk to all).
type blockDev struct {
	name         string
	major, minor uint32
	opens        bool
}

// hostBlockDevices: the device holding / (when it is a block device), then
// every other disk, loop and ram device of /sys/block.
func hostBlockDevices(t *testing.T) []blockDev {
	var devs []blockDev
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err == nil {
		if _, err := os.Stat(fmt.Sprintf("/sys/dev/block/%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev))); err == nil {
			devs = append(devs, blockDev{name: "root", major: unix.Major(st.Dev), minor: unix.Minor(st.Dev)})
		}
	}
	ents, _ := os.ReadDir("/sys/block")
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/sys/block", e.Name(), "dev"))
		d := blockDev{name: e.Name()}
		if _, serr := fmt.Sscanf(string(b), "%d:%d", &d.major, &d.minor); err == nil && serr == nil {
			devs = append(devs, d)
		}
	}
	node := filepath.Join(t.TempDir(), "probe")
	for i := range devs {
		os.Remove(node)
		if err := unix.Mknod(node, unix.S_IFBLK|0o600, int(unix.Mkdev(devs[i].major, devs[i].minor))); err != nil {
			t.Fatalf("mknod on the host: %v", err)
		}
		if fd, err := unix.Open(node, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
			unix.Close(fd)
			devs[i].opens = true
		}
	}
	return devs
}

// TestDevicesNoHostDisk (issue #11 item 2): container root keeps CAP_MKNOD
// and may make a node of the host's root disk (and of every other block
// device), but opening it fails with EPERM, while /dev/null and /dev/zero
// work. On cgroup v1 the devices controller refuses; on v2 the eBPF
// program (the v2 VM test checks that case).
func TestDevicesNoHostDisk(t *testing.T) {
	devs := hostBlockDevices(t)
	if len(devs) == 0 {
		t.Skip("no block device on this host")
	}
	var script strings.Builder
	control := false
	for i, d := range devs {
		fmt.Fprintf(&script, "mknod /tmp/d%d b %d %d && echo made%d; head -c1 /tmp/d%d >/dev/null; echo read%d=$?; true >>/tmp/d%d; echo write%d=$?\n",
			i, d.major, d.minor, i, i, i, i, i)
		control = control || d.opens
	}
	script.WriteString("echo zero=$(head -c 4 /dev/zero | wc -c); echo x >/dev/null && echo null-ok\n")
	r := runIn(t, nil, "sh", "-c", script.String())
	mustSucceed(t, r)
	for i, d := range devs {
		for _, want := range []string{fmt.Sprintf("made%d", i), fmt.Sprintf("read%d=1", i), fmt.Sprintf("write%d=1", i)} {
			if !strings.Contains(r.Stdout, want+"\n") {
				t.Errorf("%s (%d:%d, opens on the host: %v): want %q\n%s", d.name, d.major, d.minor, d.opens, want, r)
			}
		}
	}
	if n := strings.Count(r.Stderr, "Operation not permitted"); n < 2*len(devs) {
		t.Errorf("%d EPERMs for %d devices read and written:\n%s", n, len(devs), r)
	}
	for _, want := range []string{"zero=4", "null-ok"} {
		if !strings.Contains(r.Stdout, want+"\n") {
			t.Errorf("want %q\n%s", want, r)
		}
	}
	if !control {
		t.Logf("no block device opens outside a container here: the refusals prove less")
	}
	t.Logf("%d block devices refused (first %s %d:%d); host-openable ones among them: %v", len(devs), devs[0].name, devs[0].major, devs[0].minor, control)
}
