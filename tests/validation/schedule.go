package main

import (
	"fmt"
	"os"
	"sync"
	"syscall"
)

// job is one program against one runtime.
type job struct{ test, rt string }

// runner runs jobs and records their outcomes. The programs that use the
// suite's fixed cgroup run one at a time, each holding lock (flock(2), as
// flock(1) takes it) when lock is set, so that no other run of the suite
// on the host shares the cgroup with it.
type runner struct {
	s        *suite
	wrappers map[string]string // runtime name -> RUNTIME wrapper
	tmp      string            // TMPDIR of the programs
	lock     string            // a lock file, or ""
	res      *results
	mu       sync.Mutex // res
	cg       sync.Mutex // one fixed-cgroup program at a time
	// exec runs one program; nil is runProgram (tests replace it).
	exec func(j job) outcome
}

// run runs j once.
func (r *runner) run(j job) outcome {
	if r.s.cgroup[j.test] {
		r.cg.Lock()
		defer r.cg.Unlock()
		if r.lock != "" {
			unlock, err := flockFile(r.lock)
			if err != nil {
				return outcome{Exit: -1, Note: err.Error()}
			}
			defer unlock()
		}
	}
	if r.exec != nil {
		return r.exec(j)
	}
	return runProgram(r.s, j.test, r.wrappers[j.rt], r.tmp)
}

func (r *runner) record(j job, o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Outcomes[j.test][j.rt] = o
}

// runJobs runs todo, n at a time: the fixed-cgroup ones in one line of
// their own, the others beside it.
func (r *runner) runJobs(todo []job, n int) {
	var serial, parallel []job
	for _, j := range todo {
		if r.s.cgroup[j.test] {
			serial = append(serial, j)
		} else {
			parallel = append(parallel, j)
		}
	}
	sem := make(chan struct{}, n)
	do := func(j job) {
		defer func() { <-sem }()
		r.record(j, r.run(j))
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, j := range serial {
			sem <- struct{}{}
			do(j)
		}
	}()
	for _, j := range parallel {
		sem <- struct{}{}
		wg.Add(1)
		go func() { defer wg.Done(); do(j) }()
	}
	wg.Wait()
}

// rerunFailed runs every failed job a second time, one at a time (some
// programs are racy, more so on a loaded machine), and keeps a pass.
func (r *runner) rerunFailed(todo []job) {
	for _, j := range todo {
		o := r.res.Outcomes[j.test][j.rt]
		if !o.Pass {
			if o2 := r.run(j); o2.Pass {
				o2.Note = "failed once, passed on the second run"
				o = o2
			}
			r.record(j, o)
		}
		fmt.Fprintf(os.Stderr, "validation: %-40s %-10s %-12s %5.1fs\n", j.test, j.rt, cell(o), o.Seconds)
	}
}

// flockFile takes an exclusive flock(2) on path, waiting for it, and
// returns its release.
func flockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
