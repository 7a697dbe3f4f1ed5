package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/layout"
)

// The density group: densityN sleeping detached containers started in a
// row (the time to start all), then `ps` timed with all of them running;
// explain adds `stats --no-stream` and `events --until now` and the total
// memory of the engine's per-container processes. Beside podman.
func init() {
	benches = append(benches,
		bench{name: "tent ps, N running", group: "density", setup: setupTentDensity, runs: 10},
		bench{name: "podman ps, N running", group: "density", setup: setupPodmanDensity, runs: 10},
	)
	ratios = append(ratios, [2]string{"tent ps, N running", "podman ps, N running"})
}

// densityN is how many containers run (BENCH_DENSITY, default 100).
var densityN = func() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_DENSITY")); err == nil && n > 0 {
		return n
	}
	return 100
}()

// fleet is one engine's densityN containers.
type fleet struct {
	started time.Duration // to start all, in a row
	cmd     func(args ...string) *exec.Cmd
	pids    func() []int // the per-container processes (monitors, conmons)
	what    string
}

// startFleet runs start densityN times in a row and times it.
func startFleet(start func() error) (time.Duration, error) {
	t0 := time.Now()
	for i := 0; i < densityN; i++ {
		if err := start(); err != nil {
			return 0, fmt.Errorf("container %d: %w", i+1, err)
		}
	}
	return time.Since(t0), nil
}

// medianOf times cmd 5 times and returns the median.
func medianOf(cmd func() *exec.Cmd) string {
	var ds []time.Duration
	for range 5 {
		t0 := time.Now()
		if err := cmd().Run(); err != nil {
			return "failed: " + err.Error()
		}
		ds = append(ds, time.Since(t0))
	}
	slices.Sort(ds)
	return fmtDur(ds[2])
}

func (f *fleet) explain() (string, error) {
	var pss, rss int
	pids := f.pids()
	for _, p := range pids {
		if m, ok := readProcMem(p); ok {
			pss, rss = pss+m.pss, rss+m.rss
		}
	}
	mib := func(kb int) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }
	return fmt.Sprintf("%d containers started in a row in %s (%s each)\n"+
		"  with all running: ps %s, stats --no-stream %s, events --until now %s (medians of 5)\n"+
		"  %d %s: total PSS %s, RSS %s",
		densityN, fmtDur(f.started), fmtDur(f.started/time.Duration(densityN)),
		medianOf(func() *exec.Cmd { return f.cmd("ps") }),
		medianOf(func() *exec.Cmd { return f.cmd("stats", "--no-stream") }),
		medianOf(func() *exec.Cmd { return f.cmd("events", "--until", strconv.FormatInt(time.Now().Unix(), 10)) }),
		len(pids), f.what, mib(pss), mib(rss)), nil
}

func setupTentDensity(e *env) (*runner, error) {
	img, err := e.image()
	if err != nil {
		return nil, err
	}
	tentCmd := func(args ...string) *exec.Cmd {
		cmd, err := e.tentCmd(args...)
		if err != nil {
			return exec.Command("false")
		}
		return cmd
	}
	var ids []string
	rmAll := func() { _ = tentCmd(append([]string{"rm", "-f"}, ids...)...).Run() }
	started, err := startFleet(func() error {
		out, err := tentCmd("run", "-d", "--network", "none", img, "sleep", "100000").Output()
		ids = append(ids, strings.TrimSpace(string(out)))
		return err
	})
	if err != nil {
		rmAll()
		return nil, err
	}
	f := &fleet{started: started, cmd: tentCmd, what: "tent monitors", pids: func() []int {
		var pids []int
		for _, id := range ids {
			var rec struct{ State struct{ MonitorPid int } }
			if b, err := os.ReadFile(layout.New(e.tentRoot, e.tentState).RecordFile(id)); err == nil && json.Unmarshal(b, &rec) == nil {
				pids = append(pids, rec.State.MonitorPid)
			}
		}
		return pids
	}}
	return &runner{run: func(int) error { return tentCmd("ps").Run() }, explain: f.explain, close: rmAll}, nil
}

func setupPodmanDensity(e *env) (*runner, error) {
	p, err := need("podman")
	if err != nil {
		return nil, err
	}
	dir, err := e.dir("pdn")
	if err != nil {
		return nil, err
	}
	global := []string{"--root", filepath.Join(dir, "root"), "--runroot", filepath.Join(dir, "run"),
		"--storage-driver", "overlay", "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", "crun"}
	podman := func(args ...string) *exec.Cmd { return exec.Command(p, append(slices.Clone(global), args...)...) }
	tar, err := e.archive()
	if err != nil {
		return nil, err
	}
	if err := e.v1(podman("load", "-i", tar)); err != nil {
		return nil, err
	}
	rmAll := func() {
		_ = podman("rm", "-f", "-a", "-t", "0").Run()
		_ = podman("system", "reset", "-f").Run()
	}
	old := pidSet(pidsOf("conmon", nil))
	started, err := startFleet(func() error {
		return e.v1(podman("run", "-d", "--network", "none", "--ulimit", "nofile=1024:1024",
			"--ulimit", "nproc=1024:1024", benchImage, "sleep", "100000"))
	})
	if err != nil {
		rmAll()
		return nil, err
	}
	f := &fleet{started: started, cmd: podman, what: "conmons", pids: func() []int { return pidsOf("conmon", old) }}
	return &runner{run: func(int) error { return podman("ps").Run() }, explain: f.explain, close: rmAll}, nil
}
