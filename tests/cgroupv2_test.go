package tests

import (
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/cpio"
	"github.com/tent-dev/tent/tests/vm"
)

// TestCgroupV2InVM runs tent's cgroup v2 code on a real cgroup v2 kernel:
// this host is v1 (hybrid) and cannot switch, so it boots Debian's kernel
// under qemu (KVM when /dev/kvm opens, else TCG; TENT_VM_ACCEL=tcg forces
// it) with an initramfs of busybox, the runtime/cgroups and runtime test
// binaries, and — when they build — tent and the busybox test image. Guest
// scripts:
// tests/vm/init.sh and tests/vm/tent-run.sh. The kernel comes from the
// cache tests/vm/kernel.sh fills (apt-get download; the test itself never
// downloads); without it the test skips, or fails under CI=true.
func TestCgroupV2InVM(t *testing.T) {
	ctx := context.Background()
	kernel, modules, err := vm.Kernel(ctx, "vm/kernel.sh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v\nCI must fetch the kernel in its dependency step: tests/vm/kernel.sh", err)
		}
		t.Skipf("%v (under CI=true this fails)", err)
	}
	dir := t.TempDir()
	img := cpio.New()
	img.Data("init", vm.InitScript, 0o755)
	img.File("bin/busybox", staticBusybox(t), 0o755)
	addModules(t, img, modules)
	img.File("tests/cgroups.test", goTestBinary(t, dir, "./runtime/cgroups"), 0o755)
	img.File("tests/runtime.test", goTestBinary(t, dir, "./runtime"), 0o755)
	if reason := addTent(t, img, dir); reason != "" {
		t.Logf("tent part skipped in the VM: %s", reason)
		img.Data("tests/tent-skip", []byte(reason), 0o644)
	}
	initrd := filepath.Join(dir, "initrd.cpio")
	if err := img.WriteFile(initrd); err != nil {
		t.Fatal(err)
	}
	// The guest's disk: 1 MiB starting with a marker, which a container
	// must not be able to read through a node it makes (tent-run.sh).
	disk := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(disk, append([]byte(vmDiskMarker), make([]byte, 1<<20-len(vmDiskMarker))...), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := vm.Boot(ctx, vm.Config{Kernel: kernel, Initrd: initrd, Accel: os.Getenv("TENT_VM_ACCEL"),
		MemoryMB: 512, CPUs: 2, Timeout: 5 * time.Minute, Disk: disk})
	if res != nil {
		t.Logf("VM under %s: /init ran %v after qemu started; whole run %v", res.Accel, res.BootTime.Round(time.Millisecond), res.Total.Round(time.Millisecond))
		if res.KVMError != "" {
			t.Logf("KVM not used: %s", res.KVMError)
		}
		for _, l := range res.Prefixed("TENT-VM: ") {
			t.Log(l)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	checkGoTests(t, res)
	if b, err := os.ReadFile(disk); err != nil || string(b[:len(vmDiskMarker)]) != vmDiskMarker {
		t.Errorf("the guest's disk was written from a container: starts %q (%v)", b[:len(vmDiskMarker)], err)
	}
	for _, c := range res.Checks {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			switch c.Status {
			case "PASS":
				t.Log(c.Detail)
			case "SKIP":
				t.Skip(c.Detail)
			default:
				t.Errorf("%s in the VM: %s", c.Status, c.Detail)
			}
		})
	}
}

// vmDiskMarker starts the guest's disk (tent-run.sh greps for it).
const vmDiskMarker = "TENT-VM-DISK-MARKER"

// vmMustPass are the root tests of runtime/cgroups, and of runtime's exec,
// that must have run (not skipped) on cgroup v2 in the guest.
var vmMustPass = []string{"TestRealDeviceRules", "TestRealOOMKill", "TestRealPidsLimit", "TestRealStatsFreeze",
	"TestRealCPUQuota", "TestRealCloneIntoCgroup", "TestRealCreateAllLimits", "TestDetectHost", "TestV2CreateWrites",
	"TestExecFastMatchesStage2", "TestDMZ", "TestDMZJoinsCgroup", "TestDMZNotDumpable"}

func checkGoTests(t *testing.T, res *vm.Result) {
	out := strings.Join(res.Prefixed("TENT-VM-GO "), "\n")
	for _, name := range vmMustPass {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass on cgroup v2", name)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("runtime/cgroups and runtime tests in the VM:\n%s", out)
	}
}

// staticBusybox is Debian's busybox-static: the guest has no libc.
func staticBusybox(t *testing.T) string {
	p, err := exec.LookPath("busybox")
	if err == nil {
		var f *elf.File
		if f, err = elf.Open(p); err == nil {
			defer f.Close()
			for _, prog := range f.Progs {
				if prog.Type == elf.PT_INTERP {
					err = errors.New("dynamically linked")
				}
			}
		}
	}
	if err != nil {
		t.Fatalf("busybox %s: %v (apt-get install busybox-static)", p, err)
	}
	return p
}

// addModules puts the kernel modules (overlay) into /modules with their load order.
func addModules(t *testing.T, img *cpio.Archive, dir string) {
	order, err := os.ReadFile(filepath.Join(dir, "order"))
	if err != nil {
		t.Fatalf("modules: %v", err)
	}
	img.Data("modules/order", order, 0o644)
	for _, m := range strings.Fields(string(order)) {
		img.File("modules/"+m, filepath.Join(dir, m), 0o644)
	}
}

// goTestBinary compiles a package's tests (static) into dir.
func goTestBinary(t *testing.T, dir, pkg string) string {
	out := filepath.Join(dir, filepath.Base(pkg)+".test")
	cmd := exec.Command("go", "test", "-c", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -c %s: %v\n%s", pkg, err, b)
	}
	return out
}

// addTent adds tent, the busybox test image, tests/exeattack and
// tent-run.sh; it returns why not when a binary did not build or the image
// could not be made.
func addTent(t *testing.T, img *cpio.Archive, dir string) string {
	for _, name := range []string{"tent", "tent-image", "tent-mkimage"} {
		if err := buildErrs[name]; err != nil {
			return fmt.Sprintf("%s did not build: %v", name, firstLineOf(err.Error()))
		}
	}
	tar := filepath.Join(dir, "busybox.tar")
	if r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", tar, "--ref", busyboxRef); r.Code != 0 {
		return "tent-mkimage failed: " + firstLineOf(r.Stderr)
	}
	img.File("tests/tent", bin(t, "tent"), 0o755)
	img.File("tests/tent-image", bin(t, "tent-image"), 0o755) // tent load execs it
	img.File("tests/busybox.tar", tar, 0o644)
	img.File("tests/exeattack", attackerBinary(t), 0o755) // tent-run.sh's escape check
	img.Data("tests/tent-run.sh", vm.TentRunScript, 0o644)
	return ""
}

func firstLineOf(s string) string { l, _, _ := strings.Cut(strings.TrimSpace(s), "\n"); return l }
