package vm

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Command is qemu's command for c.
func Command(c Config) (*exec.Cmd, error) {
	args, err := c.Args()
	if err != nil {
		return nil, err
	}
	return exec.Command(c.Qemu, args...), nil
}

// Start boots c in its own process group, watching the serial console for
// marker.
func Start(c Config, marker string) (*Proc, error) {
	cmd, err := Command(c)
	if err != nil {
		return nil, err
	}
	return StartProc(cmd, marker)
}

// OpenKVM reports whether devKVM (/dev/kvm) opens read-write.
func OpenKVM(devKVM string) error {
	f, err := os.OpenFile(devKVM, os.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// Pick decides the accelerator for c (want: Auto, KVM, TCG). When KVM may
// be used it boots c once under KVM, for at most probe: a nested KVM that
// cannot run the kernel (this kind of host's kvm_pvm runs only PVM guests)
// stops right after the decompressor, and is reported, not waited on.
func Pick(want, devKVM string, c Config, marker string, probe time.Duration) (Choice, error) {
	if want == TCG {
		return Decide(want, nil, false, nil)
	}
	kvmErr := OpenKVM(devKVM)
	if kvmErr != nil {
		return Decide(want, kvmErr, false, nil)
	}
	c.Accel = KVM
	p, err := Start(c, marker)
	if err == nil {
		_, err = p.WaitMarker(probe)
		p.Kill(syscall.SIGKILL, time.Second)
	}
	if err != nil {
		err = fmt.Errorf("probe boot: %w", err)
	}
	return Decide(want, nil, true, err)
}
