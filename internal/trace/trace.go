package trace

import (
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Step is one recorded step.
type Step struct {
	Name  string
	Where string        // who did it: "" (the command), "runtime", "init"…
	Depth int           // nesting: 0 the command, 1 the runtime, 2 the init
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
	where  string
	depth  int
}

type recorder struct {
	mu    sync.Mutex
	base  int64     // CLOCK_MONOTONIC in ns at start: every step is placed by it, this process's and others'
	w     io.Writer // nil: record only
	steps []Step
}

// New starts a tracer now. With w non-nil each step is also printed to w as
// "trace: NAME   D ms  (t=END ms)".
func New(w io.Writer) *Tracer {
	return &Tracer{r: &recorder{base: Monotonic(), w: w}}
}

// Monotonic is CLOCK_MONOTONIC in ns: one clock for every process, so a
// step another process timed (the init) lands at its place (AddAt).
func Monotonic() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// Base is the tracer's start as Monotonic; 0 when t is off.
func (t *Tracer) Base() int64 {
	if t == nil {
		return 0
	}
	return t.r.base
}

// On reports whether t records.
func (t *Tracer) On() bool { return t != nil }

// With returns a tracer that records into t one level deeper, its steps
// done by where (the runtime's steps in the engine's trace, the init's in
// the runtime's); nil when t is nil.
func (t *Tracer) With(where string) *Tracer {
	if t == nil {
		return nil
	}
	return &Tracer{r: t.r, prefix: t.prefix + where + ": ", where: where, depth: t.depth + 1}
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
	t.add(name, time.Since(start))
}

// Add records the step name of duration d, measured elsewhere, as ending now.
func (t *Tracer) Add(name string, d time.Duration) {
	if t == nil {
		return
	}
	t.add(name, d)
}

// AddAt records the step name that started at start (a Monotonic reading,
// maybe of another process) and lasted d.
func (t *Tracer) AddAt(name string, start int64, d time.Duration) {
	if t == nil {
		return
	}
	t.record(Step{Name: name, Start: time.Duration(start - t.r.base), Dur: d})
}

// add places a step ending now by the one clock AddAt uses: a second
// origin (a time.Now beside base) would shift this process's steps against
// another's by the time between the two reads, milliseconds if preempted.
func (t *Tracer) add(name string, d time.Duration) {
	t.record(Step{Name: name, Start: time.Duration(Monotonic()-t.r.base) - d, Dur: d})
}

func (t *Tracer) record(s Step) {
	r := t.r
	s.Where, s.Depth = t.where, t.depth
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
	if r.w != nil {
		fmt.Fprintf(r.w, "trace: %-30s %8.3f ms  (t=%.3f ms)\n", t.prefix+s.Name, ms(s.Dur), ms(s.End()))
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
	last int64 // Monotonic at the previous step's end
}

// Laps starts a sequence now; nil (every Step a no-op) when t is off.
func (t *Tracer) Laps() *Laps {
	if t == nil {
		return nil
	}
	return &Laps{t: t, last: Monotonic()}
}

// On reports whether l records: a caller building a step's name checks it
// first, so that an untraced run does not build strings.
func (l *Laps) On() bool { return l != nil }

// Tracer is the tracer l records into; nil when l is off.
func (l *Laps) Tracer() *Tracer {
	if l == nil {
		return nil
	}
	return l.t
}

// Step records name as the time since the previous Step (or since Laps).
func (l *Laps) Step(name string) {
	if l == nil {
		return
	}
	now := Monotonic()
	l.t.AddAt(name, l.last, time.Duration(now-l.last))
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

// Exported is a step as another process gets it (a file, a pipe): placed
// by its start on CLOCK_MONOTONIC, so that Import puts it at its place.
type Exported struct {
	Name  string `json:"name"`
	Where string `json:"where,omitempty"`
	Depth int    `json:"depth,omitempty"`
	At    int64  `json:"at"` // start, Monotonic ns
	Nanos int64  `json:"ns"`
}

// Export is the steps recorded so far, for Import in another process.
func (t *Tracer) Export() []Exported {
	if t == nil {
		return nil
	}
	steps := t.Steps()
	out := make([]Exported, len(steps))
	for i, s := range steps {
		out[i] = Exported{Name: s.Name, Where: s.Where, Depth: s.Depth, At: t.r.base + int64(s.Start), Nanos: int64(s.Dur)}
	}
	return out
}

// Import records another process's steps one level below t, the top ones
// done by where.
func (t *Tracer) Import(where string, steps []Exported) {
	if t == nil {
		return
	}
	for _, e := range steps {
		s := Step{Name: e.Name, Where: e.Where, Depth: t.depth + 1 + e.Depth,
			Start: time.Duration(e.At - t.r.base), Dur: time.Duration(e.Nanos)}
		if s.Where == "" {
			s.Where = where
		}
		t.r.mu.Lock()
		t.r.steps = append(t.r.steps, s)
		t.r.mu.Unlock()
	}
}
