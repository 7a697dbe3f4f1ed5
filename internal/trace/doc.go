// Package trace is tent's one tracer: it records each step of a run (the
// engine's, the runtime's, the init's) with its duration and its offset
// since the tracer started, and with a writer prints each step as it is
// recorded (`tent run --trace`). A nil *Tracer is off: its methods return
// at once and read no clock, so an untraced run pays nothing. The steps
// are the base of a waterfall view. Only clock_gettime (through the vDSO).
package trace
