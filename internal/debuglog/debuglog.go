package debuglog

// Logger receives a library's debug lines. logrus's *Logger and *Entry
// satisfy it; so does a test's logger.
type Logger interface {
	Debugf(format string, args ...any)
}

// Log is a library's handle on a Logger. The zero value logs nothing.
type Log struct{ l Logger }

// New wraps l; a nil l gives the discard Log. Give a Logger only when
// debug lines are wanted: On is true for any non-nil l.
func New(l Logger) Log { return Log{l: l} }

// Logger is the wrapped Logger, nil when the Log is off: to hand the same
// lines on to another library.
func (l Log) Logger() Logger { return l.l }

// On reports whether lines go anywhere: guard formatting with it.
func (l Log) On() bool { return l.l != nil }

// Debugf logs one line, or nothing when the Log is off.
func (l Log) Debugf(format string, args ...any) {
	if l.l != nil {
		l.l.Debugf(format, args...)
	}
}
