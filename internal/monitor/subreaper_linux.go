package monitor

import "golang.org/x/sys/unix"

// setSubreaper makes this process the reaper of orphans below it
// (prctl(PR_SET_CHILD_SUBREAPER)).
func setSubreaper() { _ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }
