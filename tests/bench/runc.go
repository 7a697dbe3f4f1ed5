package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// The "runc" group: tent-runc (tent's runtime behind runc's command line)
// against crun and runc on the same bundle: `run` of /bin/true (the
// ratios are to the "run" group's crun run and runc run), and `exec` of
// /bin/true in a running container, against crun exec.
func init() {
	benches = append(benches,
		bench{name: "tent-runc run", group: "runc", setup: setupRuncRun},
		bench{name: "tent-runc exec", group: "runc", setup: setupExec("tent-runc", false)},
		bench{name: "crun exec", group: "runc", setup: setupExec("crun", true)},
	)
	ratios = append(ratios,
		[2]string{"tent-runc run", "crun run"},
		[2]string{"tent-runc run", "runc run"},
		[2]string{"tent-runc exec", "crun exec"},
	)
}

func setupRuncRun(e *env) (*runner, error) {
	p, err := e.bin("tent-runc")
	if err != nil {
		return nil, err
	}
	bundle, err := e.bundle()
	if err != nil {
		return nil, err
	}
	state, err := e.dir("tent-runc-state")
	if err != nil {
		return nil, err
	}
	return &runner{run: func(i int) error {
		return run(exec.Command(p, "--root", state, "run", "--bundle", bundle, fmt.Sprintf("bench-tent-runc-%d", i)))
	}}, nil
}

// setupExec runs a sleeping container with runtime name (tent-runc from
// this repo, else the installed one) and times exec of /bin/true in it.
func setupExec(name string, v1 bool) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		p, err := e.bin(name)
		if name != "tent-runc" {
			p, err = need(name)
		}
		if err != nil {
			return nil, err
		}
		bundle, err := sleepBundle(e)
		if err != nil {
			return nil, err
		}
		state, err := e.dir(name + "-exec-state")
		if err != nil {
			return nil, err
		}
		exe := run
		if v1 {
			exe = e.v1
		}
		id := "bench-exec-" + name
		start := exec.Command(p, "--root", state, "run", "-d", "--bundle", bundle, id)
		devnull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
		if err != nil {
			return nil, err
		}
		defer devnull.Close()
		start.Stdin, start.Stdout, start.Stderr = devnull, devnull, devnull // the container keeps them
		if err := exe(start); err != nil {
			return nil, err
		}
		return &runner{
			run: func(int) error { return exe(exec.Command(p, "--root", state, "exec", id, "/bin/true")) },
			close: func() {
				_ = exe(exec.Command(p, "--root", state, "delete", "--force", id))
			},
		}, nil
	}
}

// sleepBundle is a bundle on the bench bundle's rootfs running sleep.
func sleepBundle(e *env) (string, error) {
	bundle, err := e.bundle()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(e.tmp, "bundle-sleep")
	spec := bundleSpec([]string{"/bin/sleep", "100000"})
	spec.Root.Path = filepath.Join(bundle, "rootfs")
	b, err := json.Marshal(spec)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "config.json"), b, 0o644)
}
