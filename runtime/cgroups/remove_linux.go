package cgroups

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// removeCgroup rmdirs a cgroup dir. Dying tasks keep it busy for a moment
// after SIGKILL, and nested cgroups (made inside the container) must go
// first: on EBUSY remove children and retry for about a second.
func removeCgroup(dir string, rmdir func(string) error) error {
	delay := time.Millisecond
	for start := time.Now(); ; {
		err := rmdir(dir)
		if err == nil || errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if !errors.Is(err, unix.EBUSY) || time.Since(start) > time.Second {
			return fmt.Errorf("remove cgroup %s: %w", dir, err)
		}
		removeChildren(dir, rmdir)
		time.Sleep(delay)
		if delay < 50*time.Millisecond {
			delay *= 2
		}
	}
}

func removeChildren(dir string, rmdir func(string) error) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() {
			_ = removeCgroup(filepath.Join(dir, e.Name()), rmdir)
		}
	}
}

// signalAll SIGKILLs pids; ones already gone are fine.
func signalAll(pids []int) error {
	for _, p := range pids {
		if err := unix.Kill(p, unix.SIGKILL); err != nil && !errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("kill %d: %w", p, err)
		}
	}
	return nil
}
