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

// RegisterBeforeCommand adds the flags to persistent, but -l only to
// local, hidden: -l is --log-level before a subcommand (`tent -l debug
// run`, with cobra's TraverseChildren) and free for the subcommands
// (`tent run -l KEY=VALUE` is --label, as Docker's).
func (f *Flags) RegisterBeforeCommand(persistent, local *pflag.FlagSet) {
	persistent.BoolVarP(&f.Debug, "debug", "D", false, "enable debug mode (--log-level debug)")
	persistent.StringVar(&f.Level, "log-level", DefaultLevel, "set the logging level ("+Levels+"); -l before the command")
	local.StringVarP(&f.Level, "log-level-short", "l", DefaultLevel, "--log-level")
	_ = local.MarkHidden("log-level-short")
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
