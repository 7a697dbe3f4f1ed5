package vm

import (
	"fmt"
	"strings"
)

// Machine types qemu offers that the plan knows.
const (
	MicroVM = "microvm" // no PCI, no firmware tables: the shortest boot
	Q35     = "q35"     // a PC, where microvm is not built in
)

// Accelerators.
const (
	KVM = "kvm"
	TCG = "tcg"
)

// Config is one VM to boot.
type Config struct {
	Qemu    string // qemu-system-x86_64's path
	Machine string // MicroVM or Q35
	Accel   string // KVM or TCG
	Kernel  string
	Initrd  string
	MemMiB  int
	CPUs    int
	// TSCkHz, when > 0, is passed as tsc_early_khz: under load a microvm
	// guest cannot calibrate its TSC against the PIT and hangs without it.
	TSCkHz int
}

// Cmdline is the kernel's command line: the console on the first serial
// port, no reboot on panic (qemu exits), quiet, /init from the initramfs.
func (c Config) Cmdline() string {
	a := []string{"console=ttyS0", "panic=-1", "reboot=t", "loglevel=3", "rdinit=/init"}
	if c.TSCkHz > 0 {
		a = append(a, fmt.Sprintf("tsc_early_khz=%d", c.TSCkHz))
	}
	return strings.Join(a, " ")
}

// Args is qemu's argument list (without argv[0]).
func (c Config) Args() ([]string, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	cpu := "max"
	if c.Accel == KVM {
		cpu = "host"
	}
	return []string{"-M", c.Machine, "-accel", c.Accel, "-cpu", cpu,
		"-m", fmt.Sprint(c.MemMiB), "-smp", fmt.Sprint(c.CPUs),
		"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", c.Kernel, "-initrd", c.Initrd, "-append", c.Cmdline()}, nil
}

func (c Config) validate() error {
	switch {
	case c.Qemu == "":
		return fmt.Errorf("vm: no qemu binary")
	case c.Machine != MicroVM && c.Machine != Q35:
		return fmt.Errorf("vm: unknown machine %q (want %s or %s)", c.Machine, MicroVM, Q35)
	case c.Accel != KVM && c.Accel != TCG:
		return fmt.Errorf("vm: unknown accelerator %q (want %s or %s)", c.Accel, KVM, TCG)
	case c.Kernel == "" || c.Initrd == "":
		return fmt.Errorf("vm: a kernel and an initrd are needed")
	case c.MemMiB < 16 || c.CPUs < 1:
		return fmt.Errorf("vm: %d MiB and %d CPUs is too small", c.MemMiB, c.CPUs)
	}
	return nil
}

// PickMachine is MicroVM when qemu's `-M help` lists it, else Q35.
func PickMachine(machineHelp string) string {
	for _, l := range strings.Split(machineHelp, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == MicroVM {
			return MicroVM
		}
	}
	return Q35
}
