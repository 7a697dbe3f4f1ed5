package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/layout"
)

// The "detach" group: `run -d` to running, and what each detached container
// costs in memory (tent's monitor vs podman's conmon vs containerd's shim);
// the "exec" group: a command in a running container.
func init() {
	benches = append(benches,
		bench{name: "tent run -d", group: "detach", setup: setupTentRunD},
		bench{name: "podman run -d", group: "detach", setup: setupPodmanRunD},
		bench{name: "ctr run -d", group: "detach", setup: setupCtrRunD},
		bench{name: "tent exec", group: "exec", setup: setupTentExec()},
		// CAP_SYS_PTRACE sends exec through stage-2 and its launcher
		// (runtime/launch.go), as a user namespace or cgroup v2 under
		// Docker's profile do.
		bench{name: "tent exec (stage-2)", group: "exec", setup: setupTentExec("--cap-add", "SYS_PTRACE")},
		bench{name: "crun exec", group: "exec", setup: setupBundleExec("crun", true)},
		bench{name: "runc exec", group: "exec", setup: setupBundleExec("runc", false)},
	)
	ratios = append(ratios,
		[2]string{"tent exec", "crun exec"},
		[2]string{"tent exec", "runc exec"},
		[2]string{"tent run -d", "podman run -d"},
		[2]string{"tent run -d", "ctr run -d"},
	)
}

// setupTentRunD times `tent run -d --network none IMG sleep` until it has
// printed the id (the container runs); explain then starts many and
// measures their monitors.
func setupTentRunD(e *env) (*runner, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	tent := func(args ...string) (string, error) {
		cmd, err := e.tentCmd(args...)
		if err != nil {
			return "", err
		}
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("tent %s: %w", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out)), nil
	}
	ids := map[int]string{}
	return &runner{
		run: func(i int) error {
			id, err := tent("run", "-d", "--network", "none", img, "sleep", "100000")
			ids[i] = id
			return err
		},
		after: func(i int) { _, _ = tent("rm", "-f", ids[i]) },
		explain: func() (string, error) {
			return memTent(e, img, tent)
		},
	}, nil
}

// memTent starts detachedN sleeping containers and measures their monitors.
func memTent(e *env, img string, tent func(...string) (string, error)) (string, error) {
	var ids []string
	defer func() {
		for _, id := range ids {
			_, _ = tent("rm", "-f", id)
		}
	}()
	for i := 0; i < detachedN; i++ {
		id, err := tent("run", "-d", "--network", "none", img, "sleep", "100000")
		if err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	time.Sleep(2 * time.Second) // the monitors give setup's memory back once settled
	var pids []int
	for _, id := range ids {
		b, err := os.ReadFile(layout.New(e.tentRoot, e.tentState).RecordFile(id))
		if err != nil {
			return "", err
		}
		var rec struct{ State struct{ MonitorPid int } }
		if err := json.Unmarshal(b, &rec); err != nil {
			return "", err
		}
		pids = append(pids, rec.State.MonitorPid)
	}
	what := "tent monitor (tent __tent_monitor)"
	if p, err := e.bin("tent-monitor"); err == nil {
		what = "tent monitor (tent-monitor, " + binarySize(p) + " binary)"
	}
	return memReport(what, pids), nil
}

// setupTentExec times `tent exec ID /bin/true` into a container running
// with the run flags given.
func setupTentExec(flags ...string) func(e *env) (*runner, error) {
	return func(e *env) (*runner, error) { return tentExec(e, flags) }
}

func tentExec(e *env, flags []string) (*runner, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	cmd, err := e.tentCmd(append(append([]string{"run", "-d", "--network", "none"}, flags...), img, "sleep", "100000")...)
	if err != nil {
		return nil, err
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("tent run -d: %w", err)
	}
	id := strings.TrimSpace(string(out))
	return &runner{
		run: func(int) error {
			cmd, err := e.tentCmd("exec", id, "/bin/true")
			if err != nil {
				return err
			}
			return run(cmd)
		},
		close: func() {
			if cmd, err := e.tentCmd("rm", "-f", id); err == nil {
				_ = cmd.Run()
			}
		},
	}, nil
}

// setupBundleExec runs the busybox bundle's rootfs with `sleep` detached
// (crun/runc run -d) and times `exec ID /bin/true`.
func setupBundleExec(name string, v1 bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		p, err := need(name)
		if err != nil {
			return nil, err
		}
		base, err := e.bundle()
		if err != nil {
			return nil, err
		}
		dir, err := e.dir(name + "-exec")
		if err != nil {
			return nil, err
		}
		spec := bundleSpec([]string{"sleep", "100000"})
		spec.Root.Path = filepath.Join(base, "rootfs")
		b, err := json.Marshal(spec)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "config.json"), b, 0o644); err != nil {
			return nil, err
		}
		exe := run
		if v1 {
			exe = e.v1
		}
		state, id := filepath.Join(dir, "state"), "bench-exec-"+name
		start := exec.Command(p, "--root", state, "run", "-d", "--bundle", dir, id)
		// The container keeps its stdio: not a pipe, or run would wait for it.
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		defer null.Close()
		start.Stdout, start.Stderr = null, null
		if err := exe(start); err != nil {
			return nil, err
		}
		return &runner{
			run: func(int) error { return exe(exec.Command(p, "--root", state, "exec", id, "/bin/true")) },
			close: func() {
				_ = exe(exec.Command(p, "--root", state, "delete", "-f", id))
			},
		}, nil
	}
}
