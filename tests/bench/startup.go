package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// The "run" group: a container that runs /bin/true, start to exit, against
// the floor of what any runtime must do.
func init() {
	benches = append(benches,
		bench{name: "fork+exec /bin/true", group: "run", setup: setupCmd("true")},
		bench{name: "unshare -fpmuin true", group: "run", setup: setupCmd("unshare", "-fpmuin", "true")},
		bench{name: "crun run", group: "run", setup: setupBundle("crun", true)},
		bench{name: "runc run", group: "run", setup: setupBundle("runc", false)},
		bench{name: "tent run", group: "run", setup: setupTentRun},
		bench{name: "podman run", group: "run", setup: setupEngine("podman")},
		bench{name: "docker run", group: "run", setup: setupEngine("docker")},
	)
	ratios = append(ratios,
		[2]string{"tent run", "crun run"},
		[2]string{"tent run", "runc run"},
		[2]string{"tent run", "podman run"},
		[2]string{"tent run", "docker run"},
		[2]string{"crun run", "unshare -fpmuin true"},
	)
}

func setupCmd(name string, args ...string) func(*env) (*runner, error) {
	return func(*env) (*runner, error) {
		p, err := need(name)
		if err != nil {
			return nil, err
		}
		return &runner{run: func(int) error { return run(exec.Command(p, args...)) }}, nil
	}
}

// setupBundle runs the busybox bundle with crun or runc, state under a temp
// dir, a new container id each run. crun runs through e.v1 (see there).
func setupBundle(name string, v1 bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		p, err := need(name)
		if err != nil {
			return nil, err
		}
		bundle, err := e.bundle()
		if err != nil {
			return nil, err
		}
		state, err := e.dir(name + "-state")
		if err != nil {
			return nil, err
		}
		exe := run
		if v1 {
			exe = e.v1
		}
		return &runner{run: func(i int) error {
			return exe(exec.Command(p, "--root", state, "run", "--bundle", bundle, fmt.Sprintf("bench-%s-%d", name, i)))
		}}, nil
	}
}

// setupTentRun times `tent run --rm --network none IMG /bin/true` on the host
// as it is (no private mount namespace: tent must work on a hybrid host).
func setupTentRun(e *env) (*runner, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	args := []string{"run", "--rm", "--network", "none", img, "/bin/true"}
	return &runner{
		run: func(int) error {
			cmd, err := e.tentCmd(args...)
			if err != nil {
				return err
			}
			return run(cmd)
		},
		explain: func() (string, error) {
			return traceMedians(e, append([]string{"run", "--trace=json"}, args[1:]...), 15)
		},
	}, nil
}

