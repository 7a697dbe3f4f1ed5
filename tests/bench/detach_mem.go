package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// detachedN is how many sleeping containers the memory comparison starts
// (BENCH_DETACHED, default 100).
var detachedN = func() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_DETACHED")); err == nil && n > 0 {
		return n
	}
	return 100
}()

// procMem is one process's memory, in kB.
type procMem struct{ rss, anon, pss int }

func readProcMem(pid int) (procMem, bool) {
	var m procMem
	st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return m, false
	}
	m.rss, m.anon = kbField(string(st), "VmRSS:"), kbField(string(st), "RssAnon:")
	if sm, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup"); err == nil {
		m.pss = kbField(string(sm), "Pss:")
	}
	return m, true
}

func kbField(s, key string) int {
	for _, l := range strings.Split(s, "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == key {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// memReport sums the memory of one kind of per-container process.
func memReport(what string, pids []int) string {
	var sum procMem
	lo, hi, n := 1<<30, 0, 0
	for _, pid := range pids {
		m, ok := readProcMem(pid)
		if !ok {
			continue
		}
		n++
		sum.rss, sum.anon, sum.pss = sum.rss+m.rss, sum.anon+m.anon, sum.pss+m.pss
		lo, hi = min(lo, m.rss), max(hi, m.rss)
	}
	if n == 0 {
		return fmt.Sprintf("%s: no processes found", what)
	}
	mib := func(kb int) string { return fmt.Sprintf("%.2f MiB", float64(kb)/1024) }
	return fmt.Sprintf("%d detached `sleep` containers, one %s each:\n"+
		"  RSS per container %s (min %s, max %s); anonymous %s; PSS %s\n"+
		"  total RSS %s for %d containers",
		n, what, mib(sum.rss/n), mib(lo), mib(hi), mib(sum.anon/n), mib(sum.pss/n), mib(sum.rss), n)
}

// pidsOf lists the pids whose /proc/<pid>/comm is comm, excluding old.
func pidsOf(comm string, old map[int]bool) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || old[pid] {
			continue
		}
		if b, err := os.ReadFile("/proc/" + e.Name() + "/comm"); err == nil && strings.TrimSpace(string(b)) == comm {
			pids = append(pids, pid)
		}
	}
	return pids
}

// binarySize is a binary's size in MiB, for the memory reports.
func binarySize(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(st.Size())/(1<<20))
}

// lookPath is name's path in PATH, "" when absent.
func lookPath(name string) string {
	p, _ := exec.LookPath(name)
	return p
}

func pidSet(pids []int) map[int]bool {
	m := map[int]bool{}
	for _, p := range pids {
		m[p] = true
	}
	return m
}

// setupPodmanRunD times `podman run -d` (crun, conmon) with its own store;
// explain measures detachedN conmons.
func setupPodmanRunD(e *env) (*runner, error) {
	p, err := need("podman")
	if err != nil {
		return nil, err
	}
	dir, err := e.dir("podman-d")
	if err != nil {
		return nil, err
	}
	global := []string{"--root", filepath.Join(dir, "root"), "--runroot", filepath.Join(dir, "run"),
		"--storage-driver", "overlay", "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", "crun"}
	tar, err := e.archive()
	if err != nil {
		return nil, err
	}
	if err := e.v1(exec.Command(p, append(global, "load", "-i", tar)...)); err != nil {
		return nil, err
	}
	runArgs := append(append([]string{}, global...), "run", "-d", "--network", "none",
		"--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", benchImage, "sleep", "100000")
	podman := func(args ...string) error { return e.v1(exec.Command(p, args...)) }
	return &runner{
		run:   func(int) error { return podman(runArgs...) },
		after: func(int) { _ = podman(append(global, "rm", "-f", "-a", "-t", "0")...) },
		explain: func() (string, error) {
			defer podman(append(global, "rm", "-f", "-a", "-t", "0")...)
			old := pidSet(pidsOf("conmon", nil))
			for i := 0; i < detachedN; i++ {
				if err := podman(runArgs...); err != nil {
					return "", err
				}
			}
			time.Sleep(2 * time.Second) // as for tent's monitors
			return memReport("conmon ("+binarySize(lookPath("conmon"))+" binary)", pidsOf("conmon", old)), nil
		},
		close: func() { _ = podman(append(global, "system", "reset", "-f")...) },
	}, nil
}

// setupCtrRunD starts a private containerd (its own root, state and
// socket), imports the image and times `ctr run -d` (runc through
// containerd-shim-runc-v2); explain measures detachedN shims.
func setupCtrRunD(e *env) (*runner, error) {
	cd, err := need("containerd")
	if err != nil {
		return nil, err
	}
	ctrBin, err := need("ctr")
	if err != nil {
		return nil, err
	}
	dir, err := e.dir("containerd")
	if err != nil {
		return nil, err
	}
	d, err := startContainerd(cd, dir, (*exec.Cmd).Start)
	if err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, "containerd.sock")
	ctr := func(args ...string) error {
		return run(exec.Command(ctrBin, append([]string{"--address", sock, "-n", "bench"}, args...)...))
	}
	tar, err := e.archive()
	if err != nil {
		d.stop()
		return nil, err
	}
	if err := ctr("images", "import", tar); err != nil {
		d.stop()
		return nil, err
	}
	ref := "docker.io/" + benchImage
	id := func(i int) string { return "bench-d-" + strconv.Itoa(i) }
	kill := func(name string) {
		_ = ctr("tasks", "kill", "-s", "SIGKILL", name)
		for j := 0; j < 100 && ctr("tasks", "delete", name) != nil; j++ {
			time.Sleep(10 * time.Millisecond)
		}
		_ = ctr("containers", "delete", name)
	}
	return &runner{
		run:   func(i int) error { return ctr("run", "-d", ref, id(i), "sleep", "100000") },
		after: func(i int) { kill(id(i)) },
		explain: func() (string, error) {
			old := pidSet(pidsOf("containerd-shim", nil))
			var names []string
			defer func() {
				for _, n := range names {
					kill(n)
				}
			}()
			for i := 0; i < detachedN; i++ {
				names = append(names, id(100000+i))
				if err := ctr("run", "-d", ref, names[i], "sleep", "100000"); err != nil {
					return "", err
				}
			}
			time.Sleep(2 * time.Second)
			return memReport("containerd-shim-runc-v2 ("+binarySize(lookPath("containerd-shim-runc-v2"))+" binary)", pidsOf("containerd-shim", old)), nil
		},
		close: d.stop,
	}, nil
}
