package monitor

import (
	"context"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/container"
)

const (
	healthLogKeep   = 5
	healthOutputMax = 4096
)

// Docker's defaults.
func (h *HealthConfig) defaults() HealthConfig {
	c := *h
	if c.Interval <= 0 {
		c.Interval = 30 * time.Second
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Retries <= 0 {
		c.Retries = 3
	}
	return c
}

// nextInterval is the wait before the next probe: StartInterval while in
// the start period (Docker's --health-start-interval), else Interval.
func (h HealthConfig) nextInterval(since time.Duration) time.Duration {
	if h.StartInterval > 0 && since < h.StartPeriod {
		return h.StartInterval
	}
	return h.Interval
}

// healthLoop probes the container every interval until ctx ends. When it
// turns unhealthy and the policy restarts containers, it kills the run.
func (m *monitor) healthLoop(ctx context.Context, run Running) {
	if m.c.Health == nil || len(m.c.Health.Test) == 0 {
		return
	}
	h := m.c.Health.defaults()
	started := time.Now()
	t := time.NewTimer(h.nextInterval(0))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		res := probe(ctx, run, h)
		if ctx.Err() != nil {
			return
		}
		m.trim.trim()
		inStart := time.Since(started) < h.StartPeriod
		status := m.record(res, h.Retries, inStart)
		if m.dbg.On() {
			m.dbg.Debugf("health %s: probe exit %d, status %s", m.c.ID, res.ExitCode, status)
		}
		if status == container.HealthUnhealthy && m.c.Policy.Name != "no" {
			if m.dbg.On() {
				m.dbg.Debugf("health %s: unhealthy with policy %s: kill for a restart", m.c.ID, m.c.Policy)
			}
			run.Kill()
			return
		}
		t.Reset(h.nextInterval(time.Since(started)))
	}
}

func probe(ctx context.Context, run Running, h HealthConfig) container.HealthResult {
	pctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	res := container.HealthResult{Start: time.Now().UTC()}
	code, out, err := run.Exec(pctx, h.Test)
	res.End = time.Now().UTC()
	res.ExitCode = code
	switch {
	case pctx.Err() == context.DeadlineExceeded:
		res.ExitCode, res.Output = -1, "Health check exceeded timeout ("+h.Timeout.String()+")"
	case err != nil:
		res.ExitCode, res.Output = -1, err.Error()
	default:
		res.Output = truncate(string(out), healthOutputMax)
	}
	return res
}

// record stores a probe's result and returns the new status.
func (m *monitor) record(res container.HealthResult, retries int, inStart bool) string {
	status := ""
	m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		h := r.State.Health
		if h == nil {
			h = &container.Health{Status: container.HealthStarting}
			r.State.Health = h
		}
		prev := h.Status
		h.Status = nextHealth(h.Status, &h.FailingStreak, res.ExitCode == 0, retries, inStart)
		if h.Status != prev {
			m.event(r, "health_status: "+h.Status)
		}
		h.Log = append(h.Log, res)
		if len(h.Log) > healthLogKeep {
			h.Log = h.Log[len(h.Log)-healthLogKeep:]
		}
		status = h.Status
		return nil
	})
	return status
}

// nextHealth is Docker's rule: a pass makes the container healthy; a failure
// counts, and retries failures in a row make it unhealthy. Failures in the
// start period do not count.
func nextHealth(cur string, streak *int, ok bool, retries int, inStart bool) string {
	if ok {
		*streak = 0
		return container.HealthHealthy
	}
	if inStart && cur == container.HealthStarting {
		return cur
	}
	*streak++
	if *streak >= retries {
		return container.HealthUnhealthy
	}
	return cur
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
