package vm

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// The guest's scripts, for the initramfs: /init and /tests/tent-run.sh.
var (
	//go:embed init.sh
	InitScript []byte
	//go:embed tent-run.sh
	TentRunScript []byte
)

// Console markers printed by init.sh.
const (
	bootedMarker = "TENT-VM-BOOTED"
	resultPrefix = "TENT-VM-RESULT "
	doneMarker   = "TENT-VM-DONE"
)

// Config says what to boot.
type Config struct {
	Kernel, Initrd string
	Accel          string // "kvm", "tcg", or "" for kvm when /dev/kvm opens, else tcg
	MemoryMB, CPUs int
	Timeout        time.Duration
	Console        io.Writer // optional copy of the serial console
	Disk           string    // optional raw image, the guest's virtio disk /dev/vda
}

// Check is one TENT-VM-RESULT line: "name PASS|FAIL|SKIP detail".
type Check struct{ Name, Status, Detail string }

// Result is what a boot printed.
type Result struct {
	Accel    string
	BootTime time.Duration // qemu start to the guest's /init running
	Total    time.Duration
	Lines    []string // the whole console, \r stripped
	Checks   []Check
	Done     bool   // init reached the end
	KVMError string // why KVM was tried and given up, when it was
}

// KVMUsable reports whether /dev/kvm opens read-write and is not PVM.
// PVM (kvm_pvm, nested virtualization for hosts without VMX/SVM, e.g. on
// this CI host) only runs PVM-enabled guest kernels; Debian's hangs there.
func KVMUsable() bool {
	if exists("/sys/module/kvm_pvm") && !exists("/sys/module/kvm_intel") && !exists("/sys/module/kvm_amd") {
		return false
	}
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// kvmBootDeadline: a KVM guest reaches /init in a second or two. Some
// /dev/kvm cannot run a stock kernel (kvm_pvm, nested virtualization
// without VMX, runs only PVM-enabled guests: Debian's kernel hangs right
// after the decompressor); past this deadline the boot is retried on TCG.
const kvmBootDeadline = 15 * time.Second

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Boot runs the VM to its poweroff (or the timeout). With Accel "", KVM is
// tried first when /dev/kvm opens; a KVM boot that fails or does not reach
// /init within kvmBootDeadline is retried under TCG (Result.KVMError says why).
func Boot(ctx context.Context, c Config) (*Result, error) {
	if c.Accel == "kvm" {
		return boot(ctx, c, kvmBootDeadline)
	}
	if c.Accel != "" {
		return boot(ctx, c, 0)
	}
	kvmErr := "/dev/kvm missing, not writable, or PVM (kvm_pvm runs only PVM guest kernels)"
	if KVMUsable() {
		c.Accel = "kvm"
		r, err := boot(ctx, c, kvmBootDeadline)
		if r == nil || r.BootTime > 0 {
			return r, err
		}
		kvmErr = err.Error()
	}
	c.Accel = "tcg"
	r, err := boot(ctx, c, 0)
	if r != nil {
		r.KVMError = kvmErr
	}
	return r, err
}

func (c Config) args() []string {
	cpu := "max"
	if c.Accel == "kvm" {
		cpu = "host"
	}
	args := []string{"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio",
		"-no-reboot", "-accel", c.Accel, "-cpu", cpu,
		"-m", fmt.Sprint(c.MemoryMB), "-smp", fmt.Sprint(c.CPUs),
		"-kernel", c.Kernel, "-initrd", c.Initrd,
		"-append", "console=ttyS0 panic=-1 loglevel=3 rdinit=/init"}
	if c.Disk != "" {
		args = append(args, "-drive", "file="+c.Disk+",if=virtio,format=raw")
	}
	return args
}

// boot runs qemu once; with bootDeadline > 0 it is killed when the guest's
// /init has not run by then.
func boot(ctx context.Context, c Config, bootDeadline time.Duration) (*Result, error) {
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		return nil, fmt.Errorf("vm: %w (apt-get install qemu-system-x86)", err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, c.args()...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	r := &Result{Accel: c.Accel}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("vm: start qemu: %w", err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait(); pw.Close() }()
	booted := make(chan struct{})
	hung := make(chan struct{})
	if bootDeadline > 0 {
		t := time.AfterFunc(bootDeadline, func() {
			select {
			case <-booted:
			default:
				close(hung)
				cmd.Process.Kill()
			}
		})
		defer t.Stop()
	}
	r.read(pr, start, c.Console, booted)
	err = <-waitErr
	r.Total = time.Since(start)
	select {
	case <-hung:
		return r, fmt.Errorf("vm (%s): /init did not run within %v; last console lines:\n%s", c.Accel, bootDeadline, r.tail(5))
	default:
	}
	switch {
	case ctx.Err() != nil:
		return r, fmt.Errorf("vm (%s): timed out after %v; last console lines:\n%s", c.Accel, c.Timeout, r.tail(30))
	case err != nil:
		return r, fmt.Errorf("vm (%s): qemu: %w; last console lines:\n%s", c.Accel, err, r.tail(30))
	case !r.Done:
		return r, fmt.Errorf("vm (%s): the guest stopped before %s; last console lines:\n%s", c.Accel, doneMarker, r.tail(30))
	}
	return r, nil
}

// read collects console lines until qemu closes the pipe.
// booted is closed when /init announces itself.
func (r *Result) read(rd io.Reader, start time.Time, copyTo io.Writer, booted chan struct{}) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if copyTo != nil {
			fmt.Fprintln(copyTo, line)
		}
		r.Lines = append(r.Lines, line)
		switch {
		case strings.HasPrefix(line, bootedMarker) && r.BootTime == 0:
			r.BootTime = time.Since(start)
			close(booted)
		case strings.HasPrefix(line, resultPrefix):
			f := strings.SplitN(strings.TrimPrefix(line, resultPrefix), " ", 3)
			ck := Check{Name: f[0]}
			if len(f) > 1 {
				ck.Status = f[1]
			}
			if len(f) > 2 {
				ck.Detail = f[2]
			}
			r.Checks = append(r.Checks, ck)
		case line == doneMarker:
			r.Done = true
		}
	}
}

