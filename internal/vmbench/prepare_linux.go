package vmbench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/hybridv1"
	"github.com/tent-dev/tent/internal/vm"
)

// probeTimeout bounds the KVM probe boot: a KVM guest reaches /init in a
// second or two, a refused one never does.
const probeTimeout = 20 * time.Second

// prepare finds the kernel, writes the initramfs and the rootfs, picks the
// machine and the accelerator, and lists the systems installed.
func (b *bench) prepare(ctx context.Context) (*Report, []system, error) {
	k, err := b.kernel(ctx)
	if err != nil {
		return nil, nil, err
	}
	initrd := b.o.Initrd
	if initrd == "" {
		initrd = b.work + "/initrd.cpio"
		if err := vm.WriteInitramfs(initrd, b.o.Busybox, b.o.Marker); err != nil {
			return nil, nil, err
		}
	}
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		return nil, nil, fmt.Errorf("bench vm: %w (apt-get install qemu-system-x86)", err)
	}
	help, _ := exec.CommandContext(ctx, qemu, "-M", "help").Output()
	cpuinfo, _ := os.ReadFile("/proc/cpuinfo")
	c := vm.Config{Qemu: qemu, Machine: vm.PickMachine(string(help)), Kernel: k.Path, Initrd: initrd,
		MemMiB: b.o.VMMemMiB, CPUs: 1, TSCkHz: vm.HostkHz(string(cpuinfo))}
	fmt.Fprintf(b.o.Progress, "kernel: %s\nprobing the accelerator (%s)…\n", k.Name, b.o.Accel)
	choice, err := vm.Pick(b.o.Accel, b.o.DevKVM, c, b.o.Marker, probeTimeout)
	if err != nil {
		return nil, nil, fmt.Errorf("bench vm: %w", err)
	}
	c.Accel = choice.Accel
	fmt.Fprintf(b.o.Progress, "accelerator: %s\n", choice)
	rep := &Report{Accel: choice.String(), Machine: c.Machine, Kernel: k.Name, Marker: b.o.Marker, BudgetMiB: b.budget()}
	if b.o.N == 0 {
		b.o.N = DefaultN(runtime.NumCPU(), rep.BudgetMiB, 230)
	}
	systems := []system{b.vmSystem(c, fmt.Sprintf("qemu %s (%s)", c.Machine, c.Accel))}
	more, err := b.containers()
	return rep, append(systems, more...), err
}

// containers are tent's two rows, then crun, runc and podman when installed.
func (b *bench) containers() ([]system, error) {
	if err := b.ensureImage(); err != nil {
		return nil, err
	}
	out := []system{b.tentSystem("none"), b.tentSystem("bridge")}
	rootfs, err := makeRootfs(b.work, b.o.Busybox)
	if err != nil {
		return out, err
	}
	b.rootfs = rootfs
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	th, err := hybridv1.New(string(mi))
	if err != nil {
		return out, fmt.Errorf("bench vm: crun: %w", err)
	}
	out[0].close = th.Close
	for _, rt := range []string{"crun", "runc"} {
		if p, err := exec.LookPath(rt); err == nil {
			s, err := b.bundleSystem(p, th)
			if err != nil {
				return out, err
			}
			out = append(out, s)
		}
	}
	if p, err := exec.LookPath("podman"); err == nil {
		out = append(out, b.podmanSystem(p, th))
	}
	return out, nil
}

// kernel is --kernel, else the host's, else a cached or fetched Debian one.
func (b *bench) kernel(ctx context.Context) (vm.Kernel, error) {
	if b.o.Kernel != "" {
		return vm.UserKernel(b.o.Kernel)
	}
	var uts unix.Utsname
	_ = unix.Uname(&uts)
	if k, ok := vm.HostKernel(b.o.BootDir, unix.ByteSliceToString(uts.Release[:])); ok {
		return k, nil
	}
	if k, ok := vm.CachedKernel(b.o.Cache); ok {
		return k, nil
	}
	fmt.Fprintf(b.o.Progress, "no readable kernel in %s: fetching Debian's linux-image into %s\n", b.o.BootDir, b.o.Cache)
	return vm.FetchKernel(ctx, b.o.Cache, b.o.Progress)
}

// budget is --budget, else MemAvailable in MiB.
func (b *bench) budget() float64 {
	if b.o.BudgetMiB > 0 {
		return b.o.BudgetMiB
	}
	mi, _ := os.ReadFile("/proc/meminfo")
	for _, l := range strings.Split(string(mi), "\n") {
		var kb float64
		if _, err := fmt.Sscanf(l, "MemAvailable: %g kB", &kb); err == nil {
			return kb / 1024
		}
	}
	return 0
}
