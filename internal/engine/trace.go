package engine

import (
	"io"

	"github.com/tent-dev/tent/internal/trace"
)

// tracer is the run's tracer: o.Tracer, or with Trace one printing each
// step to w (--trace); nil when not tracing, so no step reads the clock.
func (o RunOptions) tracer(w io.Writer) *trace.Tracer {
	switch {
	case o.Tracer != nil:
		return o.Tracer
	case o.Trace:
		return trace.New(w)
	}
	return nil
}
