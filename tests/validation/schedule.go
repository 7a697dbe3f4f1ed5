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
// suite's fixed cgroup run one after another, in one batch that holds lock
// (flock(2), as flock(1) takes it) when lock is set, so that no other run
// of the suite on the host shares the cgroup with them; one hold per batch,
// not per program, or each program would queue behind every other user of
// the lock.
type runner struct {
	s        *suite
	wrappers map[string]string // runtime name -> RUNTIME wrapper
	tmp      string            // TMPDIR of the programs
	lock     string            // a lock file, or ""
	res      *results
	mu       sync.Mutex // res
	// exec runs one program; nil is runProgram (tests replace it).
	exec func(j job) outcome
}

// run runs j once.
func (r *runner) run(j job) outcome {
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

// split parts jobs into the fixed-cgroup ones and the others.
func (r *runner) split(jobs []job) (cgroup, other []job) {
	for _, j := range jobs {
		if r.s.cgroup[j.test] {
			cgroup = append(cgroup, j)
		} else {
			other = append(other, j)
		}
	}
	return cgroup, other
}

// serially runs jobs one after another, holding the lock, if any, from
// the first to the last; each waits for a slot of sem first (nil: none).
func (r *runner) serially(jobs []job, sem chan struct{}, do func(job)) {
	if len(jobs) == 0 {
		return
	}
	if r.lock != "" {
		unlock, err := flockFile(r.lock)
		if err != nil {
			for _, j := range jobs {
				r.record(j, outcome{Exit: -1, Note: err.Error()})
			}
			return
		}
		defer unlock()
	}
	for _, j := range jobs {
		if sem != nil {
			sem <- struct{}{}
		}
		do(j)
	}
}

// runJobs runs todo, n at a time: the fixed-cgroup ones in one line of
// their own, the others beside it.
func (r *runner) runJobs(todo []job, n int) {
	serial, parallel := r.split(todo)
	sem := make(chan struct{}, n)
	do := func(j job) {
		defer func() { <-sem }()
		r.record(j, r.run(j))
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.serially(serial, sem, do)
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
	var failed []job
	for _, j := range todo {
		if !r.res.Outcomes[j.test][j.rt].Pass {
			failed = append(failed, j)
		}
	}
	again := func(j job) {
		if o := r.run(j); o.Pass {
			o.Note = "failed once, passed on the second run"
			r.record(j, o)
		}
	}
	cgroup, other := r.split(failed)
	r.serially(cgroup, nil, again)
	for _, j := range other {
		again(j)
	}
	for _, j := range todo {
		o := r.res.Outcomes[j.test][j.rt]
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