// Prefixed returns the console lines starting with prefix, without it.
func (r *Result) Prefixed(prefix string) []string {
	var out []string
	for _, l := range r.Lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, strings.TrimPrefix(l, prefix))
		}
	}
	return out
}

func (r *Result) tail(n int) string {
	if len(r.Lines) > n {
		return strings.Join(r.Lines[len(r.Lines)-n:], "\n")
	}
	return strings.Join(r.Lines, "\n")
}

// ErrNoKernel is wrapped when kernel.sh could not provide a kernel.
var ErrNoKernel = errors.New("no kernel for the VM")

// Kernel runs `kernel.sh --offline` (at script): tests never download, so
// the kernel must already be in the cache (CI runs kernel.sh in its
// dependency step). It returns the vmlinuz path and the dir of decompressed
// modules (with their load order in modules/order).
func Kernel(ctx context.Context, script string) (kernel, modules string, err error) {
	out, err := exec.CommandContext(ctx, "bash", script, "--offline").Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return "", "", fmt.Errorf("%w: %s: %v: %s", ErrNoKernel, script, err, strings.TrimSpace(string(ee.Stderr)))
	}
	if err != nil {
		return "", "", fmt.Errorf("%w: %s: %v", ErrNoKernel, script, err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && k == "KERNEL" {
			kernel = v
		} else if ok && k == "MODULES" {
			modules = v
		}
	}
	if kernel == "" {
		return "", "", fmt.Errorf("%w: %s printed no KERNEL=", ErrNoKernel, script)
	}
	return kernel, modules, nil
}
