package vmbench

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tent-dev/tent/internal/hybridv1"
	"github.com/tent-dev/tent/internal/vm"
)

// system is one row's kind of instance: how to start instance i (its
// output watched for the marker), what else counts in its memory, and how
// to stop and remove it.
type system struct {
	name, kind string
	start      func(i int) (*vm.Proc, error)
	extra      func(i int) []int // more process trees for PSS (podman's conmon)
	stop       func(i int, p *vm.Proc)
	close      func()
}

const stopGrace = 5 * time.Second

// payload is the containers' command: the same as the VM's /init.
func payload(marker string) []string {
	return []string{"/bin/sh", "-c", "echo " + marker + "; exec sleep 2147483647"}
}

func (b *bench) name(sys string, i int) string {
	return fmt.Sprintf("tent-bench-%d-%s-%d", b.pid, sys, i)
}

// tentSystem is `tent run --rm --network NET` of the bench image; stop is
// `tent rm -f`, after which the foreground tent removes what is left.
func (b *bench) tentSystem(network string) system {
	tent := func(args ...string) *exec.Cmd {
		return exec.Command(b.o.Tent, append(append([]string{}, b.o.TentGlobals...), args...)...)
	}
	short := "none"
	if network != "none" {
		short = "br"
	}
	return system{name: "tent run --network " + network, kind: "container",
		start: func(i int) (*vm.Proc, error) {
			args := append([]string{"run", "--rm", "--name", b.name(short, i), "--network", network, b.image}, payload(b.o.Marker)...)
			return vm.StartProc(tent(args...), b.o.Marker)
		},
		stop: func(i int, p *vm.Proc) {
			_ = tent("rm", "-f", b.name(short, i)).Run()
			p.Kill(syscall.SIGTERM, stopGrace)
		},
	}
}

// bundleSystem is `crun run` or `runc run` of a bundle on the shared
// rootfs, with its own state dir; stop is kill + delete -f.
func (b *bench) bundleSystem(runtime string, th *hybridv1.Thread) (system, error) {
	bundle, err := makeBundle(b.work, runtime, b.rootfs, payload(b.o.Marker))
	if err != nil {
		return system{}, err
	}
	base := filepath.Base(runtime)
	state := filepath.Join(b.work, base+"-state")
	rt := func(args ...string) *exec.Cmd {
		return exec.Command(runtime, append([]string{"--root", state}, args...)...)
	}
	return system{name: base + " run", kind: "container",
		start: func(i int) (p *vm.Proc, err error) {
			th.Do(func() { p, err = vm.StartProc(rt("run", "--bundle", bundle, b.name(base, i)), b.o.Marker) })
			return p, err
		},
		stop: func(i int, p *vm.Proc) {
			th.Do(func() { _ = rt("kill", b.name(base, i), "KILL").Run() })
			p.Kill(syscall.SIGTERM, stopGrace)
			th.Do(func() { _ = rt("delete", "-f", b.name(base, i)).Run() })
		},
	}, nil
}

// podmanSystem is `podman run --rm --rootfs` (crun, conmon) with its own
// store and run dir; its memory is podman's tree and conmon's.
func (b *bench) podmanSystem(podman string, th *hybridv1.Thread) system {
	dir := filepath.Join(b.work, "podman")
	global := []string{"--root", filepath.Join(dir, "root"), "--runroot", filepath.Join(dir, "run"),
		"--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", "crun"}
	pm := func(args ...string) *exec.Cmd {
		return exec.Command(podman, append(append([]string{}, global...), args...)...)
	}
	return system{name: "podman run --network none", kind: "container",
		start: func(i int) (p *vm.Proc, err error) {
			// podman raises NOFILE and NPROC past a hard limit a root
			// without CAP_SYS_RESOURCE cannot raise.
			args := append([]string{"run", "--rm", "--name", b.name("podman", i), "--network", "none",
				"--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--rootfs", b.rootfs}, payload(b.o.Marker)...)
			th.Do(func() { p, err = vm.StartProc(pm(args...), b.o.Marker) })
			return p, err
		},
		extra: func(i int) []int {
			var out []byte
			th.Do(func() { out, _ = pm("inspect", "--format", "{{.State.ConmonPid}}", b.name("podman", i)).Output() })
			if pid, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
				return []int{pid}
			}
			return nil
		},
		stop: func(i int, p *vm.Proc) {
			th.Do(func() { _ = pm("rm", "-f", "-t", "0", b.name("podman", i)).Run() })
			p.Kill(syscall.SIGTERM, stopGrace)
		},
		close: func() { th.Do(func() { _ = pm("system", "reset", "-f").Run() }) },
	}
}

// vmSystem boots the VM config; stop kills qemu's group.
func (b *bench) vmSystem(c vm.Config, label string) system {
	return system{name: label, kind: "vm",
		start: func(int) (*vm.Proc, error) { return vm.Start(c, b.o.Marker) },
		stop:  func(_ int, p *vm.Proc) { p.Kill(syscall.SIGKILL, stopGrace) },
	}
}
