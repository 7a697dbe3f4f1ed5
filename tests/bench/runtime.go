package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime"
	"github.com/tent-dev/tent/runtime/cgroups/devices"
)

// The runtime alone on the same busybox bundle as crun and runc: a fresh
// process (this binary, re-exec'd) that does Create, Start, Wait, Delete, so
// process startup is paid as crun's and runc's is.
const benchRuntimeArg = "__bench_runtime_run"

func init() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case runtime.InitArg: // this binary is also the container's init
			err := runtime.Init()
			fmt.Fprintf(os.Stderr, "bench: container init: %v\n", err)
			os.Exit(127)
		case benchRuntimeArg:
			os.Exit(runtimeRunMain(os.Args[2:]))
		}
	}
	benches = append(benches, bench{name: "tent runtime run", group: "run", setup: setupRuntimeRun})
	ratios = append(ratios, [2]string{"tent runtime run", "crun run"}, [2]string{"tent runtime run", "runc run"})
}

func setupRuntimeRun(e *env) (*runner, error) {
	bundle, err := e.bundle()
	if err != nil {
		return nil, err
	}
	state, err := e.dir("tent-runtime-state")
	if err != nil {
		return nil, err
	}
	cmd := func(i int, trace bool) *exec.Cmd {
		args := []string{benchRuntimeArg, bundle, state, fmt.Sprintf("bench-rt-%d", i)}
		if trace {
			args = append(args, "trace")
		}
		return exec.Command("/proc/self/exe", args...)
	}
	return &runner{
		run: func(i int) error { return run(cmd(i, false)) },
		explain: func() (string, error) {
			return traceRuns(func(i int) *exec.Cmd { return cmd(100000+i, true) })
		},
	}, nil
}

// traceRuns runs 15 traced runs and prints the median of each step.
func traceRuns(mk func(int) *exec.Cmd) (string, error) {
	steps := map[string][]time.Duration{}
	var order []string
	for i := 0; i < 15; i++ {
		out, err := mk(i).Output()
		if err != nil {
			return "", fmt.Errorf("traced run: %w", err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			name, d, ok := strings.Cut(line, "\t")
			dur, err := time.ParseDuration(d)
			if !ok || err != nil {
				continue
			}
			if _, seen := steps[name]; !seen {
				order = append(order, name)
			}
			steps[name] = append(steps[name], dur)
		}
	}
	var b strings.Builder
	b.WriteString("median of 15 traced runs, per step (init steps are inside \"init setup\"):\n")
	for _, name := range order {
		ds := steps[name]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		fmt.Fprintf(&b, "  %-28s %8s\n", name, fmtDur(ds[len(ds)/2]))
	}
	return b.String(), nil
}

// runtimeRunMain is `run BUNDLE STATE ID [trace]`: the runtime's whole
// run of a bundle in this process; prints step times when tracing.
func runtimeRunMain(args []string) int {
	if len(args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: run BUNDLE STATE ID [trace]")
		return 2
	}
	var tr *trace.Tracer
	if len(args) > 3 {
		tr = trace.New(nil)
	}
	t0 := tr.Start()
	code, err := runtimeRun(args[0], args[1], args[2], tr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		return 125
	}
	tr.End("total (in process)", t0)
	for _, s := range tr.Steps() {
		fmt.Printf("%s\t%s\n", s.Name, s.Dur)
	}
	return code
}

func runtimeRun(bundle, state, id string, tr *trace.Tracer) (int, error) {
	rt, err := runtime.New(filepath.Join(state, "runtime"), runtime.WithCgroupParent("/tent-bench"),
		runtime.WithDeviceFilter(devices.Filter{}))
	if err != nil {
		return 0, err
	}
	c, err := rt.Create(id, runtime.CreateOpts{Bundle: bundle, Trace: tr})
	if err != nil {
		return 0, err
	}
	defer c.Delete(true)
	laps := tr.Laps()
	if err := c.Start(); err != nil {
		return 0, err
	}
	laps.Step("start")
	st, err := c.Wait()
	if err != nil {
		return 0, err
	}
	laps.Step("wait (exec + run /bin/true)")
	if err := c.Delete(false); err != nil {
		return 0, err
	}
	laps.Step("delete")
	return st.Code, nil
}
