// Package logconf configures logrus for tent's commands (tent, tent-image)
// from Docker's global flags: --log-level debug|info|warn|error|fatal (-l)
// and --debug (-D), which means debug. Lines go to stderr, each with its
// offset since the command started, so that `tent --debug run` reads as a
// waterfall of the run's steps.
//
// Libraries do not import it: they take a debuglog.Logger, and Debug
// gives main one for a library, or nil when debug lines are off. No
// syscalls beyond the writes to stderr.
package logconf
