package logconf

import (
	"io"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/pflag"
)

// Flags are the logging flags tent and tent-image share, as Docker's:
// --debug (-D) and --log-level (-l). tent passes them on to tent-image
// (Args), so both spell them here.
type Flags struct {
	Debug bool   // -D: --log-level debug
	Level string // -l: one of Levels
}

// Register adds the flags to fs.
func (f *Flags) Register(fs *pflag.FlagSet) {
	fs.BoolVarP(&f.Debug, "debug", "D", false, "enable debug mode (--log-level debug)")
	fs.StringVarP(&f.Level, "log-level", "l", DefaultLevel, "set the logging level ("+Levels+")")
}

// Configure sets up l as the flags ask (see Configure).
func (f Flags) Configure(l *logrus.Logger, w io.Writer, start time.Time) error {
	return Configure(l, w, f.Level, f.Debug, start)
}

// Args are the flags as arguments again, those not at their default.
func (f Flags) Args() []string {
	var a []string
	if f.Debug {
		a = append(a, "--debug")
	}
	if f.Level != "" && f.Level != DefaultLevel {
		a = append(a, "--log-level", f.Level)
	}
	return a
}
