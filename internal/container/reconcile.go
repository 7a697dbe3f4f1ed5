package container

import "time"

// ExitUnknown is the exit code recorded when a container's monitor died
// without recording one (Docker shows 255 after a daemon crash).
const ExitUnknown = 255

// orphaned reports whether r says it is live but its monitor is gone (or,
// without a monitor, its init is gone).
func orphaned(r *Record) bool {
	switch r.State.Status {
	case StatusRunning, StatusRestarting, StatusCreated:
	default:
		return false
	}
	if r.State.MonitorPid > 0 {
		return !Alive(r.State.MonitorPid, r.State.MonitorStart)
	}
	if r.State.Status == StatusCreated {
		return false
	}
	return !Alive(r.State.Pid, r.State.PidStart)
}

// Reconcile makes r true when its monitor died (SIGKILL, OOM, reboot): a
// container nobody watches is killed (its stdout pipe is gone; nothing would
// collect its logs or exit code) and recorded as exited. It returns the
// record as stored.
func (s *Store) Reconcile(r *Record) *Record {
	if !orphaned(r) {
		return r
	}
	var out *Record
	err := s.Update(r.ID, func(cur *Record) error {
		if !orphaned(cur) {
			out = cur
			return errUnchanged
		}
		// The init is pid 1 of its pid namespace: killing it kills them all.
		killPid(cur.State.Pid, cur.State.PidStart, 9)
		cur.State.Status = StatusExited
		cur.State.Pid = 0
		cur.State.MonitorPid = 0
		cur.State.ExitCode = ExitUnknown
		cur.State.Error = "monitor died"
		cur.State.FinishedAt = time.Now().UTC()
		if cur.State.Health != nil {
			cur.State.Health.Status = HealthUnhealthy
		}
		out = cur
		return nil
	})
	if out == nil || (err != nil && err != errUnchanged) {
		return r
	}
	return out
}

type unchangedError struct{}

func (unchangedError) Error() string { return "unchanged" }

var errUnchanged error = unchangedError{}
