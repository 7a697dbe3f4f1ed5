package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/seccomp"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// Seccomp's cost: tent run without the default profile beside tent run (which
// has it), crun with the same profile in its bundle beside crun without, and
// the filter's cost per syscall (a getpid loop in a re-exec of this binary,
// with and without Docker's default profile installed).
const benchGetpidArg = "__bench_getpid"

func init() {
	if len(os.Args) > 2 && os.Args[1] == benchGetpidArg {
		os.Exit(getpidMain(os.Args[2] == "filtered"))
	}
	benches = append(benches,
		bench{name: "tent run (seccomp=unconfined)", group: "run", setup: setupTentRunUnconfined},
		bench{name: "crun run (seccomp)", group: "run", setup: setupCrunSeccomp},
	)
	ratios = append(ratios,
		[2]string{"tent run", "tent run (seccomp=unconfined)"},
		[2]string{"crun run (seccomp)", "crun run"},
		[2]string{"tent run", "crun run (seccomp)"},
	)
}

func setupTentRunUnconfined(e *env) (*runner, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	args := []string{"run", "--rm", "--network", "none", "--security-opt", "seccomp=unconfined", img, "/bin/true"}
	return &runner{
		run: func(int) error {
			cmd, err := e.tentCmd(args...)
			if err != nil {
				return err
			}
			return run(cmd)
		},
		explain: getpidCost,
	}, nil
}

// setupCrunSeccomp runs crun on a bundle like crun's, whose config.json has
// Docker's default profile (for the bundle's capabilities) in linux.seccomp.
func setupCrunSeccomp(e *env) (*runner, error) {
	p, err := need("crun")
	if err != nil {
		return nil, err
	}
	base, err := e.bundle()
	if err != nil {
		return nil, err
	}
	bundle, err := e.dir("bundle-seccomp")
	if err != nil {
		return nil, err
	}
	spec := bundleSpec([]string{"/bin/true"})
	spec.Root.Path = filepath.Join(base, "rootfs")
	if spec.Linux.Seccomp, err = seccomp.DefaultProfile(spec.Process.Capabilities.Bounding); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), b, 0o644); err != nil {
		return nil, err
	}
	state, err := e.dir("crun-seccomp-state")
	if err != nil {
		return nil, err
	}
	return &runner{run: func(i int) error {
		return e.v1(exec.Command(p, "--root", state, "run", "--bundle", bundle, fmt.Sprintf("bench-crun-sc-%d", i)))
	}}, nil
}

// getpidCost runs the getpid loop without and with the filter.
func getpidCost() (string, error) {
	var ns [2]float64
	var install string
	for i, mode := range []string{"plain", "filtered"} {
		out, err := exec.Command("/proc/self/exe", benchGetpidArg, mode).Output()
		if err != nil {
			return "", fmt.Errorf("getpid loop (%s): %w", mode, err)
		}
		f := strings.Fields(string(out))
		if len(f) != 2 {
			return "", fmt.Errorf("getpid loop (%s): %q", mode, out)
		}
		if ns[i], err = strconv.ParseFloat(f[0], 64); err != nil {
			return "", fmt.Errorf("getpid loop (%s): %q", mode, out)
		}
		install = f[1]
	}
	return fmt.Sprintf("seccomp's cost per syscall (getpid loop, best of 5 × 1M calls): %.0f ns without a filter, "+
		"%.0f ns under Docker's default profile (+%.0f ns); installing it (prctl + seccomp(2)): %s µs",
		ns[0], ns[1], ns[1]-ns[0], install), nil
}

// getpidMain prints the best ns per getpid(2) of 5 rounds, after
// installing Docker's default profile when filtered, and how long the
// install took.
func getpidMain(filtered bool) int {
	var took time.Duration
	if filtered {
		caps := bundleSpec(nil).Process.Capabilities.Bounding
		prof, err := seccomp.DefaultProfile(caps)
		if err == nil {
			var prog seccomp.Program
			if prog, err = seccomp.Compile(prof); err == nil {
				t := time.Now()
				err = load.Install(prog, true)
				took = time.Since(t)
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: getpid: %v\n", err)
			return 1
		}
	}
	const n = 1_000_000
	best := time.Duration(1 << 62)
	for r := 0; r < 5; r++ {
		start := time.Now()
		for i := 0; i < n; i++ {
			unix.RawSyscall(unix.SYS_GETPID, 0, 0, 0)
		}
		best = min(best, time.Since(start))
	}
	fmt.Printf("%.1f %.0f\n", float64(best.Nanoseconds())/n, float64(took.Nanoseconds())/1e3)
	return 0
}
