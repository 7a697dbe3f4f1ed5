package trace

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Step is one recorded step.
type Step struct {
	Name  string
	Start time.Duration // offset of its start since the tracer started
	Dur   time.Duration
}

// End is the step's offset at its end.
func (s Step) End() time.Duration { return s.Start + s.Dur }

// Tracer records steps; a nil *Tracer is off. Its methods are safe for
// concurrent use.
type Tracer struct {
	r      *recorder
	prefix string
}

type recorder struct {
	mu    sync.Mutex
	start time.Time
	w     io.Writer // nil: record only
	steps []Step
}

// New starts a tracer now. With w non-nil each step is also printed to w as
// "trace: NAME   D ms  (t=END ms)".
func New(w io.Writer) *Tracer {
	return &Tracer{r: &recorder{start: time.Now(), w: w}}
}

// On reports whether t records.
func (t *Tracer) On() bool { return t != nil }

// With returns a tracer that records into t with prefix before each name
// (the runtime's steps in the engine's trace); nil when t is nil.
func (t *Tracer) With(prefix string) *Tracer {
	if t == nil {
		return nil
	}
	return &Tracer{r: t.r, prefix: t.prefix + prefix}
}

// Start is the start time of a step for End: now, or the zero time (no
// clock read) when t is off.
func (t *Tracer) Start() time.Time {
	if t == nil {
		return time.Time{}
	}
	return time.Now()
}

// Elapsed is the time since start (from Start); 0 when t is off.
func (t *Tracer) Elapsed(start time.Time) time.Duration {
	if t == nil {
		return 0
	}
	return time.Since(start)
}

// End records the step name that began at start (from Start) and ends now.
func (t *Tracer) End(name string, start time.Time) {
	if t == nil {
		return
	}
	t.add(name, time.Since(start), time.Now())
}

// Add records the step name of duration d, measured elsewhere, as ending now.
func (t *Tracer) Add(name string, d time.Duration) {
	if t == nil {
		return
	}
	t.add(name, d, time.Now())
}

func (t *Tracer) add(name string, d time.Duration, now time.Time) {
	r := t.r
	end := now.Sub(r.start)
	s := Step{Name: t.prefix + name, Start: end - d, Dur: d}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
	if r.w != nil {
		fmt.Fprintf(r.w, "trace: %-30s %8.3f ms  (t=%.3f ms)\n", s.Name, ms(s.Dur), ms(s.End()))
	}
}

// Steps returns the steps recorded so far, in the order recorded.
func (t *Tracer) Steps() []Step {
	if t == nil {
		return nil
	}
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	return append([]Step(nil), t.r.steps...)
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Laps times a sequence of steps, each from the end of the one before.
type Laps struct {
	t    *Tracer
	last time.Time
}

// Laps starts a sequence now; nil (every Step a no-op) when t is off.
func (t *Tracer) Laps() *Laps {
	if t == nil {
		return nil
	}
	return &Laps{t: t, last: time.Now()}
}

// Step records name as the time since the previous Step (or since Laps).
func (l *Laps) Step(name string) {
	if l == nil {
		return
	}
	now := time.Now()
	l.t.add(name, now.Sub(l.last), now)
	l.last = now
}

// Steps returns the steps recorded so far (of the whole tracer).
func (l *Laps) Steps() []Step {
	if l == nil {
		return nil
	}
	return l.t.Steps()
}

// Add records name with duration d measured elsewhere (the init's own
// steps), leaving the lap clock as it is.
func (l *Laps) Add(name string, d time.Duration) {
	if l == nil {
		return
	}
	l.t.Add(name, d)
}
