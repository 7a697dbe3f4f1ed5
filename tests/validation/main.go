package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	var rts listFlag
	flag.Var(&rts, "runtime", "NAME=PATH or NAME of a runc-compatible runtime (repeat it)")
	filter := flag.String("run", "", "only tests whose name matches this regexp")
	asJSON := flag.Bool("json", false, "print the results as JSON instead of a table")
	keep := flag.Bool("keep", false, "keep the work dir (built suite, bundles)")
	jobs := flag.Int("j", 1, "programs run at the same time (failed ones run again one at a time)")
	lock := flag.String("lock", "", "a file to flock around the batch of programs that use the suite's fixed cgroup\n(the root tests' lock; not one the caller holds)")
	flag.Parse()
	if err := run(rts, *filter, *asJSON, *keep, *jobs, *lock); err != nil {
		fmt.Fprintf(os.Stderr, "validation: %v\n", err)
		os.Exit(1)
	}
}

func run(rtFlags []string, filter string, asJSON, keep bool, jobs int, lock string) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("needs root: the suite creates containers")
	}
	if len(rtFlags) == 0 {
		rtFlags = []string{"runc", "crun"}
	}
	re, err := regexp.Compile(filter)
	if err != nil {
		return fmt.Errorf("-run: %w", err)
	}
	var rts []runtimeArg
	for _, s := range rtFlags {
		rt, err := parseRuntime(s)
		if err != nil {
			return err
		}
		rts = append(rts, rt)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	dir, err := os.MkdirTemp("", "tent-validation-")
	if err != nil {
		return err
	}
	if !keep {
		defer removeAll(dir)
	}
	fmt.Fprintf(os.Stderr, "validation: building runtime-tools %s in %s\n", rtVersion, dir)
	s, err := buildSuite(gobin, dir)
	if err != nil {
		return err
	}
	res, err := runAll(s, rts, re, dir, max(jobs, 1), lock)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(res)
	}
	writeTable(os.Stdout, res)
	return nil
}

// runAll runs every selected test against every runtime, jobs at a time,
// then the failed ones again one at a time.
func runAll(s *suite, rts []runtimeArg, re *regexp.Regexp, dir string, jobs int, lock string) (*results, error) {
	res := &results{Outcomes: map[string]map[string]outcome{}}
	r := &runner{s: s, wrappers: map[string]string{}, tmp: filepath.Join(dir, "tmp"), lock: lock, res: res}
	hybrid := hybridCgroups()
	for _, rt := range rts {
		w, err := writeWrapper(dir, rt, hybrid)
		if err != nil {
			return nil, err
		}
		r.wrappers[rt.Name] = w
		res.Runtimes = append(res.Runtimes, rt.Name)
	}
	if err := os.MkdirAll(r.tmp, 0o755); err != nil {
		return nil, err
	}
	var todo []job
	for _, t := range s.tests {
		if re.MatchString(t) {
			res.Tests = append(res.Tests, t)
			res.Outcomes[t] = map[string]outcome{}
			for _, rt := range rts {
				todo = append(todo, job{t, rt.Name})
			}
		}
	}
	r.runJobs(todo, jobs)
	r.rerunFailed(todo)
	for _, rt := range rts {
		removeLeftovers(rt.Name, r.wrappers[rt.Name])
	}
	return res, nil
}

// removeAll removes dir after detaching any mount left below it (a failed
// test's rootfs), so nothing outside is removed through a mount.
func removeAll(dir string) {
	data, _ := os.ReadFile("/proc/self/mountinfo")
	var mps []string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 4 && strings.HasPrefix(f[4], dir+"/") {
			mps = append(mps, f[4])
		}
	}
	for i := len(mps) - 1; i >= 0; i-- {
		if err := syscall.Unmount(mps[i], syscall.MNT_DETACH); err != nil {
			fmt.Fprintf(os.Stderr, "validation: leaving %s: unmount %s: %v\n", dir, mps[i], err)
			return
		}
	}
	_ = os.RemoveAll(dir)
}
