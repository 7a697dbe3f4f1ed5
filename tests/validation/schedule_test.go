package main

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestUsesFixedCgroup(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"absolute", "g.SetLinuxCgroupsPath(cgroups.AbsCgroupPath)", true},
		{"relative", "g.SetLinuxCgroupsPath(cgroups.RelCgroupPath)", true},
		{"none", "g.SetProcessArgs([]string{\"true\"})", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "package main\nfunc main() { " + tc.src + " }\n"
			if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, err := usesFixedCgroup(dir); err != nil || got != tc.want {
				t.Errorf("usesFixedCgroup = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if _, err := usesFixedCgroup(t.TempDir()); err == nil {
		t.Error("a dir without sources: no error")
	}
}

func TestFlockFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	unlock, err := flockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); !errors.Is(err, syscall.EWOULDBLOCK) {
		t.Fatalf("second lock while held: %v, want EWOULDBLOCK", err)
	}
	unlock()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatalf("lock after release: %v", err)
	}
}

func TestRunJobs(t *testing.T) {
	s := &suite{cgroup: map[string]bool{"linux_cgroups_pids": true, "delete_resources": true}}
	res := &results{Outcomes: map[string]map[string]outcome{}}
	var todo []job
	for _, test := range []string{"create", "delete_resources", "kill", "linux_cgroups_pids", "state"} {
		res.Outcomes[test] = map[string]outcome{}
		for _, rt := range []string{"a", "b", "c"} {
			todo = append(todo, job{test, rt})
		}
	}
	var mu sync.Mutex
	inCgroup, running, most := 0, 0, 0
	r := &runner{s: s, res: res, exec: func(j job) outcome {
		mu.Lock()
		running++
		most = max(most, running)
		if s.cgroup[j.test] {
			inCgroup++
			if inCgroup > 1 {
				t.Errorf("%v ran beside another fixed-cgroup program", j)
			}
		}
		mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		running--
		if s.cgroup[j.test] {
			inCgroup--
		}
		mu.Unlock()
		return outcome{Pass: true}
	}}
	r.runJobs(todo, 3)
	if most > 3 {
		t.Errorf("%d programs at once, want at most 3", most)
	}
	for _, j := range todo {
		if !res.Outcomes[j.test][j.rt].Pass {
			t.Errorf("%v did not run", j)
		}
	}
}

func TestRerunFailed(t *testing.T) {
	s := &suite{cgroup: map[string]bool{"linux_cgroups_pids": true}}
	res := &results{Outcomes: map[string]map[string]outcome{
		"kill":               {"a": {}},
		"linux_cgroups_pids": {"a": {}},
		"state":              {"a": {Pass: true, Note: "kept"}},
	}}
	runs := map[string]int{}
	r := &runner{s: s, res: res, lock: filepath.Join(t.TempDir(), "lock"), exec: func(j job) outcome {
		runs[j.test]++
		return outcome{Pass: j.test == "kill"} // kill passes the second time, the other fails again
	}}
	r.rerunFailed([]job{{"kill", "a"}, {"linux_cgroups_pids", "a"}, {"state", "a"}})
	if runs["kill"] != 1 || runs["linux_cgroups_pids"] != 1 || runs["state"] != 0 {
		t.Errorf("reruns %v, want each failed job once", runs)
	}
	if o := res.Outcomes["kill"]["a"]; !o.Pass || o.Note != "failed once, passed on the second run" {
		t.Errorf("kill = %+v", o)
	}
	if o := res.Outcomes["linux_cgroups_pids"]["a"]; o.Pass {
		t.Errorf("linux_cgroups_pids = %+v, want the failure kept", o)
	}
}
