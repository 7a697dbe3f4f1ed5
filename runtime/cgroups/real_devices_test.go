package cgroups

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// dockerDevices: deny all, mknod of anything, null, zero and the ptys.
func dockerDevices() []specs.LinuxDeviceCgroup {
	r := func(typ string, major, minor int64, acc string) specs.LinuxDeviceCgroup {
		d := specs.LinuxDeviceCgroup{Allow: true, Type: typ, Access: acc}
		if major >= 0 {
			d.Major = i64p(major)
		}
		if minor >= 0 {
			d.Minor = i64p(minor)
		}
		return d
	}
	return []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"},
		r("c", -1, -1, "m"), r("b", -1, -1, "m"),
		r("c", 1, 3, "rwm"), r("c", 1, 5, "rwm"), r("c", 5, 2, "rwm"), r("c", 136, -1, "rwm")}
}

// hostBlockDevice picks a block device of this machine (the host's or
// the VM's) that a root process outside the cgroup can open, so that a
// refusal inside is the cgroup's: disks first, then loop and ram devices.
// Some sandboxes refuse the disk to everyone; with nothing openable it
// returns the first disk (or 8:0) and ok=false.
func hostBlockDevice(t *testing.T) (major, minor uint32, ok bool) {
	ents, _ := os.ReadDir("/sys/block")
	var disks, others [][2]uint32
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/sys/block", e.Name(), "dev"))
		var d [2]uint32
		if _, serr := fmt.Sscanf(string(b), "%d:%d", &d[0], &d[1]); err != nil || serr != nil {
			continue
		}
		if n := e.Name(); strings.HasPrefix(n, "loop") || strings.HasPrefix(n, "ram") || strings.HasPrefix(n, "zram") {
			others = append(others, d)
		} else {
			disks = append(disks, d)
		}
	}
	node := filepath.Join(t.TempDir(), "probe")
	for _, d := range append(disks, others...) {
		os.Remove(node)
		if unix.Mknod(node, unix.S_IFBLK|0o600, int(unix.Mkdev(d[0], d[1]))) != nil {
			continue
		}
		if fd, err := unix.Open(node, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
			unix.Close(fd)
			return d[0], d[1], true
		}
	}
	if len(disks) > 0 {
		return disks[0][0], disks[0][1], false
	}
	return 8, 0, false
}

// devicesHelper (in the cgroup) makes a node of the host's disk and of
// /dev/mem, and opens them and /dev/null, /dev/zero: one line each.
func devicesHelper() int {
	var dir string
	var major, minor uint32
	fmt.Sscanf(os.Getenv("TENT_DEVTEST"), "%s %d %d", &dir, &major, &minor)
	try := func(name string, err error) {
		if err == nil {
			fmt.Printf("%s: ok\n", name)
		} else {
			fmt.Printf("%s: %v\n", name, err)
		}
	}
	open := func(path string, flags int) error {
		fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0)
		if err == nil {
			unix.Close(fd)
		}
		return err
	}
	blk, mem := filepath.Join(dir, "disk"), filepath.Join(dir, "mem")
	try("mknod disk", unix.Mknod(blk, unix.S_IFBLK|0o600, int(unix.Mkdev(major, minor))))
	try("open disk", open(blk, unix.O_RDONLY))
	try("mknod mem", unix.Mknod(mem, unix.S_IFCHR|0o600, int(unix.Mkdev(1, 1))))
	try("open mem", open(mem, unix.O_RDONLY))
	try("open null", open("/dev/null", unix.O_RDWR))
	try("open zero", open("/dev/zero", unix.O_RDONLY))
	fmt.Println("done")
	return 0
}

// TestRealDeviceRules: in a cgroup with Docker's device rules (v1: the
// devices controller; v2: the eBPF program), mknod of the host's disk
// works but opening it fails with EPERM, as /dev/mem does, while /dev/null
// and /dev/zero open. On v2 the program goes away with the cgroup.
func TestRealDeviceRules(t *testing.T) {
	m := realCgroup(t, &specs.LinuxResources{Devices: dockerDevices()})
	major, minor, ok := hostBlockDevice(t)
	if !ok {
		t.Logf("no block device opens outside a cgroup here: %d:%d proves less", major, minor)
	}
	dir := t.TempDir()
	cmd := helperCmd("devices")
	cmd.Env = append(cmd.Env, fmt.Sprintf("TENT_DEVTEST=%s %d %d", dir, major, minor))
	c := start(t, m, cmd)
	c.waitFor(t, "done")
	c.cmd.Wait()
	want := []string{"mknod disk: ok", "open disk: operation not permitted", "mknod mem: ok",
		"open mem: operation not permitted", "open null: ok", "open zero: ok"}
	for _, w := range want {
		if !strings.Contains(c.output(), w+"\n") {
			t.Errorf("want %q; the child said:\n%s", w, c.output())
		}
	}
	t.Logf("block device %d:%d; child:\n%s", major, minor, c.output())
	if m.Mode() == V2 {
		checkProgramFreed(t, m)
	}
}

// checkProgramFreed: one device program is attached to the v2 cgroup, and
// it is gone from the kernel once the cgroup is removed.
func checkProgramFreed(t *testing.T, m Manager) {
	fd, _, err := m.FD()
	if err != nil {
		t.Fatal(err)
	}
	q, err := link.QueryPrograms(link.QueryOptions{Target: fd, Attach: ebpf.AttachCGroupDevice})
	syscall.Close(fd)
	if err != nil || len(q.Programs) != 1 {
		t.Fatalf("programs on the cgroup: %+v, %v; want one", q, err)
	}
	id := q.Programs[0].ID
	if err := m.Destroy(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		p, err := ebpf.NewProgramFromID(id)
		if errors.Is(err, os.ErrNotExist) {
			t.Logf("program %d freed %v after the cgroup was removed", id, time.Since(start).Round(time.Millisecond))
			return
		}
		if err == nil {
			p.Close()
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("program %d still loaded 10s after its cgroup was removed (%v)", id, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