// traceMedians runs tent with --trace=json n times and prints each step's
// median, in start order, indented by depth (tent > runtime > init).
func traceMedians(e *env, args []string, n int) (string, error) {
	var order []string
	depth := map[string]int{}
	steps := map[string][]time.Duration{}
	for i := 0; i < n; i++ {
		cmd, err := e.tentCmd(args...)
		if err != nil {
			return "", err
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("tent %s: %w: %s", strings.Join(args, " "), err, firstLine(stderr.String()))
		}
		for _, l := range strings.Split(stderr.String(), "\n") {
			var s struct {
				Step, Where string
				Depth       int
				DurMs       float64 `json:"dur_ms"`
			}
			if json.Unmarshal([]byte(l), &s) != nil || s.Step == "" {
				continue
			}
			key := s.Where + ": " + strings.TrimSpace(s.Step)
			if _, ok := steps[key]; !ok {
				order = append(order, key)
				depth[key] = s.Depth
			}
			steps[key] = append(steps[key], time.Duration(s.DurMs*float64(time.Millisecond)))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "median of %d `tent %s` runs, per step (indented: tent > runtime > init):\n", n, strings.Join(args, " "))
	for _, st := range order {
		fmt.Fprintf(&b, "  %-58s %9s\n", strings.Repeat("  ", depth[st])+strings.TrimPrefix(st, ": "), fmtDur(quantile(steps[st], 0.5)))
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// setupEngine loads the same image into podman (its own store in a temp dir)
// or docker (when its engine answers) and times `run --rm --network none`.
func setupEngine(name string) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		p, err := need(name)
		if err != nil {
			return nil, err
		}
		var global []string
		exe := run
		switch name {
		case "podman":
			dir, err := e.dir("podman")
			if err != nil {
				return nil, err
			}
			global = []string{"--root", filepath.Join(dir, "root"), "--runroot", filepath.Join(dir, "run"),
				"--storage-driver", "overlay", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
				"--runtime", "crun"}
			exe = e.v1 // podman runs crun
		case "docker":
			if err := exec.Command(p, "info").Run(); err != nil {
				return nil, skipf("no docker engine answers")
			}
		}
		tar, err := e.archive()
		if err != nil {
			return nil, err
		}
		if err := exe(exec.Command(p, append(global, "load", "-i", tar)...)); err != nil {
			return nil, err
		}
		args := append(global, "run", "--rm", "--network", "none")
		if name == "podman" {
			// podman raises NOFILE and NPROC to 1048576 in the container; a
			// root without CAP_SYS_RESOURCE (this kind of VM) cannot.
			args = append(args, "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024")
		}
		args = append(args, benchImage, "/bin/true")
		return &runner{
			run: func(int) error { return exe(exec.Command(p, args...)) },
			close: func() {
				if name == "podman" {
					_ = exe(exec.Command(p, append(global, "system", "reset", "-f")...))
				} else {
					_ = exec.Command(p, "rmi", benchImage).Run()
				}
			},
		}, nil
	}
}

// bundleSpec is `runc spec`'s default made in Go: the namespaces tent run
// makes with --network none, Docker's capabilities, masked and read-only
// paths, no_new_privs, a read-only rootfs.
func bundleSpec(args []string) *specs.Spec {
	caps := []string{"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
		"CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
		"CAP_KILL", "CAP_AUDIT_WRITE"}
	ns := func(t specs.LinuxNamespaceType) specs.LinuxNamespace { return specs.LinuxNamespace{Type: t} }
	return &specs.Spec{
		Version: "1.0.2", // what Debian 12's crun 1.8 and runc 1.1 accept
		Process: &specs.Process{
			Args: args, Cwd: "/", NoNewPrivileges: true,
			Env:          []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			Capabilities: &specs.LinuxCapabilities{Bounding: caps, Effective: caps, Permitted: caps},
			Rlimits:      []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Hard: 1024, Soft: 1024}},
		},
		Root:     &specs.Root{Path: "rootfs", Readonly: true},
		Hostname: "bench",
		Mounts: []specs.Mount{
			{Destination: "/proc", Type: "proc", Source: "proc"},
			{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
			{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}},
			{Destination: "/dev/shm", Type: "tmpfs", Source: "shm", Options: []string{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}},
			{Destination: "/dev/mqueue", Type: "mqueue", Source: "mqueue", Options: []string{"nosuid", "noexec", "nodev"}},
			{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: []string{"nosuid", "noexec", "nodev", "ro"}},
			// In `runc spec` and in tent run's spec (Docker's): on v1 a tmpfs
			// with a read-only bind of the container's cgroup per hierarchy.
			{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: []string{"nosuid", "noexec", "nodev", "relatime", "ro"}},
		},
		Linux: &specs.Linux{
			Namespaces: []specs.LinuxNamespace{ns(specs.PIDNamespace), ns(specs.NetworkNamespace),
				ns(specs.IPCNamespace), ns(specs.UTSNamespace), ns(specs.MountNamespace)},
			Resources: &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}}},
			MaskedPaths: []string{"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
				"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/proc/interrupts",
				"/sys/firmware", "/sys/devices/virtual/powercap"},
			ReadonlyPaths: []string{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"},
		},
	}
}
