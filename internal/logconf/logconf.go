package logconf

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tent-dev/tent/internal/debuglog"
)

// Levels are the values --log-level accepts, as Docker's.
const Levels = "debug, info, warn, error, fatal"

// DefaultLevel is --log-level's default, as Docker's.
const DefaultLevel = "info"

// Configure sets up l to write to w at the level the flags ask for: debug
// when debug is set, otherwise level (one of Levels). start is the zero of
// the offsets printed on each line.
func Configure(l *logrus.Logger, w io.Writer, level string, debug bool, start time.Time) error {
	lv, err := ParseLevel(level)
	if err != nil {
		return err
	}
	if debug {
		lv = logrus.DebugLevel
	}
	l.SetOutput(w)
	l.SetLevel(lv)
	l.SetFormatter(&Formatter{Start: start})
	return nil
}

// ParseLevel parses a --log-level value; Docker's five and no others.
func ParseLevel(s string) (logrus.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return logrus.DebugLevel, nil
	case "info":
		return logrus.InfoLevel, nil
	case "warn", "warning":
		return logrus.WarnLevel, nil
	case "error":
		return logrus.ErrorLevel, nil
	case "fatal":
		return logrus.FatalLevel, nil
	}
	return 0, fmt.Errorf("invalid log level %q: want one of %s", s, Levels)
}

// Debug is the Logger a library gets: l's lines tagged with pkg, or nil
// when l does not log debug lines, so the library's guards stay off.
func Debug(l *logrus.Logger, pkg string) debuglog.Logger {
	if l == nil || !l.IsLevelEnabled(logrus.DebugLevel) {
		return nil
	}
	return l.WithField(PkgField, pkg)
}

// PkgField names the library a line comes from; the Formatter prints it
// as a prefix.
const PkgField = "pkg"

// Formatter prints "DEBU +12.345ms pkg: message k=v" lines: the level,
// the offset since Start, the library and the message.
type Formatter struct {
	Start time.Time
}

// Format implements logrus.Formatter.
func (f *Formatter) Format(e *logrus.Entry) ([]byte, error) {
	var b bytes.Buffer
	lv := strings.ToUpper(e.Level.String())
	if len(lv) > 4 {
		lv = lv[:4]
	}
	ms := float64(e.Time.Sub(f.Start).Microseconds()) / 1000
	fmt.Fprintf(&b, "%s +%.3fms ", lv, ms)
	if p, ok := e.Data[PkgField].(string); ok && p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(strings.TrimRight(e.Message, "\n"))
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		if k != PkgField {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, e.Data[k])
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
