package monitor

import (
	"strconv"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/procfs"
)

// running records a started run.
func (m *monitor) running(pid int, at time.Time) {
	st, _ := procfs.ReadStat(pid)
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		r.State.Status = container.StatusRunning
		r.State.Pid, r.State.PidStart = pid, st.StartTime
		r.State.StartedAt = at.UTC()
		r.State.ExitCode, r.State.OOMKilled, r.State.Error = 0, false, ""
		if m.c.Health != nil {
			r.State.Health = &container.Health{Status: container.HealthStarting}
		}
		m.event(r, "start")
		return nil
	})
}

// exited records how a run ended.
func (m *monitor) exited(st ExitStatus, err error) {
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		r.State.Status = container.StatusExited
		r.State.Pid, r.State.PidStart = 0, 0
		r.State.ExitCode, r.State.OOMKilled = st.Code, st.OOMKilled
		r.State.FinishedAt = time.Now().UTC()
		r.State.Paused = false
		if err != nil {
			r.State.Error = err.Error()
		}
		m.event(r, "die", "exitCode", strconv.Itoa(st.Code))
		if r.State.Health != nil { // no check runs any more: Docker says unhealthy
			r.State.Health.Status = container.HealthUnhealthy
		}
		return nil
	})
}

// fail records a start that did not happen and tells the CLI.
func (m *monitor) fail(err error) {
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		if r.State.Status != container.StatusExited {
			r.State.ExitCode = exitcode.Or(err, exitcode.Engine)
		}
		r.State.Status = container.StatusExited
		r.State.Pid, r.State.MonitorPid = 0, 0
		r.State.Error = err.Error()
		r.State.FinishedAt = time.Now().UTC()
		return nil
	})
	m.notify(err)
}

// restarting decides on the restart policy after an exit with code and
// marks the record restarting when it applies.
func (m *monitor) restarting(code int) bool {
	again := false
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		if r.State.Status == container.StatusRemoving {
			return errNoChange
		}
		m.c.Policy = savedPolicy(r, m.c.Policy) // tent update --restart
		if !m.c.Policy.Restart(code, r.RestartCount, r.State.StoppedByUser) {
			if m.dbg.On() {
				m.dbg.Debugf("no restart of %s: policy %s, code %d, %d restarts, stopped by user %v",
					m.c.ID, m.c.Policy, code, r.RestartCount, r.State.StoppedByUser)
			}
			return errNoChange
		}
		again = true
		r.State.Status = container.StatusRestarting
		r.RestartCount++
		return nil
	})
	return again
}

func (m *monitor) setStatus(s string) {
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		if r.State.Status == container.StatusRemoving {
			return errNoChange
		}
		r.State.Status = s
		return nil
	})
}

type noChange struct{}

func (noChange) Error() string { return "no change" }

var errNoChange error = noChange{}
