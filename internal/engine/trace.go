package engine

import (
	"fmt"
	"io"
	"time"
)

// tracer prints each step of a run with its duration (--trace).
type tracer struct {
	w     io.Writer // nil: off
	start time.Time
}

func newTracer(on bool, w io.Writer) *tracer {
	t := &tracer{start: time.Now()}
	if on {
		t.w = w
	}
	return t
}

// since reports the step that began at start.
func (t *tracer) since(step string, start time.Time) {
	t.print(step, time.Since(start))
}

func (t *tracer) print(step string, d time.Duration) {
	if t.w == nil {
		return
	}
	fmt.Fprintf(t.w, "trace: %-30s %8.3f ms  (t=%.3f ms)\n", step,
		float64(d.Microseconds())/1000, float64(time.Since(t.start).Microseconds())/1000)
}

// hook is handed to the runtime (CreateOpts.Trace); nil when off, so the
// runtime skips its clock reads.
func (t *tracer) hook() func(string, time.Duration) {
	if t.w == nil {
		return nil
	}
	return func(step string, d time.Duration) { t.print("  runtime: "+step, d) }
}
