package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
)

// The "containerd" group: `ctr run --rm IMG /bin/true` through a private
// containerd and its runc shim, with tent-runc, crun and runc as the shim's
// runtime binary. Beside the "run" group's bare `crun run` and `runc run`
// the ratios show what containerd and its shim add.
func init() {
	benches = append(benches,
		bench{name: "ctr run --rm (tent-runc)", group: "containerd", setup: setupCtrRun("tent-runc")},
		bench{name: "ctr run --rm (crun)", group: "containerd", setup: setupCtrRun("crun")},
		bench{name: "ctr run --rm (runc)", group: "containerd", setup: setupCtrRun("runc")},
	)
	ratios = append(ratios,
		[2]string{"ctr run --rm (tent-runc)", "ctr run --rm (crun)"},
		[2]string{"ctr run --rm (tent-runc)", "ctr run --rm (runc)"},
		[2]string{"ctr run --rm (crun)", "crun run"},
		[2]string{"ctr run --rm (runc)", "runc run"},
		[2]string{"ctr run --rm (tent-runc)", "tent-runc run"},
	)
}

// setupCtrRun starts a private containerd (its own root, state, socket; in
// e.v1's mount namespace for crun, which refuses hybrid cgroups), imports
// the bench image and times `ctr run --rm` with the runtime binary.
func setupCtrRun(runtime string) func(*env) (*runner, error) {
	return func(e *env) (*runner, error) {
		rt, err := ctrRuntime(e, runtime)
		if err != nil {
			return nil, err
		}
		cd, err := need("containerd")
		if err != nil {
			return nil, err
		}
		ctrBin, err := need("ctr")
		if err != nil {
			return nil, err
		}
		dir, err := e.dir("containerd-" + runtime)
		if err != nil {
			return nil, err
		}
		start := (*exec.Cmd).Start
		if runtime == "crun" {
			start = func(c *exec.Cmd) error { return e.inV1(c.Start) }
		}
		d, err := startContainerd(cd, dir, start)
		if err != nil {
			return nil, err
		}
		ctr := func(args ...string) error {
			return run(exec.Command(ctrBin, append([]string{"--address", filepath.Join(dir, "containerd.sock"), "-n", "bench"}, args...)...))
		}
		tar, err := e.archive()
		if err == nil {
			err = ctr("images", "import", tar)
		}
		if err != nil {
			d.stop()
			return nil, err
		}
		root := filepath.Join(dir, "runtime-root")
		return &runner{
			run: func(i int) error {
				return ctr("run", "--rm", "--runc-binary", rt, "--runc-root", root,
					"docker.io/"+benchImage, fmt.Sprintf("bench-ctr-%d", i), "/bin/true")
			},
			close: d.stop,
		}, nil
	}
}

// ctrRuntime is the path of a runtime binary: tent-runc from the build,
// the others from PATH.
func ctrRuntime(e *env, name string) (string, error) {
	if name == "tent-runc" {
		return e.bin(name)
	}
	return need(name)
}
