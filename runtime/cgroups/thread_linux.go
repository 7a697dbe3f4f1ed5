package cgroups

import (
	"fmt"
	"path/filepath"
)

// JoinThread moves the calling OS thread (only it: lock it first) into the
// cgroup whose v1 "tasks" files are given (Manager.ThreadFiles), by writing
// "0" to each. The kernel takes its global cgroup_threadgroup_rwsem for
// a pid written to cgroup.procs, whose first writer may wait for an RCU
// grace period (docs/benchmarks.md, "Costs behind the design"). A thread
// moving itself skips that lock. A container's
// init calls it from the thread that later execs the user's process, so
// that process (the only one left after execve) starts in the cgroup.
func JoinThread(taskFiles []string) error {
	for _, f := range taskFiles {
		if err := writeFile(filepath.Dir(f), filepath.Base(f), "0"); err != nil {
			return fmt.Errorf("join cgroup: %w", err)
		}
	}
	return nil
}
