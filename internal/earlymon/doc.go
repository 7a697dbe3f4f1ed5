// Package earlymon starts the monitor of a `tent run -d` before tent's
// main runs. The monitor (tent-monitor) is a second Go program: its own
// start would otherwise come after tent's, on the critical path of every
// run -d. Package auto calls Spawn from an init that the Go runtime runs
// before most of tent's packages are initialized (it imports only this
// package, which imports only syscall, errors and trustedbin/mode), so the
// monitor starts while tent initializes and plans.
//
// Spawn reads the command line from /proc/self/cmdline (os is not
// initialized yet), and starts the monitor only for a plain
// `[global flags] run [flags incl. -d] IMAGE ...` and a trusted
// tent-monitor beside tent (readlink(2) /proc/self/exe, stat(2)). The
// monitor waits on its control socket (socketpair(2)) for the rest of its
// command line (monitor.AdoptEarly); when tent never sends it (the command
// was not a run -d after all, or tent exited), the monitor sees the socket
// close and exits having done nothing.
package earlymon
